"""What a use case gets: the message, a unit of work, the clock, and who is asking."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from handlers.core.messages import ChatRef, Incoming, Outgoing, UserRef
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


@dataclass
class Context:
    incoming: Incoming
    uow: UnitOfWork
    clock: Clock
    config: CoreConfig
    member: Member | None = None
    group: Group | None = None
    available_commands: Sequence[Command] = field(default=())

    @property
    def is_admin(self) -> bool:
        return self.incoming.sender in self.config.admin_ids

    def reply(self, text: str) -> Outgoing:
        """A reply in the same chat, threaded under the message it answers."""
        return Outgoing(chat=self.incoming.chat, text=text, reply_to=self.incoming.message_id)
