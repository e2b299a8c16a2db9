"""The neutral vocabulary shared by every channel and every use case.

Ids are strings everywhere: platform ints are converted at the adapter boundary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Platform(StrEnum):
    TELEGRAM = "telegram"
    ZALO = "zalo"
    CONSOLE = "console"


class ChatKind(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, order=True)
class ChatRef:
    """A chat on some platform: where a message came from or goes to."""

    platform: Platform
    chat_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.chat_id}"


@dataclass(frozen=True, order=True)
class UserRef:
    """A person on some platform."""

    platform: Platform
    user_id: str

    def __str__(self) -> str:
        return f"{self.platform}:{self.user_id}"


@dataclass(frozen=True)
class Incoming:
    """One message received on any channel.

    `update_id` is the platform's delivery id, unique per platform; it is what makes a
    redelivered update recognisable. `addressed` is True when the message is a command, mentions
    the bot or replies to one of its messages: in a group the bot speaks mostly when addressed.
    `sees_group_chatter` is False when the platform only forwards commands and replies to the bot
    (Telegram privacy mode), so /help can say how to fix it.
    """

    update_id: str
    chat: ChatRef
    chat_kind: ChatKind
    sender: UserRef
    text: str
    received_at: datetime
    message_id: str | None = None
    reply_to: str | None = None
    sender_name: str = ""
    chat_title: str = ""
    addressed: bool = False
    sees_group_chatter: bool = True
    # The platform moved this group to a new chat id (a Telegram group becoming a supergroup).
    moved_from_chat: str | None = None

    @property
    def platform(self) -> Platform:
        return self.chat.platform

    @property
    def in_group(self) -> bool:
        return self.chat_kind is ChatKind.GROUP


@dataclass(frozen=True)
class Outgoing:
    """One message to send; the target chat may be on any platform."""

    chat: ChatRef
    text: str
    reply_to: str | None = None
    buttons: tuple[str, ...] = field(default=())
