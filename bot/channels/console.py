"""The local terminal channel: chat with the bot as a chosen member, no token needed."""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.channels.base import IncomingHandler, render_text
from handlers.core.messages import ChannelCapabilities, ChatKind, ChatRef, Incoming, Outgoing, Platform, UserRef

LineReader = Callable[[str], Awaitable[str | None]]
Writer = Callable[[str], None]

# Where escalated questions go when the bot is tried in the terminal without a STAFF_CHAT.
CONSOLE_STAFF_CHAT = ChatRef(Platform.CONSOLE, "nhom-can-bo-so")
BOT_HANDLE = "@bot"  # in a console group, "@bot câu hỏi" addresses the bot, like a mention
# A terminal shows any length and reads every line typed in a console "group"; replies follow
# their question at once, and buttons print as numbered lines.
CONSOLE_CAPABILITIES = ChannelCapabilities(max_text_length=100_000, can_reply_to=True, can_show_buttons=False)


@dataclass(frozen=True)
class ConsoleIdentity:
    user: UserRef
    name: str
    chat: ChatRef
    chat_kind: ChatKind
    chat_title: str = ""

    @property
    def home(self) -> frozenset[ChatRef]:
        """Where this terminal's person reads: the chat typed in, and their private chat (reminders
        and answers to tickets go to the person, whose private chat id is their user id)."""
        return frozenset({self.chat, ChatRef(self.user.platform, self.user.user_id)})


class _StdinLines:
    """Lines from the terminal read on the event loop (no thread blocked in input()), so Ctrl+C
    ends the console at once: a thread stuck reading stdin would hold the process open, or
    abort it at exit while holding stdin's lock."""

    def __init__(self) -> None:
        self._buffer = b""
        self._closed = False

    async def readline(self, prompt: str) -> str | None:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        while b"\n" not in self._buffer and not self._closed:
            chunk = await self._read_chunk()
            if chunk:
                self._buffer += chunk
            else:
                self._closed = True
        if not self._buffer:
            return None
        line, separator, rest = self._buffer.partition(b"\n")
        self._buffer = rest
        return line.decode("utf-8", errors="replace").rstrip("\r")

    @staticmethod
    async def _read_chunk() -> bytes:
        loop = asyncio.get_running_loop()
        descriptor = sys.stdin.fileno()
        ready: asyncio.Future[None] = loop.create_future()
        try:
            loop.add_reader(descriptor, lambda: ready.done() or ready.set_result(None))
        except (NotImplementedError, PermissionError, ValueError, OSError):
            # No selector for this stdin (Windows, a regular file): read in a worker instead.
            return await asyncio.to_thread(os.read, descriptor, 65536)
        try:
            await ready
        finally:
            loop.remove_reader(descriptor)
        try:
            return os.read(descriptor, 65536)
        except OSError:
            return b""


_STDIN = _StdinLines()


async def read_stdin(prompt: str) -> str | None:
    """One line from the terminal, or None at Ctrl+D (or when stdin closes)."""
    return await _STDIN.readline(prompt)


def render(message: Outgoing, home: frozenset[ChatRef] = frozenset()) -> str:
    """A message as the terminal shows it; one for another console chat (the staff group, another
    person) names where it went, so the whole loop can be followed from one terminal, and shows
    no numbered choices: they are for the people in that chat."""
    if not home or message.chat in home:
        return f"Trợ lý › {render_text(message, CONSOLE_CAPABILITIES)}"
    elsewhere = replace(message, buttons=())
    return f"Trợ lý → {_chat_name(message.chat)} › {render_text(elsewhere, CONSOLE_CAPABILITIES)}"


def _chat_name(chat: ChatRef) -> str:
    if chat == CONSOLE_STAFF_CHAT:
        return "nhóm cán bộ Sở"
    if chat.chat_id.startswith("nhom-"):
        return f"nhóm {chat.chat_id.removeprefix('nhom-')}"
    return f"tin nhắn riêng ({chat.chat_id.removeprefix('rieng-')})"


class ConsoleSender:
    platform = Platform.CONSOLE

    def __init__(self, write: Writer = print, home: frozenset[ChatRef] = frozenset()) -> None:
        self._write = write
        self._home = home  # the chats this terminal speaks in: its chat, and its user's private chat
        self._ids = itertools.count(1_000_000)

    async def send(self, message: Outgoing) -> str | None:
        self._write(render(message, self._home))
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
        command, at, rest = text.partition(BOT_HANDLE)
        if text.startswith("/") and at and " " not in command and (not rest or rest[0].isspace()):
            mentioned = True  # "/xong@bot 6A9", as Telegram's command menu writes it
            text = f"{command}{rest}"
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
