"""The contract every channel keeps: what it is, how it starts and stops, how it sends, and
how a neutral message is laid out within what its platform can do.

A new platform is a new module here that provides a `Channel`; nothing else in the bot names it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from handlers import texts
from handlers.core.messages import ChannelCapabilities, Incoming, Outgoing, Platform

IncomingHandler = Callable[[Incoming], Awaitable[None]]
# Told, in one sentence, that a channel cannot go on (a token revoked while running).
FatalHandler = Callable[[str], None]


class ChannelStartError(Exception):
    """A platform could not be started (token refused, API unreachable); the text names the setting."""


class ChannelFailed(Exception):
    """A running channel stopped for good; the text says why and what to do."""


class RetryLater(Exception):
    """The platform could not take the message now (flood wait, network); try again."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


class ChatMoved(Exception):
    """The chat now lives under another id (a Telegram group upgraded to a supergroup)."""

    def __init__(self, new_chat_id: str) -> None:
        super().__init__(new_chat_id)
        self.new_chat_id = new_chat_id


class Undeliverable(Exception):
    """The platform refused the message for good (bot blocked, chat gone, bad request)."""


class ChannelSender(Protocol):
    platform: Platform

    async def send(self, message: Outgoing) -> str | None:
        """Send and return the platform's message id; raise RetryLater, ChatMoved or Undeliverable."""
        ...


class Channel(Protocol):
    platform: Platform
    sender: ChannelSender

    @property
    def capabilities(self) -> ChannelCapabilities: ...

    async def start(self) -> None:
        """Connect and begin handing incoming messages over; raise ChannelStartError if it cannot."""
        ...

    async def stop(self) -> None: ...


def render_text(message: Outgoing, capabilities: ChannelCapabilities) -> str:
    """The text as this platform can show it: a quote where replies cannot be threaded,
    numbered choices where there are no buttons."""
    parts = []
    if message.quote and message.reply_to and not capabilities.can_reply_to:
        parts.append(texts.REPLY_QUOTE.format(quote=message.quote))
    parts.append(message.text)
    if message.buttons and not capabilities.can_show_buttons:
        choices = [texts.NUMBERED_CHOICE.format(number=n, label=label) for n, label in enumerate(message.buttons, 1)]
        parts.append("\n".join([*choices, texts.NUMBERED_CHOICES_HINT]))
    return "\n".join(parts)


def split_text(text: str, limit: int) -> list[str]:
    """Cut at line breaks (or else spaces) so each piece fits the platform's length limit."""
    pieces: list[str] = []
    while len(text) > limit:
        cut = text.rfind("\n", 0, limit)
        if cut <= 0:
            cut = text.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return pieces


def message_pieces(message: Outgoing, capabilities: ChannelCapabilities) -> list[str]:
    """What a channel sends for one outgoing message, in order."""
    return split_text(render_text(message, capabilities), capabilities.max_text_length)
