"""The local terminal channel: chat with the bot as a chosen member, no token needed."""

from __future__ import annotations

import asyncio
import itertools
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.channels.base import IncomingHandler, render_text
from handlers.core.messages import ChannelCapabilities, ChatKind, ChatRef, Incoming, Outgoing, Platform, UserRef

LineReader = Callable[[str], Awaitable[str | None]]
Writer = Callable[[str], None]

BOT_HANDLE = "@bot"  # in a console group, "@bot câu hỏi" addresses the bot, like a mention
# A terminal shows any length and reads every line typed in a console "group"; replies follow
# their question at once, and buttons print as numbered lines.
CONSOLE_CAPABILITIES = ChannelCapabilities(max_text_length=100_000, can_reply_to=True, can_show_buttons=True)


@dataclass(frozen=True)
class ConsoleIdentity:
    user: UserRef
    name: str
    chat: ChatRef
    chat_kind: ChatKind
    chat_title: str = ""


async def read_stdin(prompt: str) -> str | None:
    try:
        return await asyncio.to_thread(input, prompt)
    except (EOFError, BrokenPipeError):  # Ctrl+D, or the terminal went away
        return None


def render(message: Outgoing) -> str:
    lines = [f"Trợ lý › {render_text(message, CONSOLE_CAPABILITIES)}"]
    lines += [f"   [{number}] {button}" for number, button in enumerate(message.buttons, start=1)]
    return "\n".join(lines)


class ConsoleSender:
    platform = Platform.CONSOLE

    def __init__(self, write: Writer = print) -> None:
        self._write = write
        self._ids = itertools.count(1_000_000)

    async def send(self, message: Outgoing) -> str | None:
        self._write(render(message))
        return str(next(self._ids))


class ConsoleChannel:
    platform = Platform.CONSOLE
    capabilities = CONSOLE_CAPABILITIES

    def __init__(self, identity: ConsoleIdentity, on_incoming: IncomingHandler) -> None:
        self.identity = identity
        self._on_incoming = on_incoming
        self._message_ids = itertools.count(1)

    def to_incoming(self, line: str) -> Incoming:
        text = line.strip()
        addressed = text.startswith("/") or self.identity.chat_kind is ChatKind.PRIVATE
        mentioned = False
        if text.lower().startswith(BOT_HANDLE):
            addressed = mentioned = True
            text = text[len(BOT_HANDLE):].strip()
        return Incoming(
            update_id=uuid.uuid4().hex,
            chat=self.identity.chat,
            chat_kind=self.identity.chat_kind,
            sender=self.identity.user,
            sender_name=self.identity.name,
            chat_title=self.identity.chat_title,
            text=text,
            received_at=datetime.now(UTC),
            message_id=str(next(self._message_ids)),
            addressed=addressed,
            mentioned=mentioned,
        )

    async def run(self, read_line: LineReader = read_stdin, prompt: str = "Thầy/cô › ") -> None:
        while (line := await read_line(prompt)) is not None:
            if line.strip() in {"/thoat", "/quit", "/exit"}:
                return
            if line.strip():
                await self._on_incoming(self.to_incoming(line))
