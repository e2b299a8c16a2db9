"""What a use case gets: a unit of work, the clock, the settings, and, for a message, who is
asking from where and what their channel can do."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from handlers.core.domain import short_quote
from handlers.core.messages import DEFAULT_CAPABILITIES, ChannelCapabilities, ChatRef, Incoming, Outgoing, UserRef
from handlers.core.speech import Utterance, speaks
from storage.models import Group, Member
from storage.uow import UnitOfWork

if TYPE_CHECKING:
    from handlers.core.dispatcher import Command


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class CoreConfig:
    """The settings use cases need, independent of how they were loaded."""

    admin_ids: frozenset[UserRef] = frozenset()
    timezone: ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh")
    staff_chat: ChatRef | None = None
    # A ticket waiting this many working hours (inside office_hours, Monday to Friday) is
    # re-announced to the staff chat.
    ticket_overdue_hours: float = 4.0
    office_hours: tuple[time, time] = (time(7, 30), time(17, 0))


@dataclass
class JobContext:
    """What work that does not start from a message gets (a reminder, a re-announcement)."""

    uow: UnitOfWork
    clock: Clock
    config: CoreConfig


@dataclass
class Context(JobContext):
    """A message's use case: the job's services plus the message, its sender and its channel."""

    incoming: Incoming = field(kw_only=True)
    member: Member | None = None
    group: Group | None = None
    capabilities: ChannelCapabilities = DEFAULT_CAPABILITIES
    available_commands: Sequence[Command] = field(default=())

    @property
    def is_admin(self) -> bool:
        return self.incoming.sender in self.config.admin_ids

    def reply(self, text: str) -> Outgoing:
        """A reply in the same chat, threaded under the message it answers (or quoting it)."""
        incoming = self.incoming
        return Outgoing(chat=incoming.chat, text=text, reply_to=incoming.message_id, quote=short_quote(incoming.text))

    def may_say(self, utterance: Utterance) -> bool:
        """Whether this kind of reply is welcome here (see handlers/core/speech.py)."""
        return speaks(utterance, self.incoming, self.capabilities)
