"""/start, /help, and the pointer to /help for private text nobody else handled."""

from __future__ import annotations

import re

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import THANKS, fold_diacritics
from handlers.core.messages import Outgoing
from handlers.core.speech import Utterance


def describe_commands(ctx: Context) -> str:
    lines = [texts.HELP_HEADER]
    for command in ctx.available_commands:
        usage = command.usage or f"/{command.name}"
        lines.append(texts.HELP_LINE.format(usage=usage, summary=command.summary))
    if any(command.name == "hoi" for command in ctx.available_commands):
        lines.append(texts.ASK_HINT)
    if ctx.incoming.in_group:
        if ctx.group is not None and ctx.group.level:
            lines.append(texts.HELP_GROUP_LEVEL.format(level=texts.GROUP_NAMES[ctx.group.level]))
        else:
            lines.append(texts.HELP_GROUP_NO_LEVEL)
            if ctx.is_admin:
                lines.append(texts.HELP_GROUP_LEVEL_HINT)
        advice = texts.GROUP_REACH_ADVICE[ctx.capabilities.group_reach]
        if not ctx.incoming.sees_group_chatter and advice:
            lines.append(advice)
    return "\n".join(lines)


async def show_help(ctx: Context, args: str) -> list[Outgoing]:
    return [ctx.reply(describe_commands(ctx))]


async def start(ctx: Context, args: str) -> list[Outgoing]:
    return [ctx.reply(f"{texts.START}\n\n{describe_commands(ctx)}")]


async def point_to_help(ctx: Context) -> list[Outgoing] | None:
    """Text no capability claimed: in private (or addressed), thanks and greetings get a courteous
    reply, anything else where to look; in a group, stay quiet."""
    if not ctx.may_say(Utterance.FALLBACK):
        return []
    return [ctx.reply(courtesy_reply(ctx) or texts.PRIVATE_FALLBACK)]


_GREETING = re.compile(r"\b(?:chao|hello|hi|alo)\b")


def courtesy_reply(ctx: Context) -> str | None:
    """ "cảm ơn ạ" gets "không có gì"; "em chào anh chị" a greeting, with how to register for
    someone the bot does not know yet; other text None."""
    folded = fold_diacritics(ctx.incoming.text).casefold()
    if THANKS.search(folded):
        return texts.COURTESY_THANKS
    if _GREETING.search(folded):
        return texts.COURTESY_GREETING + ("" if ctx.member is not None else "\n" + texts.COURTESY_REGISTER_HINT)
    return None


async def explain_unreadable(ctx: Context) -> list[Outgoing] | None:
    """The platform did not give the bot this message's content: say so instead of guessing."""
    if not ctx.incoming.unreadable:
        return None
    return [ctx.reply(texts.UNREADABLE_MESSAGE)]
