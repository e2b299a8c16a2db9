"""Routes a message to the capability that handles it: commands by name, free text in order."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from handlers import texts
from handlers.core.context import Context
from handlers.core.messages import ChatKind, Incoming, Outgoing
from handlers.core.speech import Utterance

CommandHandler = Callable[[Context, str], Awaitable[list[Outgoing]]]
# A text handler returns None when the message is not its business, so the next one may try.
TextHandler = Callable[[Context], Awaitable[list[Outgoing] | None]]

ANYWHERE = frozenset(ChatKind)
GROUPS = frozenset({ChatKind.GROUP})
PRIVATE = frozenset({ChatKind.PRIVATE})

# "/cmd", "/cmd args". Names are ASCII by platform rule; channels strip their bot's own "@name".
_COMMAND = re.compile(r"^/(?P<name>[A-Za-z0-9_]{1,32})(?:\s+(?P<args>.*))?$", re.DOTALL)


@dataclass(frozen=True)
class Command:
    name: str
    run: CommandHandler
    summary: str
    usage: str = ""
    admin_only: bool = False
    where: frozenset[ChatKind] = ANYWHERE
    # Whom /help lists it for (None: everyone). The handler itself explains any refusal.
    roles: frozenset[str] | None = None

    def usable_by(self, ctx: Context) -> bool:
        if self.admin_only and not ctx.is_admin or ctx.incoming.chat_kind not in self.where:
            return False
        if self.roles is None:
            return True
        role = "admin" if ctx.is_admin else (ctx.member.role if ctx.member else "unregistered")
        return role in self.roles


def parse_command(text: str) -> tuple[str, str] | None:
    """('name', 'args') for a command message, None for free text."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    return match["name"].lower(), (match["args"] or "").strip()


def split_glued_command(text: str, names: Iterable[str]) -> tuple[str, str] | None:
    """('xong', '6A5') for "/xong6A5": a known command typed with its argument glued on (a common
    phone slip). Only when the rest starts with a digit, and only when exactly one known name
    fits, so no command is ever mistaken for another; None otherwise."""
    stripped = text.strip()
    if not stripped.startswith("/"):
        return None
    body = stripped[1:]
    fits = [
        name for name in names
        if body[: len(name)].lower() == name and body[len(name): len(name) + 1].isdigit()
    ]
    if len(fits) != 1:
        return None
    name = fits[0]
    return name, body[len(name):].strip()


class Dispatcher:
    def __init__(
        self,
        commands: Iterable[Command],
        text_handlers: Sequence[TextHandler] = (),
        guards: Sequence[TextHandler] = (),
    ) -> None:
        self._commands = {command.name: command for command in commands}
        self._text_handlers = tuple(text_handlers)
        # Guards see every message, commands included, and may answer it instead of routing.
        self._guards = tuple(guards)

    @property
    def commands(self) -> tuple[Command, ...]:
        return tuple(self._commands.values())

    async def dispatch(self, ctx: Context) -> list[Outgoing]:
        ctx.available_commands = [c for c in self._commands.values() if c.usable_by(ctx)]
        ctx.incoming = self._unglued(ctx.incoming)
        for guard in self._guards:
            result = await guard(ctx)
            if result is not None:
                return result
        parsed = parse_command(ctx.incoming.text)
        if parsed is None:
            return await self._dispatch_text(ctx)
        name, args = parsed
        command = self._commands.get(name)
        if command is None:
            if not ctx.may_say(Utterance.UNKNOWN_COMMAND):
                return []  # likely meant for another bot in the group; never add noise there
            return [ctx.reply(texts.UNKNOWN_COMMAND.format(name=name))]
        if command.admin_only and not ctx.is_admin:
            return [ctx.reply(texts.ADMIN_ONLY.format(name=name))]
        if ctx.incoming.chat_kind not in command.where:
            refusal = texts.GROUP_ONLY if command.where == GROUPS else texts.PRIVATE_ONLY
            return [ctx.reply(refusal.format(name=name))]
        return await command.run(ctx, args)

    def _unglued(self, incoming: Incoming) -> Incoming:
        """"/xong6A5" read as "/xong 6A5" (see split_glued_command), before guards see it, so the
        staff chat's "/dong5" works too. A name that is itself a command is left alone."""
        parsed = parse_command(incoming.text)
        if parsed is not None and parsed[0] in self._commands:
            return incoming
        glued = split_glued_command(incoming.text, self._commands)
        if glued is None:
            return incoming
        name, args = glued
        return replace(incoming, text=f"/{name} {args}")

    async def _dispatch_text(self, ctx: Context) -> list[Outgoing]:
        for handler in self._text_handlers:
            result = await handler(ctx)
            if result is not None:
                return result
        return []
