"""The staff chat is not a place to ask: every message there is a staff action.

A reply to a forwarded ticket answers it (the ticket is found from the sent message's id, kept on
its outbox row, never from forwarded-message metadata, which users can hide); /traloi, /goiy,
/ve, /dong, /gop, /mo and /themfaq work the queue; anything else there is left to the people in it.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable

from handlers import texts
from handlers.core.context import Context
from handlers.core.dispatcher import parse_command
from handlers.core.messages import Outgoing
from handlers.escalation import faq, queue
from handlers.escalation.relay import answer_ticket

StaffAction = Callable[[Context, str], Awaitable[list[Outgoing]]]

STAFF_COMMANDS: dict[str, StaffAction] = {
    "traloi": queue.reply_command,
    "goiy": queue.send_guess,
    "ve": queue.take,
    "dong": queue.close,
    "gop": queue.merge,
    "mo": queue.list_open,
    "themfaq": faq.promote,
}
# Commands that would treat the staff chat as a place to ask.
_QUESTION_COMMANDS = frozenset({"hoi"})
# The button under a forward with a guess: its text comes back as the message.
_GUESS_BUTTON = re.compile("^" + re.escape(texts.STAFF_GUESS_BUTTON).replace(r"\{ticket\}", r"(\d{1,9})") + "$")


def in_staff_chat(ctx: Context) -> bool:
    return ctx.config.staff_chat is not None and ctx.incoming.chat == ctx.config.staff_chat


async def staff_chat_guard(ctx: Context) -> list[Outgoing] | None:
    """Route a staff-chat message to its staff action; None outside the staff chat."""
    if not in_staff_chat(ctx):
        return None
    incoming = ctx.incoming
    parsed = parse_command(incoming.text)
    if parsed is not None:
        name, args = parsed
        if name in STAFF_COMMANDS:
            return await STAFF_COMMANDS[name](ctx, args)
        if name == "help":
            return [ctx.reply(texts.STAFF_HELP)]
        if name in _QUESTION_COMMANDS:
            return [ctx.reply(texts.STAFF_CHAT_NOT_FOR_QUESTIONS)]
        return None  # /start, /nhom…: as anywhere else
    button = _GUESS_BUTTON.match(incoming.text)
    if button is not None:
        return await queue.send_guess(ctx, button[1])
    if incoming.reply_to is not None:
        ticket = await ctx.uow.tickets.forwarded_as(incoming.platform, incoming.chat.chat_id, incoming.reply_to)
        if ticket is not None:
            assert ticket.id is not None
            return await answer_ticket(ctx, ticket.id, incoming.text)
        if incoming.mentioned:  # a reply to one of the bot's other messages
            return [ctx.reply(texts.STAFF_REPLY_NOT_A_TICKET)]
    return []  # staff talking among themselves: never a question for the bot


def elsewhere(name: str) -> Callable[[Context, str], Awaitable[list[Outgoing]]]:
    """A staff command typed outside the staff chat: say where it works."""

    async def refuse(ctx: Context, args: str) -> list[Outgoing]:
        return [ctx.reply(texts.STAFF_ONLY_COMMAND.format(name=name))]

    return refuse
