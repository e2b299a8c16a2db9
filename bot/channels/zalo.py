"""Zalo through the Zalo Bot API (bot-api.zaloplatforms.com), on a small client of our own.

No PyPI wrapper is fit to depend on (see ../shared/reference/zalo-bot-api.md §6): the API is a
handful of JSON POSTs, so `ZaloClient` is written here over httpx. Four parts, as for every
channel: `update_to_incoming` (pure mapper, tolerant of the documented and observed payload
shapes), the capabilities, `ZaloSender` (outbox → sendMessage) and `ZaloChannel` (long polling,
or webhook deliveries handed over by bot/channels/webhook.py).

The token is part of every URL path: it is masked in every text this module logs or raises.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import httpx

from bot.channels.base import ChannelStartError, IncomingHandler, RetryLater, Undeliverable, message_pieces
from handlers.core.messages import (
    ChannelCapabilities,
    ChatKind,
    ChatRef,
    GroupReach,
    Incoming,
    Outgoing,
    Platform,
    UserRef,
)

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
MAX_TEXT_LENGTH = 2000
# Zalo documents no reply-to and no buttons; groups deliver only mentions and replies to the bot.
ZALO_CAPABILITIES = ChannelCapabilities(
    max_text_length=MAX_TEXT_LENGTH,
    can_reply_to=False,
    can_show_buttons=False,
    group_reach=GroupReach.MENTIONS_AND_REPLIES,
)
IDLE = 408  # getUpdates found nothing within its timeout (HTTP 200 with ok:false)
UNAUTHORIZED = 401
QUOTA_EXCEEDED = 429
NETWORK = 0  # our code for "no answer from Zalo at all"
# A monthly quota does not refill in seconds: retry well after the burst limiter would.
QUOTA_RETRY_SECONDS = 600.0
MAX_POLL_BACKOFF_SECONDS = 60.0
UNSUPPORTED_EVENT = "message.unsupported.received"
KNOWN_EVENTS = frozenset({
    "message.text.received",
    "message.image.received",
    "message.sticker.received",
    "message.voice.received",
    "message.link.received",
    UNSUPPORTED_EVENT,
})


# --- the client ----------------------------------------------------------------------------
class ZaloApiError(Exception):
    """Zalo answered ok:false (whatever the HTTP status), or did not answer properly."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(f"Zalo không phản hồi: {description}" if code == NETWORK else f"Zalo {code}: {description}")
        self.code = code
        self.description = description

    @property
    def retryable(self) -> bool:
        return self.code in (NETWORK, QUOTA_EXCEEDED) or self.code >= 500


class ZaloUnauthorized(ZaloApiError):
    """The token is invalid or was reset: nothing will work until an operator fixes it."""


class ZaloQuotaExceeded(ZaloApiError):
    """429: the plan's quota (3,000 messages a month on the free plan) or a burst limit."""


def _error(code: int, description: str) -> ZaloApiError:
    if code == UNAUTHORIZED:
        return ZaloUnauthorized(code, description)
    if code == QUOTA_EXCEEDED:
        return ZaloQuotaExceeded(code, description)
    return ZaloApiError(code, description)


class ZaloClient:
    """JSON POSTs to `<base_url>/bot<TOKEN>/<method>`; the base URL and HTTP client are injectable."""

    def __init__(self, token: str, *, base_url: str = DEFAULT_BASE_URL, http: httpx.AsyncClient | None = None) -> None:
        self._token = token
        self._base_url = base_url.rstrip("/")
        self._own_http = http is None
        self._http = http or httpx.AsyncClient(timeout=httpx.Timeout(30.0, connect=10.0))

    @property
    def base_url(self) -> str:
        return self._base_url

    def mask(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    async def close(self) -> None:
        if self._own_http:
            await self._http.aclose()

    async def call(self, method: str, params: Mapping[str, Any] | None = None, *, timeout: float | None = None) -> Any:
        """The `result` of a successful call; raises ZaloApiError (or a subclass) otherwise."""
        url = f"{self._base_url}/bot{self._token}/{method}"
        extra = {"timeout": timeout} if timeout is not None else {}
        try:
            response = await self._http.post(url, json=dict(params or {}), **extra)
        except httpx.HTTPError as error:
            raise ZaloApiError(NETWORK, self.mask(f"{type(error).__name__}: {error}")) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or "ok" not in body:
            # A proxy's error page, or a truncated answer: retry later if the server side failed.
            code = response.status_code if response.status_code >= 400 else 502
            raise _error(code, f"câu trả lời không đọc được (HTTP {response.status_code})")
        if body.get("ok") is not True:
            code = body.get("error_code", body.get("errorCode", response.status_code))
            code = code if isinstance(code, int) else response.status_code
            raise _error(code, self.mask(str(body.get("description") or "không rõ lý do")))
        return body.get("result")

    async def get_me(self) -> dict[str, Any]:
        result = await self.call("getMe")
        return result if isinstance(result, dict) else {}

    async def get_updates(self, timeout: int) -> list[dict[str, Any]]:
        """The updates Zalo hands out (usually one); an idle poll is an empty list."""
        try:
            result = await self.call("getUpdates", {"timeout": str(timeout)}, timeout=timeout + 15)
        except ZaloApiError as error:
            if error.code == IDLE:
                return []
            raise
        return updates_from_body(result) if result is not None else []

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return result if isinstance(result, dict) else {}

    async def set_webhook(self, url: str, secret_token: str) -> None:
        await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        await self.call("deleteWebhook")


# --- the mapper ----------------------------------------------------------------------------
def updates_from_body(body: Any) -> list[dict[str, Any]]:
    """Updates from a getUpdates result or a webhook body: one or a list, wrapped or flat."""
    if isinstance(body, list):
        return [update for item in body for update in updates_from_body(item)]
    if not isinstance(body, dict):
        return []
    if "result" in body and "event_name" not in body:  # the documented {"ok":true,"result":...}
        return updates_from_body(body["result"])
    if "event_name" in body or "message" in body:
        return [body]
    return []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _received_at(message: Mapping[str, Any]) -> datetime:
    date = message.get("date")
    try:
        return datetime.fromtimestamp(int(date) / 1000, UTC)  # milliseconds since the epoch
    except (TypeError, ValueError, OverflowError, OSError):
        return datetime.now(UTC)


def strip_mention(text: str, bot_names: Iterable[str]) -> str:
    """The text without the leading "@<bot name>" that a group message must start with."""
    stripped = text.lstrip()
    if not stripped.startswith("@"):
        return text
    for name in sorted((n for n in bot_names if n), key=len, reverse=True):
        handle = f"@{name}"
        if stripped[: len(handle)].casefold() == handle.casefold():
            return stripped[len(handle):].lstrip(" ,:")
    # Unknown name, but a command follows it: the command is what was meant.
    slash = stripped.find(" /")
    return stripped[slash + 1:] if slash > 0 else text


def update_id_of(update: Mapping[str, Any]) -> str:
    """Zalo's message_id; failing that a digest of the update, so a redelivery still matches."""
    message = update.get("message")
    if isinstance(message, Mapping) and message.get("message_id"):
        return str(message["message_id"])[:64]
    canonical = json.dumps(update, sort_keys=True, ensure_ascii=False, default=str)
    return "sha1-" + hashlib.sha1(canonical.encode()).hexdigest()


def update_to_incoming(update: Mapping[str, Any], *, bot_names: Sequence[str] = ()) -> Incoming | None:
    """A neutral message, or None for what the bot ignores (unknown events, no chat, its own)."""
    event = _text(update.get("event_name"))
    message = update.get("message")
    if event and event not in KNOWN_EVENTS:
        log.info("Zalo: bỏ qua sự kiện chưa biết %r", event)
        return None
    if not isinstance(message, Mapping):
        if event == UNSUPPORTED_EVENT:
            log.info("Zalo: nhận một tin nhắn không đọc được (người gửi được bảo vệ), không có cuộc trò chuyện để trả lời")
        return None
    chat = message.get("chat") if isinstance(message.get("chat"), Mapping) else {}
    sender = message.get("from") if isinstance(message.get("from"), Mapping) else {}
    chat_id = str(chat.get("id") or "")
    user_id = str(sender.get("id") or "") or chat_id
    if not chat_id or sender.get("is_bot") is True:
        if event == UNSUPPORTED_EVENT:
            log.info("Zalo: nhận một tin nhắn không đọc được, không có cuộc trò chuyện để trả lời")
        return None
    in_group = str(chat.get("chat_type") or "").upper() == "GROUP"
    unreadable = event == UNSUPPORTED_EVENT
    text = "" if unreadable else _text(message.get("text")) or _text(message.get("caption"))
    if in_group:
        text = strip_mention(text, bot_names)
    return Incoming(
        update_id=update_id_of(update),
        chat=ChatRef(Platform.ZALO, chat_id[:64]),
        chat_kind=ChatKind.GROUP if in_group else ChatKind.PRIVATE,
        sender=UserRef(Platform.ZALO, user_id[:64]),
        sender_name=_text(sender.get("display_name")) or _text(sender.get("name")) or _text(sender.get("first_name")),
        text=text,
        received_at=_received_at(message),
        message_id=str(message.get("message_id")) if message.get("message_id") else None,
        # Zalo delivers a group message only when it mentions the bot or replies to it.
        addressed=True,
        mentioned=in_group,
        sees_group_chatter=not in_group,
        unreadable=unreadable,
    )


# --- the sender ----------------------------------------------------------------------------
Notice = Callable[[], Awaitable[None]]
# Called with how many Zalo messages were just spent (a long text is several).
SentNotice = Callable[[int], Awaitable[None]]


async def _nothing(*args: object) -> None:
    return None


class ZaloSender:
    platform = Platform.ZALO

    def __init__(
        self,
        client: ZaloClient,
        *,
        on_sent: SentNotice = _nothing,
        on_quota_exceeded: Notice = _nothing,
        on_unauthorized: Notice = _nothing,
    ) -> None:
        self._client = client
        self._on_sent = on_sent
        self._on_quota_exceeded = on_quota_exceeded
        self._on_unauthorized = on_unauthorized

    async def send(self, message: Outgoing) -> str | None:
        first_id: str | None = None
        pieces = message_pieces(message, ZALO_CAPABILITIES)
        try:
            for piece in pieces:
                sent = await self._client.send_message(message.chat.chat_id, piece)
                first_id = first_id or (str(sent["message_id"]) if sent.get("message_id") else None)
        except ZaloQuotaExceeded as error:
            # The message stays in the outbox; staff hear of it once (see handlers/admin/quota.py).
            await self._on_quota_exceeded()
            raise RetryLater(str(error), retry_after=QUOTA_RETRY_SECONDS) from None
        except ZaloUnauthorized as error:
            await self._on_unauthorized()
            raise RetryLater(str(error), retry_after=QUOTA_RETRY_SECONDS) from None
        except ZaloApiError as error:
            if error.retryable:
                raise RetryLater(str(error)) from None
            raise Undeliverable(str(error)) from None
        await self._on_sent(len(pieces))
        return first_id


# --- the channel ---------------------------------------------------------------------------
Sleep = Callable[[float], Awaitable[None]]


class ZaloChannel:
    """Long polling (or webhook deliveries) in; the sender out."""

    platform = Platform.ZALO
    capabilities = ZALO_CAPABILITIES

    def __init__(
        self,
        *,
        token: str,
        on_incoming: IncomingHandler,
        base_url: str = DEFAULT_BASE_URL,
        http: httpx.AsyncClient | None = None,
        poll: bool = True,
        poll_timeout: int = 30,
        sleep: Sleep = asyncio.sleep,
        on_sent: SentNotice = _nothing,
        on_quota_exceeded: Notice = _nothing,
        on_unauthorized: Notice = _nothing,
    ) -> None:
        self.client = ZaloClient(token, base_url=base_url, http=http)
        self._on_incoming = on_incoming
        self._poll = poll
        self._poll_timeout = poll_timeout
        self._sleep = sleep
        self._on_unauthorized = on_unauthorized
        self.sender = ZaloSender(
            self.client, on_sent=on_sent, on_quota_exceeded=on_quota_exceeded, on_unauthorized=self._token_refused
        )
        self.bot_names: tuple[str, ...] = ()
        self._poller: asyncio.Task[None] | None = None
        self._fetch: asyncio.Task[list[dict[str, Any]]] | None = None
        self._stopping = False
        self.running = False

    async def start(self) -> None:
        try:
            me = await self.client.get_me()
            if self._poll:
                # Polling and a webhook exclude each other: getUpdates fails while one is set.
                await self.client.delete_webhook()
        except ZaloUnauthorized:
            raise ChannelStartError("Zalo từ chối token: kiểm tra ZALO_BOT_TOKEN (lấy lại trong Zalo Bot Creator).") from None
        except ZaloApiError as error:
            raise ChannelStartError(
                f"Không kết nối được Zalo Bot API tại ZALO_API_BASE_URL={self.client.base_url}: {error}"
            ) from None
        names = (me.get("display_name"), me.get("account_name"), me.get("name"))
        self.bot_names = tuple(dict.fromkeys(n for n in names if isinstance(n, str) and n))
        log.info("Zalo: bot %s đã kết nối", self.bot_names[0] if self.bot_names else me.get("id", "?"))
        self.running = True
        if self._poll:
            self._poller = asyncio.create_task(self._poll_forever())

    async def stop(self) -> None:
        self._stopping = True
        if self._fetch is not None and not self._fetch.done():
            self._fetch.cancel()  # only the wait for updates; an update being handled finishes
        if self._poller is not None:
            await asyncio.gather(self._poller, return_exceptions=True)
        self.running = False
        await self.client.close()

    async def set_webhook(self, url: str, secret: str) -> None:
        try:
            await self.client.set_webhook(url, secret)
        except ZaloApiError as error:
            raise ChannelStartError(f"Zalo không nhận webhook {url}: {error}") from None

    async def handle_update(self, update: Mapping[str, Any]) -> None:
        """Hand one raw update over; database errors propagate (a webhook then answers 500)."""
        incoming = update_to_incoming(update, bot_names=self.bot_names)
        if incoming is not None:
            # Zalo ids are opaque: this line is how an operator finds theirs for ADMIN_IDS / STAFF_CHAT.
            log.info("Zalo: tin nhắn từ zalo:%s trong %s", incoming.sender.user_id, incoming.chat)
            await self._on_incoming(incoming)

    async def _token_refused(self) -> None:
        """The token was reset or revoked: nothing works until an operator fixes it; say so once."""
        if self.running:
            log.error("Zalo từ chối token (401): ngừng nhận tin Zalo. Kiểm tra ZALO_BOT_TOKEN rồi khởi động lại.")
        self.running = False  # /healthz reports it; polling stops
        self._stopping = True
        await self._on_unauthorized()

    async def _poll_forever(self) -> None:
        backoff = 1.0
        while not self._stopping:
            self._fetch = asyncio.create_task(self.client.get_updates(self._poll_timeout))
            try:
                updates = await self._fetch
            except asyncio.CancelledError:
                if self._stopping:
                    return
                raise
            except ZaloUnauthorized:
                await self._token_refused()
                return
            except ZaloApiError as error:
                log.warning("Zalo: lỗi khi nhận tin (thử lại sau %.0f giây): %s", backoff, error)
                await self._sleep(backoff)
                backoff = min(backoff * 2, MAX_POLL_BACKOFF_SECONDS)
                continue
            backoff = 1.0
            for update in updates:
                try:
                    await self.handle_update(update)
                except Exception:
                    # Polling hands each update out once: log it; the next one must still come in.
                    log.exception("Zalo: không xử lý được update %s", update_id_of(update))
