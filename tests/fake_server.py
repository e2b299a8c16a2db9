"""What the fake Bot API servers (fake_telegram.py, fake_zalo.py) share.

An aiohttp server on 127.0.0.1 (a free port) with the one route both APIs use,
`/bot{token}/{method}`; a condition that wakes the tests waiting on the server and the long polls
it holds open; failures queued per method; and a stop that releases the long polls first.
Each fake adds its own `_dispatch` and its `_api_<method>` handlers.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any, ClassVar

from aiohttp import web


@dataclass
class FakeBotApi:
    # The path after the server's root that the client is configured with (base_url ends with it).
    BASE_PATH: ClassVar[str] = ""

    sent: list[dict[str, Any]] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)
    _updates: list[Any] = field(default_factory=list)
    _failures: dict[str, list[tuple[int, Any]]] = field(default_factory=dict)
    _changed: asyncio.Condition = field(default_factory=asyncio.Condition)
    _runner: web.AppRunner | None = None
    _closing: bool = False
    base_url: str = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._dispatch)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}{self.BASE_PATH}"

    async def stop(self) -> None:
        async with self._changed:  # release long polls still held open
            self._closing = True
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    # --- what tests call ---------------------------------------------------------------
    async def push(self, update: Any) -> None:
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()

    async def wait_sent(self, count: int, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait (bounded) until the bot has sent `count` messages."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.sent) >= count), timeout)
        return self.sent

    async def wait_consumed(self, timeout: float = 10.0) -> None:
        """Wait (bounded) until the bot has taken (or confirmed) every queued update."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: not self._updates), timeout)

    # --- for the fakes' handlers ---------------------------------------------------------
    async def _dispatch(self, request: web.Request) -> web.Response:
        raise NotImplementedError

    def _queue_failure(self, method: str, status: int, body: Any) -> None:
        self._failures.setdefault(method, []).append((status, body))

    def _next_failure(self, method: str) -> web.Response | None:
        """The queued failure of `method`, if any: a JSON body, or raw text as an HTML page."""
        failures = self._failures.get(method)
        if not failures:
            return None
        status, body = failures.pop(0)
        if isinstance(body, str):
            return web.Response(status=status, text=body, content_type="text/html")
        return web.json_response(body, status=status)

    async def _wait_for_updates(self, timeout: float) -> None:
        """Hold a long poll (the caller holds `_changed`) until an update comes, the server stops
        or `timeout` seconds pass."""
        try:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._updates) or self._closing), timeout)
        except TimeoutError:
            pass

    async def _record_sent(self, params: dict[str, Any]) -> None:
        async with self._changed:
            self.sent.append(params)
            self._changed.notify_all()
