"""Telegram through python-telegram-bot 22: long polling in, the outbox sender out.

Four parts, as for every channel: `update_to_incoming` (pure mapper), the capabilities (limits),
`TelegramSender` (outbox → Bot API) and `TelegramChannel` (the PTB Application wiring).
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from telegram import (
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatMemberStatus, ChatType, MessageLimit
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError
from telegram.error import Conflict as TelegramConflict
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder

from bot.channels.base import (
    ChannelStartError,
    ChatMoved,
    FatalHandler,
    IncomingHandler,
    RetryLater,
    Undeliverable,
    message_pieces,
)
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


def telegram_capabilities(*, reads_all_group_messages: bool) -> ChannelCapabilities:
    reach = GroupReach.EVERY_MESSAGE if reads_all_group_messages else GroupReach.COMMANDS_AND_REPLIES
    return ChannelCapabilities(
        max_text_length=MessageLimit.MAX_TEXT_LENGTH, can_reply_to=True, can_show_buttons=True, group_reach=reach
    )

_GROUP_TYPES = {ChatType.GROUP, ChatType.SUPERGROUP}
_ADMIN_STATUSES = {ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.OWNER}
ADMIN_CHECK_TTL_SECONDS = 600
STOP_GRACE_SECONDS = 5.0  # how long a stop waits for sends already under way


def update_to_incoming(update: Update, *, bot_id: int, bot_username: str, sees_group_chatter: bool = True) -> Incoming | None:
    """A neutral message, or None for what the bot ignores (other bots' commands, channels, edits)."""
    message = update.message
    if message is None or message.chat.type == ChatType.CHANNEL:
        return None
    if message.migrate_from_chat_id is not None:
        return _group_moved(update, message, bot_id=bot_id)
    if message.from_user is None:
        return None
    text = message.text or message.caption or ""
    addressing = _addressing(message, text, bot_id=bot_id, bot_username=bot_username)
    if addressing is None:
        return None
    addressed, mentioned, text = addressing
    in_group = message.chat.type in _GROUP_TYPES
    reply = message.reply_to_message
    return Incoming(
        update_id=f"{bot_id}:{update.update_id}",
        chat=ChatRef(Platform.TELEGRAM, str(message.chat.id)),
        chat_kind=ChatKind.GROUP if in_group else ChatKind.PRIVATE,
        sender=UserRef(Platform.TELEGRAM, str(message.from_user.id)),
        sender_name=message.from_user.full_name,
        chat_title=message.chat.title or "",
        text=text,
        received_at=message.date.astimezone(UTC) if message.date else datetime.now(UTC),
        message_id=str(message.message_id),
        reply_to=str(reply.message_id) if reply else None,
        addressed=addressed,
        mentioned=mentioned,
        sees_group_chatter=sees_group_chatter if in_group else True,
    )


def _group_moved(update: Update, message: Message, *, bot_id: int) -> Incoming:
    """The service message a new supergroup opens with: the group moved from its old chat id."""
    sender = message.from_user
    return Incoming(
        update_id=f"{bot_id}:{update.update_id}",
        chat=ChatRef(Platform.TELEGRAM, str(message.chat.id)),
        chat_kind=ChatKind.GROUP,
        sender=UserRef(Platform.TELEGRAM, str(sender.id) if sender else "0"),
        chat_title=message.chat.title or "",
        text="",
        received_at=message.date.astimezone(UTC) if message.date else datetime.now(UTC),
        message_id=str(message.message_id),
        moved_from_chat=str(message.migrate_from_chat_id),
    )


def _addressing(message: Message, text: str, *, bot_id: int, bot_username: str) -> tuple[bool, bool, str] | None:
    """(addressed, mentioned, text without this bot's @name); None when meant for another bot."""
    handle = f"@{bot_username}".lower()
    stripped = text.strip()
    if stripped.startswith("/"):
        word, _, rest = stripped.partition(" ")
        name, at, target = word.partition("@")
        if at and f"@{target}".lower() != handle:
            return None
        return True, bool(at), f"{name} {rest}".strip() if rest else name
    reply = message.reply_to_message
    mentioned = bool(reply and reply.from_user and reply.from_user.id == bot_id)
    for entity in message.entities or ():
        if entity.type == MessageEntity.MENTION and message.parse_entity(entity).lower() == handle:
            mentioned = True
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            mentioned = True
    if mentioned and bot_username:
        text = " ".join(part for part in text.split() if part.lower() != handle)
    return mentioned, mentioned, text


def pressed_button_text(message: Message, data: str) -> str | None:
    """The text of the button whose callback data is `data` (its position), if it is still there."""
    markup = message.reply_markup
    buttons = [button for row in markup.inline_keyboard for button in row] if markup else []
    return next((button.text for button in buttons if button.callback_data == data), None)


@dataclass(frozen=True)
class Backoff:
    """Pauses between failed polls: doubling from `first` up to `longest` seconds."""

    first: float = 0.5
    longest: float = 30.0

    def delays(self) -> Iterator[float]:
        delay = self.first
        while True:
            yield delay
            delay = min(delay * 2, self.longest)


def conflict_reason(description: str) -> str:
    """What a 409 from getUpdates means for the operator: a webhook, or another poller."""
    if "webhook" in description.lower():
        return (
            "Telegram: bot đang đặt webhook nên không nhận tin bằng long polling được (409). "
            "Một tiến trình khác đã đặt webhook cho token này; tắt nó hoặc dùng chế độ webhook."
        )
    return (
        "Telegram: một tiến trình khác đang nhận tin bằng cùng token (409). Chỉ chạy một "
        "`python -m bot run` cho mỗi bot ở chế độ long polling; trợ lý sẽ thử lại."
    )


def _retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # the int form of retry_after is deprecated in v22.2
        warnings.simplefilter("ignore")
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class TelegramSender:
    platform = Platform.TELEGRAM

    def __init__(self, application: Application, capabilities: Callable[[], ChannelCapabilities]) -> None:
        self._application = application
        self._capabilities = capabilities
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()
        self._closed = False

    async def close(self, grace: float) -> None:
        """Refuse new sends and let those under way finish (within `grace` seconds), so closing
        the HTTP client never cuts a request Telegram may already have acted on."""
        self._closed = True
        with suppress(TimeoutError):
            await asyncio.wait_for(self._idle.wait(), grace)

    async def send(self, message: Outgoing) -> str | None:
        if self._closed:  # stopping: the row stays queued for the next start, no attempt counted
            raise RetryLater("Telegram channel stopping", retry_after=0)
        self._in_flight += 1
        self._idle.clear()
        try:
            return await self._send(message)
        finally:
            self._in_flight -= 1
            if not self._in_flight:
                self._idle.set()

    async def _send(self, message: Outgoing) -> str | None:
        bot = self._application.bot
        reply = (
            ReplyParameters(message_id=int(message.reply_to), allow_sending_without_reply=True)
            if message.reply_to
            else None
        )
        pieces = message_pieces(message, self._capabilities())
        markup = (
            # callback_data holds at most 64 bytes: send the button's position, read its text back.
            InlineKeyboardMarkup([[InlineKeyboardButton(b, callback_data=str(i))] for i, b in enumerate(message.buttons)])
            if message.buttons
            else None
        )
        first_id: str | None = None
        try:
            for index, piece in enumerate(pieces):
                last = index == len(pieces) - 1
                sent = await bot.send_message(
                    chat_id=int(message.chat.chat_id),
                    text=piece,
                    reply_parameters=reply if index == 0 else None,
                    reply_markup=markup if last else None,
                )
                first_id = first_id or str(sent.message_id)
        except RetryAfter as error:
            raise RetryLater(str(error), retry_after=_retry_seconds(error)) from error
        except ChatMigrated as error:
            raise ChatMoved(str(error.new_chat_id)) from error
        except (Forbidden, BadRequest, InvalidToken) as error:
            raise Undeliverable(str(error)) from error
        except NetworkError as error:  # includes TimedOut
            raise RetryLater(str(error)) from error
        return first_id


class TelegramChannel:
    """Receives updates by long polling and hands each to `on_incoming`, one at a time, in order.

    The polling loop is our own, over PTB's `Bot.get_updates`: Telegram treats every update below
    the `offset` of the next call as confirmed and never sends it again, so the offset moves past
    an update only once `on_incoming` has returned, that is once its processed mark (or its
    apology) has committed. An update whose handling fails for the database stays unconfirmed and
    is handled again after a backoff; a crash at any point loses nothing.
    """

    platform = Platform.TELEGRAM

    def __init__(
        self,
        *,
        token: str,
        base_url: str,
        on_incoming: IncomingHandler,
        on_fatal: FatalHandler | None = None,
        poll_timeout: float = 10.0,
        batch_limit: int = 100,
        retry_delays: Backoff | None = None,
    ) -> None:
        self._on_incoming = on_incoming
        self._on_fatal = on_fatal or (lambda reason: log.error("%s", reason))
        self._poll_timeout = poll_timeout
        self._batch_limit = batch_limit  # bounds the memory a backlog of any size takes
        self._backoff = retry_delays or Backoff()
        self._base_url = base_url
        self.application: Application = (
            ApplicationBuilder()
            .token(token)
            .base_url(base_url)
            .rate_limiter(AIORateLimiter(max_retries=0))  # flood waits go back to the outbox
            .job_queue(None)  # reminders use our own scheduler, which reaches every platform
            .updater(None)  # PTB's updater confirms updates before they are handled: see _poll
            .build()
        )
        self._reads_all_group_messages = True
        self.sender = TelegramSender(self.application, lambda: self.capabilities)
        self._admin_in: dict[int, tuple[bool, float]] = {}
        self._offset: int | None = None
        self._stopping = asyncio.Event()
        self._polling: asyncio.Task[None] | None = None
        self.running = False  # between start() and stop(), for /healthz

    @property
    def capabilities(self) -> ChannelCapabilities:
        return telegram_capabilities(reads_all_group_messages=self._reads_all_group_messages)

    async def start(self) -> None:
        try:
            await self.application.initialize()
        except InvalidToken:
            raise ChannelStartError("Telegram từ chối token: kiểm tra TELEGRAM_BOT_TOKEN (lấy lại từ @BotFather).") from None
        except NetworkError as error:
            raise ChannelStartError(
                f"Không kết nối được Telegram Bot API tại TELEGRAM_API_BASE_URL={self._base_url}: {error}"
            ) from None
        me = self.application.bot
        self._reads_all_group_messages = bool(me.can_read_all_group_messages)
        log.info("Telegram: bot @%s đã kết nối", me.username)
        if not self._reads_all_group_messages:
            log.warning(
                "Telegram: bot @%s đang bật chế độ riêng tư (privacy mode): trong nhóm chỉ nhận lệnh và "
                "tin nhắn trả lời bot. Để bot đọc được câu hỏi và báo cáo viết thường, hãy đặt bot làm quản "
                "trị viên nhóm, hoặc trong BotFather chọn /setprivacy → Disable rồi thêm lại bot vào nhóm.",
                me.username,
            )
        try:
            # A webhook left set would make every poll fail with 409; PTB's polling did the same.
            await self.application.bot.delete_webhook(drop_pending_updates=False)
        except TelegramError as error:
            raise ChannelStartError(f"Telegram: không tắt được webhook cũ để nhận tin bằng long polling: {error}") from None
        self._stopping.clear()
        self._polling = asyncio.create_task(self._poll(), name="telegram polling")
        self.running = True

    async def stop_polling(self) -> None:
        """Webhook mode: stop the long poll (a webhook and polling exclude each other); sending
        goes on. Updates handled so far are confirmed first."""
        self._stopping.set()
        if self._polling is not None:
            await self._polling
            self._polling = None
        await self._confirm_handled()
        self._stopping.clear()

    async def process_update_json(self, data: dict) -> None:
        """A webhook delivery, handled as a polled update is. Errors propagate, so the webhook
        answers 500 and Telegram delivers it again."""
        incoming = await self._to_incoming(Update.de_json(data, self.application.bot))
        if incoming is not None:
            await self._on_incoming(incoming)

    async def stop(self) -> None:
        """Stop taking updates at once; the update being handled finishes, the rest wait in
        Telegram for the next start."""
        self._stopping.set()
        self.running = False
        if self._polling is not None:
            await self._polling
            self._polling = None
        await self._confirm_handled()
        await self.sender.close(STOP_GRACE_SECONDS)
        await self.application.shutdown()

    async def _poll(self) -> None:
        delays = self._backoff.delays()
        while not self._stopping.is_set():
            try:
                updates = await self._fetch()
            except InvalidToken:
                self._on_fatal(
                    "Telegram từ chối token khi đang chạy (401: token đã bị thu hồi hoặc đổi): trợ lý dừng. "
                    "Lấy token mới từ @BotFather, đặt TELEGRAM_BOT_TOKEN rồi chạy lại."
                )
                return
            except TelegramConflict as error:
                log.error("%s", conflict_reason(str(error)))
                await self._pause(next(delays))
                continue
            except TelegramError as error:  # network, 5xx, flood wait on getUpdates
                log.warning("Telegram: lỗi khi nhận tin (sẽ thử lại): %s", error)
                await self._pause(next(delays))
                continue
            if updates is None:
                return
            if await self._handle_batch(updates):
                delays = self._backoff.delays()
            else:
                await self._pause(next(delays))

    async def _fetch(self) -> tuple[Update, ...] | None:
        """The next batch, or None when stopping interrupted the long poll."""
        fetch = asyncio.create_task(
            self.application.bot.get_updates(
                offset=self._offset,
                limit=self._batch_limit,
                timeout=int(self._poll_timeout),
                allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
            )
        )
        stopping = asyncio.create_task(self._stopping.wait())
        await asyncio.wait([fetch, stopping], return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not fetch.done():
            fetch.cancel()
            with suppress(asyncio.CancelledError, TelegramError):
                await fetch
            return None
        return fetch.result()

    async def _handle_batch(self, updates: tuple[Update, ...]) -> bool:
        """Handle in order, confirming each; False when one must be retried (the rest wait too)."""
        for update in updates:
            if self._stopping.is_set():
                return True
            try:
                incoming = await self._to_incoming(update)
            except Exception:  # a malformed update must not block those after it
                log.exception("Telegram: bỏ qua update %s không đọc được", update.update_id)
                incoming = None
            if incoming is not None:
                try:
                    await self._on_incoming(incoming)
                except Exception as error:  # the database: keep the update, retry after a pause
                    log.warning("Telegram: chưa lưu được update %s (sẽ thử lại): %s", update.update_id, error)
                    return False
            self._offset = update.update_id + 1
        return True

    async def _confirm_handled(self) -> None:
        """Tell Telegram which updates are done, so a restart does not fetch them again (they
        would be recognised and skipped anyway)."""
        if self._offset is None:
            return
        with suppress(TelegramError, TimeoutError):
            await asyncio.wait_for(self.application.bot.get_updates(offset=self._offset, limit=1, timeout=0), 2)

    async def _pause(self, seconds: float) -> None:
        with suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _to_incoming(self, update: Update) -> Incoming | None:
        if update.callback_query is not None:
            return await self._button_to_incoming(update)
        bot = self.application.bot
        chat = update.effective_chat
        sees = self._reads_all_group_messages
        if not sees and chat is not None and chat.type in _GROUP_TYPES:
            sees = await self._is_admin_in(chat.id)
        return update_to_incoming(update, bot_id=bot.id, bot_username=bot.username, sees_group_chatter=sees)

    async def _button_to_incoming(self, update: Update) -> Incoming | None:
        """A button press reads as if the user had typed the button's text."""
        query = update.callback_query
        if query is None or query.message is None or not isinstance(query.message, Message):
            return None
        with suppress(TelegramError):  # only stops the button's spinner
            await query.answer()
        message = query.message
        text = pressed_button_text(message, query.data or "")
        if text is None:
            return None
        return Incoming(
            update_id=f"{self.application.bot.id}:{update.update_id}",
            chat=ChatRef(Platform.TELEGRAM, str(message.chat.id)),
            chat_kind=ChatKind.GROUP if message.chat.type in _GROUP_TYPES else ChatKind.PRIVATE,
            sender=UserRef(Platform.TELEGRAM, str(query.from_user.id)),
            sender_name=query.from_user.full_name,
            chat_title=message.chat.title or "",
            text=text,
            received_at=datetime.now(UTC),
            message_id=str(message.message_id),
            addressed=True,
            mentioned=True,
        )

    async def _is_admin_in(self, chat_id: int) -> bool:
        """Whether the bot is an admin of a group (and so sees all messages despite privacy mode)."""
        cached = self._admin_in.get(chat_id)
        if cached and cached[1] > time.monotonic():
            return cached[0]
        try:
            member = await self.application.bot.get_chat_member(chat_id, self.application.bot.id)
            is_admin = member.status in _ADMIN_STATUSES
        except TelegramError:
            is_admin = False
        self._admin_in[chat_id] = (is_admin, time.monotonic() + ADMIN_CHECK_TTL_SECONDS)
        return is_admin
