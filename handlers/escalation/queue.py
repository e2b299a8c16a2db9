"""Working the queue from the staff chat: take a ticket, close it without an answer, list the
open ones by age, or confirm the bot's own guess."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import short_quote
from handlers.core.messages import Outgoing
from handlers.escalation.relay import (
    answer_ticket,
    asker_labels,
    askers_of,
    primary_ticket,
    refusal,
    staff_name,
    to_asker,
)
from storage.models import Ticket, TicketStatus

# How many open tickets /mo lists; the rest are counted.
MAX_LISTED = 20
CLOSE_REASON_CHARS = 500
_NUMBER = re.compile(r"^#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL)


def parse_number(args: str) -> tuple[int, str] | None:
    """(ticket number, the rest) from "12 text", "#12"; None when no number leads."""
    match = _NUMBER.match(args.strip())
    if match is None:
        return None
    return int(match[1]), (match[2] or "").strip()


async def ticket_named(ctx: Context, args: str, usage: str) -> tuple[Ticket, str] | str:
    """The ticket a staff command names ("12 lý do") with the rest of its text, or what to say:
    how to use the command, or that no such ticket exists."""
    parsed = parse_number(args)
    if parsed is None:
        return usage
    ticket = await primary_ticket(ctx, parsed[0])
    if ticket is None:
        return texts.STAFF_TICKET_NOT_FOUND.format(ticket=parsed[0])
    return ticket, parsed[1]


async def reply_command(ctx: Context, args: str) -> list[Outgoing]:
    """/traloi N text."""
    parsed = parse_number(args)
    if parsed is None:
        return [ctx.reply(texts.STAFF_TRALOI_USAGE)]
    return await answer_ticket(ctx, *parsed)


async def send_guess(ctx: Context, args: str) -> list[Outgoing]:
    """/goiy N: the bot's guess was right; send it as the answer."""
    named = await ticket_named(ctx, args, texts.STAFF_NUMBER_USAGE.format(command="goiy"))
    if isinstance(named, str):
        return [ctx.reply(named)]
    ticket, _ = named
    refused = refusal(ticket)  # a guess is never sent as a correction: /traloi N says what is right
    if refused is not None or not ticket.suggestion:
        return [ctx.reply(refused or texts.STAFF_NO_GUESS.format(ticket=ticket.id))]
    assert ticket.id is not None
    return await answer_ticket(ctx, ticket.id, ticket.suggestion)


async def take(ctx: Context, args: str) -> list[Outgoing]:
    """/ve N: this staff member answers the ticket (others see who holds it in /mo)."""
    named = await ticket_named(ctx, args, texts.STAFF_NUMBER_USAGE.format(command="ve"))
    if isinstance(named, str):
        return [ctx.reply(named)]
    ticket, _ = named
    refused = refusal(ticket)
    if refused is not None:
        return [ctx.reply(refused)]
    holder, previous = staff_name(ctx), ticket.holder
    ticket.holder = holder
    ctx.uow.tickets.save(ticket)
    if previous and previous != holder:
        return [ctx.reply(texts.STAFF_TAKEN_ALREADY.format(ticket=ticket.id, holder=previous, new_holder=holder))]
    return [ctx.reply(texts.STAFF_TAKEN.format(ticket=ticket.id, holder=holder))]


async def close(ctx: Context, args: str) -> list[Outgoing]:
    """/dong N [lý do]: closed without an answer, with every joined asker."""
    named = await ticket_named(ctx, args, texts.STAFF_DONG_USAGE)
    if isinstance(named, str):
        return [ctx.reply(named)]
    ticket, rest = named
    refused = refusal(ticket)
    if refused is not None:
        return [ctx.reply(refused)]
    assert ticket.id is not None
    reason = rest[:CLOSE_REASON_CHARS]
    now = ctx.clock.now()
    askers = await askers_of(ctx, ticket)
    for asked in askers:
        asked.status, asked.closed_at, asked.close_reason = TicketStatus.CLOSED, now, reason
        asked.answered_by = staff_name(ctx)
        ctx.uow.tickets.save(asked)
    # Every asker learns their question was closed (and why), in their own chat, under the question.
    because = texts.TICKET_CLOSED_NOTICE_REASON.format(reason=reason.rstrip(" .")) if reason else ""
    notice = texts.TICKET_CLOSED_NOTICE.format(ticket=ticket.id, reason=because)
    told = [to_asker(asked, notice) for asked in askers]
    said = texts.STAFF_CLOSED_REASON.format(reason=reason) if reason else ""
    closed = texts.STAFF_CLOSED.format(ticket=ticket.id, reason=said)
    told_to = texts.STAFF_CLOSED_TOLD.format(count=len(askers), askers=asker_labels(askers))
    return [*told, ctx.reply(f"{closed} {told_to}")]


async def merge(ctx: Context, args: str) -> list[Outgoing]:
    """/gop N M: ticket N asks what ticket M asks, in other words. Its askers join M: they get M's
    answer now if it has one, else when it comes (a duplicate closed with /dong would get nothing)."""
    named = await ticket_named(ctx, args, texts.STAFF_GOP_USAGE)
    if isinstance(named, str):
        return [ctx.reply(named)]
    source, rest = named
    if not rest.isdigit():
        return [ctx.reply(texts.STAFF_GOP_USAGE)]
    target = await primary_ticket(ctx, int(rest))
    if target is None:
        return [ctx.reply(texts.STAFF_TICKET_NOT_FOUND.format(ticket=int(rest)))]
    assert source.id is not None and target.id is not None
    if source.id == target.id:
        return [ctx.reply(texts.STAFF_GOP_SAME.format(ticket=target.id))]
    refused = refusal(source) or (refusal(target) if target.status == TicketStatus.CLOSED else None)
    if refused is not None:
        return [ctx.reply(refused)]
    askers = await askers_of(ctx, source)
    answered = target.status == TicketStatus.ANSWERED
    for asked in askers:
        asked.joined_to = target.id
        if answered:
            asked.status, asked.answer = TicketStatus.ANSWERED, target.answer
            asked.answered_by, asked.closed_at = target.answered_by, ctx.clock.now()
        ctx.uow.tickets.save(asked)
    if answered:
        told = [to_asker(a, texts.TICKET_ANSWER.format(ticket=target.id, answer=target.answer)) for a in askers]
        outcome = texts.STAFF_MERGED_ANSWERED.format(target=target.id)
    else:
        told = [to_asker(a, texts.TICKET_MERGED_NOTICE.format(ticket=source.id, target=target.id)) for a in askers]
        outcome = texts.STAFF_MERGED_WAITING.format(target=target.id)
    summary = texts.STAFF_MERGED.format(
        ticket=source.id, target=target.id, count=len(askers), askers=asker_labels(askers), outcome=outcome
    )
    return [*told, ctx.reply(summary)]


async def list_open(ctx: Context, args: str) -> list[Outgoing]:
    """/mo: open tickets, oldest first, with their age and who holds them."""
    tickets = await ctx.uow.tickets.open_primaries()
    if not tickets:
        return [ctx.reply(texts.STAFF_OPEN_NONE)]
    now = ctx.clock.now()
    lines = [texts.STAFF_OPEN_HEADER.format(count=len(tickets))]
    for ticket in tickets[:MAX_LISTED]:
        assert ticket.id is not None
        joined = len(await ctx.uow.tickets.joined(ticket.id))
        line = texts.STAFF_OPEN_LINE.format(
            ticket=ticket.id,
            age=format_age(ticket.created_at, now),
            holder=ticket.holder or texts.STAFF_OPEN_NOBODY,
            asker=ticket.sender_name or ticket.user_id,
            quote=short_quote(ticket.question),
        )
        lines.append(line + (texts.STAFF_OPEN_JOINED.format(count=joined) if joined else ""))
    if len(tickets) > MAX_LISTED:
        lines.append(texts.STAFF_OPEN_MORE.format(count=len(tickets) - MAX_LISTED))
    return [ctx.reply("\n".join(lines))]


def format_age(since: datetime, now: datetime) -> str:
    age = max(now - since, timedelta(0))
    if age < timedelta(hours=1):
        return texts.STAFF_AGE_MINUTES.format(minutes=int(age.total_seconds() // 60))
    if age < timedelta(days=2):
        return texts.STAFF_AGE_HOURS.format(hours=int(age.total_seconds() // 3600))
    return texts.STAFF_AGE_DAYS.format(days=age.days)
