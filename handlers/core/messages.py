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
    `mentioned` is True when it names this bot (a mention, a reply to it, "/cmd@this_bot"), as
    opposed to a bare command that may be meant for another bot in the group.
    `sees_group_chatter` is False when the platform does not deliver this group's ordinary
    messages (Telegram privacy mode, Zalo groups), so /help can say how to reach the bot there.
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
    mentioned: bool = False
    sees_group_chatter: bool = True
    # The platform moved this group to a new chat id (a Telegram group becoming a supergroup).
    moved_from_chat: str | None = None
    # The platform withheld the content (Zalo hides messages of protected users, e.g. minors).
    unreadable: bool = False

    @property
    def platform(self) -> Platform:
        return self.chat.platform

    @property
    def in_group(self) -> bool:
        return self.chat_kind is ChatKind.GROUP


@dataclass(frozen=True)
class Outgoing:
    """One message to send; the target chat may be on any platform.

    `quote` is a short excerpt of the message it answers, shown on platforms without reply-to.
    `ticket_id` links a forwarded question (or its answer) to its ticket, so a staff reply to the
    sent message finds the ticket. `fallback_chat_id` is a chat on the same platform to send to
    instead when this chat is gone (an answer to a group question goes to the asker privately).
    """

    chat: ChatRef
    text: str
    reply_to: str | None = None
    buttons: tuple[str, ...] = field(default=())
    quote: str = ""
    ticket_id: int | None = None
    fallback_chat_id: str | None = None


class GroupReach(StrEnum):
    """Which group messages a platform delivers to the bot."""

    EVERY_MESSAGE = "every_message"
    COMMANDS_AND_REPLIES = "commands_and_replies"  # Telegram with privacy mode on
    MENTIONS_AND_REPLIES = "mentions_and_replies"  # Zalo groups


@dataclass(frozen=True)
class ChannelCapabilities:
    """What a platform can do; use cases read it from their context instead of assuming one."""

    max_text_length: int
    can_reply_to: bool
    can_show_buttons: bool
    group_reach: GroupReach = GroupReach.EVERY_MESSAGE


# Until a channel says otherwise: room for a long answer, threading and buttons.
DEFAULT_CAPABILITIES = ChannelCapabilities(max_text_length=4096, can_reply_to=True, can_show_buttons=True)
