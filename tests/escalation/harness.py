"""A bot without a platform: the real inbox, dispatcher and outbox sender, with channels that
record what they send and number each message as a platform would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from bot.channels.base import Undeliverable
from bot.delivery import OutboxSender
from handlers.answers.matcher import Matcher
from handlers.answers.questions import QuestionDesk
from handlers.core.context import CoreConfig
from handlers.core.inbox import Inbox
from handlers.core.messages import ChatKind, ChatRef, Incoming, Outgoing, Platform, UserRef
from handlers.core.runner import ExactlyOnceRunner
from handlers.escalation.relay import undelivered_notice
from handlers.registry import build_dispatcher
from tests.conftest import ADMIN, question_desk

STAFF_CHAT = ChatRef(Platform.TELEGRAM, "-100999")
STAFF = UserRef(Platform.TELEGRAM, "501")
GROUP = "-100123"


@dataclass
class RecordingChannel:
    platform: Platform
    sent: list[Outgoing] = field(default_factory=list)
    sent_with_ids: list[tuple[str, Outgoing]] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)  # chats the bot was removed from
    _ids: Any = field(default_factory=lambda: itertools.count(9000))

    async def send(self, message: Outgoing) -> str | None:
        if message.chat.chat_id in self.gone:
            raise Undeliverable("Forbidden: bot was kicked from the group chat")
        message_id = str(next(self._ids))
        self.sent.append(message)
        self.sent_with_ids.append((message_id, message))
        return message_id


class Bot:
    """One bot process; build another on the same database to simulate a restart."""

    def __init__(self, uow_factory, clock, *, staff_chat: ChatRef | None = STAFF_CHAT, desk: QuestionDesk | None = None,
                 channels: dict[Platform, RecordingChannel] | None = None) -> None:
        self.uow_factory = uow_factory
        self.clock = clock
        self.config = CoreConfig(admin_ids=frozenset({ADMIN}), staff_chat=staff_chat)
        # A fresh desk per process, so the FAQ additions are not carried over in memory.
        self.desk = desk or QuestionDesk(question_desk().matcher)
        self.channels = channels or {p: RecordingChannel(p) for p in Platform}
        self.runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=clock)
        self.inbox = Inbox(uow_factory=uow_factory, dispatcher=build_dispatcher(self.desk), clock=clock, config=self.config,
                           runner=self.runner)
        self.sender = OutboxSender(uow_factory=uow_factory, channels=self.channels, clock=clock,
                                   on_ticket_failure=partial(undelivered_notice, staff_chat=staff_chat))
        self._update_ids = itertools.count(1)

    async def say(self, text: str, *, sender: UserRef, chat: ChatRef | None = None, group: bool = True,
                  message_id: str = "10", reply_to: str | None = None, title: str = "Nhóm hỗ trợ THCS",
                  name: str = "Nguyễn Thị Lan", to_bot: bool = True) -> list[Outgoing]:
        """Deliver a message as the platform would, then let the sender send what it queued."""
        chat = chat or (ChatRef(sender.platform, GROUP) if group else ChatRef(sender.platform, sender.user_id))
        incoming = Incoming(
            update_id=f"u{id(self)}-{next(self._update_ids)}",
            chat=chat,
            chat_kind=ChatKind.GROUP if group else ChatKind.PRIVATE,
            sender=sender,
            sender_name=name,
            text=text,
            received_at=self.clock.now(),
            message_id=message_id,
            reply_to=reply_to,
            chat_title=title if group else "",
            addressed=text.startswith("/") or (reply_to is not None and to_bot),
            mentioned=reply_to is not None and to_bot,
        )
        queued = await self.inbox.handle(incoming) or []
        await self.sender.drain()
        return queued

    async def staff(self, text: str, *, reply_to: str | None = None, name: str = "Trần Văn Sở") -> list[Outgoing]:
        return await self.say(text, sender=STAFF, chat=STAFF_CHAT, reply_to=reply_to, title="Cán bộ Sở", name=name)

    def sent_to(self, chat: ChatRef) -> list[Outgoing]:
        return [m for m in self.channels[chat.platform].sent if m.chat == chat]

    def id_of(self, text_part: str, chat: ChatRef = STAFF_CHAT) -> str:
        """The platform id of the last message sent to `chat` containing `text_part`."""
        found = [i for i, m in self.channels[chat.platform].sent_with_ids if m.chat == chat and text_part in m.text]
        assert found, f"nothing sent to {chat} containing {text_part!r}"
        return found[-1]


def matcher() -> Matcher:
    return question_desk().matcher
