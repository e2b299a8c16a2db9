"""Webhook mode: one aiohttp server on PORT receives Telegram and Zalo deliveries and serves /healthz.

Each platform posts to a path derived from WEBHOOK_SECRET (unguessable without it) and sends the
secret in a header, compared in constant time. A delivery is answered 200 only after the update
is committed through the inbox, so a crash or a database error (answered 500) makes the platform
deliver it again; a redelivery is then dropped by the processed-update mark.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from aiohttp import web
from telegram.error import TelegramError

from bot.channels.base import Channel, ChannelStartError
from bot.channels.telegram import TelegramChannel
from bot.channels.zalo import ZaloChannel, updates_from_body
from bot.settings import Settings
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)

TELEGRAM_SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ZALO_SECRET_HEADER = "X-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # real deliveries are a few hundred bytes
HEALTH_PATH = "/healthz"

UpdateHandler = Callable[[Any], Awaitable[None]]
HealthCheck = Callable[[], Awaitable[dict[str, Any]]]


def webhook_path(platform: str, secret: str) -> str:
    """A path only someone who knows the secret can name."""
    digest = hmac.new(secret.encode(), f"webhook:{platform}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"/webhook/{platform}/{digest}"


def webhook_url(base_url: str, platform: str, secret: str) -> str:
    return base_url.rstrip("/") + webhook_path(platform, secret)


@dataclass(frozen=True)
class WebhookRoute:
    platform: str
    header: str
    handle: UpdateHandler


class WebhookServer:
    def __init__(
        self,
        *,
        secret: str,
        routes: list[WebhookRoute],
        health: HealthCheck,
        host: str = "127.0.0.1",
        port: int = 8080,
    ) -> None:
        self._secret = secret.encode()
        self._host = host
        self._port = port
        self._health = health
        self._app = web.Application(client_max_size=MAX_BODY_BYTES)
        for route in routes:
            self._app.router.add_post(webhook_path(route.platform, secret), self._receiver(route))
        self._app.router.add_get(HEALTH_PATH, self._healthz)
        self._runner: web.AppRunner | None = None
        self.port = port

    async def start(self) -> None:
        self._runner = web.AppRunner(self._app, access_log=None)  # access lines would carry the secret path
        await self._runner.setup()
        site = web.TCPSite(self._runner, self._host, self._port)
        await site.start()
        server = site._server  # the bound port when PORT=0 (tests)
        if server is not None and server.sockets:  # type: ignore[union-attr]
            self.port = server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        log.info("Webhook: đang nghe tại %s:%s", self._host, self.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def _authorised(self, request: web.Request, header: str) -> bool:
        given = request.headers.get(header, "").encode()
        return hmac.compare_digest(given, self._secret)

    def _receiver(self, route: WebhookRoute) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def receive(request: web.Request) -> web.Response:
            if not self._authorised(request, route.header):
                log.warning("Webhook %s: từ chối một yêu cầu sai hoặc thiếu secret", route.platform)
                return web.Response(status=403, text="forbidden")
            raw = await request.read()
            if not raw.strip():
                return web.Response(status=200, text="ok")  # a platform's verification probe
            try:
                body = json.loads(raw)
            except ValueError:
                # Answering an error would only make the platform resend the same bytes.
                log.warning("Webhook %s: bỏ qua một nội dung không phải JSON (%d byte)", route.platform, len(raw))
                return web.Response(status=200, text="ignored")
            try:
                await route.handle(body)
            except Exception:
                log.exception("Webhook %s: chưa lưu được update; nền tảng sẽ gửi lại", route.platform)
                return web.Response(status=500, text="retry")
            return web.Response(status=200, text="ok")

        return receive

    async def _healthz(self, request: web.Request) -> web.Response:
        try:
            report = await self._health()
        except Exception as error:  # the database is down, most likely
            report = {"ok": False, "error": type(error).__name__}
        return web.json_response(report, status=200 if report.get("ok") else 503)


async def health_report(
    count_outbox: Callable[[], Awaitable[Mapping[str, int]]], channels: Mapping[str, Callable[[], bool]]
) -> dict[str, Any]:
    """Database reachable (the outbox count needs it), every channel running, the backlog."""
    try:
        by_status = await count_outbox()
        database = True
    except Exception:
        by_status, database = {}, False
    running = {name: is_running() for name, is_running in channels.items()}
    return {
        "ok": database and all(running.values()),
        "database": database,
        "channels": running,
        "outbox_pending": int(by_status.get("pending", 0)),
        "outbox_failed": int(by_status.get("failed", 0)),
    }


# --- wiring the configured channels ----------------------------------------------------------
def _zalo_route(channel: ZaloChannel) -> WebhookRoute:
    async def handle(body: Any) -> None:
        # Wrapped ({"ok":true,"result":{…}}, as documented) or flat ({event_name, message}, as seen live).
        for update in updates_from_body(body):
            await channel.handle_update(update)

    return WebhookRoute("zalo", ZALO_SECRET_HEADER, handle)


async def _register_telegram(channel: TelegramChannel, url: str, secret: str) -> None:
    await channel.stop_polling()  # polling and a webhook exclude each other
    try:
        await channel.application.bot.set_webhook(url, secret_token=secret, allowed_updates=["message", "callback_query"])
    except TelegramError as error:
        raise ChannelStartError(f"Telegram không nhận webhook tại WEBHOOK_BASE_URL: {error}") from None


async def serve_webhooks(settings: Settings, channels: Sequence[Channel], uow_factory: UnitOfWorkFactory) -> WebhookServer:
    """Start the server for the started channels, then tell each platform where to deliver."""
    assert settings.webhook_base_url and settings.webhook_secret  # Settings requires both together
    secret = settings.webhook_secret.get_secret_value()
    routes: list[WebhookRoute] = []
    running: dict[str, Callable[[], bool]] = {}
    for channel in channels:
        if isinstance(channel, TelegramChannel):
            routes.append(WebhookRoute("telegram", TELEGRAM_SECRET_HEADER, channel.process_update_json))
            running["telegram"] = lambda channel=channel: channel.running
        elif isinstance(channel, ZaloChannel):
            routes.append(_zalo_route(channel))
            running["zalo"] = lambda zalo=channel: zalo.running

    async def count_outbox() -> Mapping[str, int]:
        async with uow_factory() as uow:
            return await uow.outbox.count_by_status()

    server = WebhookServer(
        secret=secret,
        routes=routes,
        health=partial(health_report, count_outbox, running),
        host=settings.webhook_host,
        port=settings.webhook_port,
    )
    await server.start()
    try:
        for channel in channels:
            url = webhook_url(settings.webhook_base_url, str(channel.platform), secret)
            if isinstance(channel, TelegramChannel):
                await _register_telegram(channel, url, secret)
            elif isinstance(channel, ZaloChannel):
                await channel.set_webhook(url, secret)
            log.info("Webhook %s đã đăng ký tại %s", channel.platform, settings.webhook_base_url + "/webhook/…")
    except BaseException:
        await server.stop()
        raise
    return server
