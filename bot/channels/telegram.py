"""Telegram through python-telegram-bot 22: long polling in, the outbox sender out.

Four parts, as for every channel: `update_to_incoming` (pure mapper), the capabilities (limits),
`TelegramSender` (outbox → Bot API) and `TelegramChannel` (the PTB Application wiring).
"""

from __future__ import annotations

import logging
import time
import warnings
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

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
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.channels.base import (
    ChannelStartError,
    ChatMoved,
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

    async def send(self, message: Outgoing) -> str | None:
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
    """The PTB Application: receives updates by long polling and hands them to `on_incoming`."""

    platform = Platform.TELEGRAM

    def __init__(self, *, token: str, base_url: str, on_incoming: IncomingHandler, poll_timeout: float = 10.0) -> None:
        self._on_incoming = on_incoming
        self._poll_timeout = poll_timeout
        self._base_url = base_url
        self.application: Application = (
            ApplicationBuilder()
            .token(token)
            .base_url(base_url)
            .rate_limiter(AIORateLimiter(max_retries=0))  # flood waits go back to the outbox
            .job_queue(None)  # reminders use our own scheduler, which reaches every platform
            .build()
        )
        self.application.add_handler(MessageHandler(filters.ALL, self.on_message))
        self.application.add_handler(CallbackQueryHandler(self.on_button))
        self.application.add_error_handler(self.on_error)
        self._reads_all_group_messages = True
        self.sender = TelegramSender(self.application, lambda: self.capabilities)
        self._admin_in: dict[int, tuple[bool, float]] = {}

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
        await self.application.start()
        assert self.application.updater is not None
        await self.application.updater.start_polling(
            timeout=self._poll_timeout,
            allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY],
            error_callback=self._on_polling_error,
        )

    async def stop(self) -> None:
        if self.application.updater is not None and self.application.updater.running:
            await self.application.updater.stop()
        if self.application.running:
            await self.application.stop()
        await self.application.shutdown()

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        bot = context.bot
        chat = update.effective_chat
        sees = self._reads_all_group_messages
        if not sees and chat is not None and chat.type in _GROUP_TYPES:
            sees = await self._is_admin_in(chat.id)
        incoming = update_to_incoming(update, bot_id=bot.id, bot_username=bot.username, sees_group_chatter=sees)
        if incoming is not None:
            await self._on_incoming(incoming)

    async def process_update_json(self, data: dict) -> None:
        """A webhook delivery, handled as a polled update would be. Unlike PTB's own dispatch,
        errors propagate, so the webhook can answer 500 and Telegram delivers it again."""
        bot = self.application.bot
        update = Update.de_json(data, bot)
        context = SimpleNamespace(bot=bot)  # the handlers below read only context.bot
        if update.callback_query is not None:
            await self.on_button(update, context)  # type: ignore[arg-type]
        elif update.message is not None:
            await self.on_message(update, context)  # type: ignore[arg-type]

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A button press reads as if the user had typed the button's text."""
        query = update.callback_query
        if query is None or query.message is None or not isinstance(query.message, Message):
            return
        await query.answer()
        message = query.message
        text = pressed_button_text(message, query.data or "")
        if text is None:
            return
        incoming = Incoming(
            update_id=f"{context.bot.id}:{update.update_id}",
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
        await self._on_incoming(incoming)

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

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Logged for operators; the chat never sees a traceback (handlers reply with an apology).
        log.error("Telegram: lỗi khi xử lý update", exc_info=context.error)

    @staticmethod
    def _on_polling_error(error: TelegramError) -> None:
        log.warning("Telegram: lỗi khi nhận tin (sẽ thử lại): %s", error)
