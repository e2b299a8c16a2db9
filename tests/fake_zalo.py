"""A fake Zalo Bot API server on 127.0.0.1 for end-to-end tests.

Real HTTP: our ZaloClient talks to it through ZALO_API_BASE_URL exactly as it talks to Zalo
(`/bot<TOKEN>/<method>`, JSON POSTs, the {ok, result} envelope). getUpdates hands out one update
per call and forgets it (no offset, as on Zalo), answers an idle poll with ok:false 408 in an
HTTP 200, and any method can be told to fail next (401, 429, 500, a malformed body).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fake_server import FakeBotApi

TOKEN = "1234567890:zalo-TEST-token-never-logged"
BOT_ID = "b0b0b0b0b0b0b0b0b0b0"
BOT_NAME = "Bot Trợ lý CSDL"
USER_ID = "a1a1a1a1a1a1a1a1a1a1"
GROUP_ID = "g9g9g9g9g9g9g9g9g9g9"


@dataclass
class FakeZalo(FakeBotApi):
    # base_url is the root, as ZALO_API_BASE_URL.
    webhooks: list[dict[str, Any]] = field(default_factory=list)
    _ids: itertools.count = field(default_factory=lambda: itertools.count(1))

    # --- what tests call ---------------------------------------------------------------
    def message_id(self) -> str:
        return f"{next(self._ids):020x}"

    def text_update(self, text: str, *, group: bool = False, user_id: str = USER_ID, name: str = "Cô Lan",
                    message_id: str | None = None, event: str = "message.text.received") -> dict[str, Any]:
        chat = {"id": GROUP_ID, "chat_type": "GROUP"} if group else {"id": user_id, "chat_type": "PRIVATE"}
        return {
            "event_name": event,
            "message": {
                "message_id": message_id or self.message_id(),
                "date": int(time.time() * 1000),
                "text": text,
                "from": {"id": user_id, "display_name": name, "is_bot": False},
                "chat": chat,
            },
        }

    def fail_next(self, method: str, status: int, body: Any) -> None:
        """The next call of `method` gets this HTTP status and body (a dict, or raw text)."""
        self._queue_failure(method, status, body)

    async def wait_calls(self, method: str, count: int, timeout: float = 10.0) -> None:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: self.calls.count(method) >= count), timeout)

    # --- the Bot API ------------------------------------------------------------------
    async def _dispatch(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        async with self._changed:
            self.calls.append(method)
            self._changed.notify_all()
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = await request.json() if request.can_read_body else {}
        failure = self._next_failure(method)
        if failure is not None:
            return failure
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not found"}, status=404)
        return await handler(params)

    async def _api_getMe(self, params: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True, "result": {
            "id": BOT_ID, "account_name": "bot.trolycsdl", "display_name": BOT_NAME,
            "account_type": "BASIC", "can_join_groups": True,
        }})

    async def _api_getUpdates(self, params: dict[str, Any]) -> web.Response:
        timeout = float(params.get("timeout") or 0)
        async with self._changed:
            if not self._updates:
                await self._wait_for_updates(timeout)
            if not self._updates:
                return web.json_response({"ok": False, "error_code": 408, "description": "Request timeout"})
            update = self._updates.pop(0)  # handed out once: there is no offset on Zalo
            self._changed.notify_all()
        return web.json_response({"ok": True, "result": update})

    async def _api_sendMessage(self, params: dict[str, Any]) -> web.Response:
        text = params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= 2000:
            return web.json_response({"ok": False, "error_code": 400, "description": "text must be 1-2000 chars"})
        await self._record_sent(params)
        return web.json_response({"ok": True, "result": {"message_id": self.message_id(), "date": int(time.time() * 1000)}})

    async def _api_setWebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhooks.append(params)
        return web.json_response({"ok": True, "result": {"url": params.get("url"), "updated_at": int(time.time() * 1000)}})

    async def _api_deleteWebhook(self, params: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True, "result": {"url": "", "updated_at": int(time.time() * 1000)}})
