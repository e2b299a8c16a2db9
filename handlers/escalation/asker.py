"""/phieu: the asker sees their tickets and where each stands."""

from __future__ import annotations

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import format_stamp, short_quote
from handlers.core.messages import Outgoing
from storage.models import Ticket, TicketStatus

MAX_LISTED = 10
ANSWER_CHARS = 600  # of each answer shown again in /phieu


async def my_tickets(ctx: Context, args: str) -> list[Outgoing]:
    sender = ctx.incoming.sender
    tickets = await ctx.uow.tickets.of_asker(sender.platform, sender.user_id, MAX_LISTED)
    if not tickets:
        return [ctx.reply(texts.MY_TICKETS_NONE)]
    lines = [texts.MY_TICKETS_HEADER]
    for ticket in tickets:
        shown = await _primary(ctx, ticket)
        lines.append(
            texts.MY_TICKET_LINE.format(
                ticket=shown.id,
                when=format_stamp(ticket.created_at, ctx.config.timezone),
                quote=short_quote(ticket.question),
                state=texts.TICKET_STATES[_state(shown)],
            )
        )
        if shown.status == TicketStatus.ANSWERED and shown.answer:
            # the answer itself, so it can be read again here (the reply may be far up the chat)
            answer = shown.answer if len(shown.answer) <= ANSWER_CHARS else shown.answer[:ANSWER_CHARS] + "…"
            lines.append(texts.MY_TICKET_ANSWER.format(answer=answer))
        elif shown.status == TicketStatus.CLOSED and shown.close_reason:
            lines.append(texts.MY_TICKET_CLOSE_REASON.format(reason=shown.close_reason))
    return [ctx.reply("\n".join(lines))]


async def _primary(ctx: Context, ticket: Ticket) -> Ticket:
    if ticket.joined_to is None:
        return ticket
    return await ctx.uow.tickets.get(ticket.joined_to) or ticket


def _state(ticket: Ticket) -> str:
    if ticket.status == TicketStatus.OPEN and ticket.holder:
        return "taken"
    return str(ticket.status)
