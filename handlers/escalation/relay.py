"""Relaying a staff answer: every asker of the ticket gets it in their own chat, under their
question (with a short quote where the platform cannot thread replies), or privately when the
group is gone; the staff chat is told to whom it went."""

from __future__ import annotations

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import short_quote
from handlers.core.messages import ChatRef, Outgoing, Platform
from handlers.core.personal_data import mask_citizen_ids
from storage.models import Ticket, TicketStatus


async def primary_ticket(ctx: Context, ticket_id: int) -> Ticket | None:
    """The ticket staff act on: a joined ticket stands for the one it joined."""
    ticket = await ctx.uow.tickets.get(ticket_id)
    if ticket is not None and ticket.joined_to is not None:
        return await ctx.uow.tickets.get(ticket.joined_to)
    return ticket


def refusal(ticket: Ticket) -> str | None:
    """Why an answer to this ticket is not sent, or None when it can be."""
    if ticket.status == TicketStatus.ANSWERED:
        return texts.STAFF_TICKET_ALREADY_ANSWERED.format(ticket=ticket.id, by=ticket.answered_by or "cán bộ Sở")
    if ticket.status == TicketStatus.CLOSED:
        reason = ticket.close_reason or texts.STAFF_CLOSE_NO_REASON
        return texts.STAFF_TICKET_ALREADY_CLOSED.format(ticket=ticket.id, reason=reason)
    return None


async def askers_of(ctx: Context, ticket: Ticket) -> list[Ticket]:
    """The ticket and every ticket that joined it: one per person who asked."""
    assert ticket.id is not None
    return [ticket, *await ctx.uow.tickets.joined(ticket.id)]


def staff_name(ctx: Context) -> str:
    return ctx.incoming.sender_name or str(ctx.incoming.sender)


async def answer_ticket(ctx: Context, ticket_id: int, answer: str) -> list[Outgoing]:
    """Send `answer` to every asker of the ticket and mark them answered."""
    answer = mask_citizen_ids(answer.strip())
    ticket = await primary_ticket(ctx, ticket_id)
    if ticket is None:
        return [ctx.reply(texts.STAFF_TICKET_NOT_FOUND.format(ticket=ticket_id))]
    assert ticket.id is not None
    if not answer:
        return [ctx.reply(texts.STAFF_ANSWER_EMPTY.format(ticket=ticket.id))]
    # An answered ticket answered again is a correction (a wrong guess sent with /goiy, a typo):
    # every asker gets it, marked as such.
    correcting = ticket.status == TicketStatus.ANSWERED
    refused = None if correcting else refusal(ticket)
    if refused is not None:
        return [ctx.reply(refused)]
    if correcting and answer == ticket.answer:
        return [ctx.reply(texts.STAFF_TICKET_ALREADY_ANSWERED.format(ticket=ticket.id, by=ticket.answered_by or "cán bộ Sở"))]
    askers = await askers_of(ctx, ticket)
    by = staff_name(ctx)
    now = ctx.clock.now()
    for asked in askers:
        asked.status, asked.answer, asked.answered_by, asked.closed_at = TicketStatus.ANSWERED, answer, by, now
        ctx.uow.tickets.save(asked)
    template = texts.TICKET_CORRECTION if correcting else texts.TICKET_ANSWER
    relayed = [to_asker(asked, template.format(ticket=ticket.id, answer=answer)) for asked in askers]
    names = asker_labels(askers)
    queued = texts.STAFF_CORRECTION_QUEUED if correcting else texts.STAFF_ANSWER_QUEUED
    confirmation = ctx.reply(queued.format(ticket=ticket.id, count=len(askers), askers=names))
    return [*relayed, confirmation]


def to_asker(ticket: Ticket, text: str) -> Outgoing:
    """A message to the asker, under their question; from a group, privately if the group is gone."""
    return Outgoing(
        chat=ChatRef(Platform(ticket.platform), ticket.chat_id),
        text=text,
        reply_to=ticket.message_id,
        quote=short_quote(ticket.question),
        ticket_id=ticket.id,
        # A private chat's id is the user's id on the platforms the bot serves.
        fallback_chat_id=ticket.user_id if ticket.is_group else None,
    )


def asker_label(ticket: Ticket) -> str:
    platform = texts.PLATFORM_NAMES.get(ticket.platform, ticket.platform)
    name = ticket.sender_name or ticket.user_id
    if ticket.is_group:
        return texts.STAFF_ASKER_IN_GROUP.format(name=name, title=ticket.chat_title or ticket.chat_id, platform=platform)
    return texts.STAFF_ASKER_IN_PRIVATE.format(name=name, platform=platform)


def asker_labels(askers: list[Ticket]) -> str:
    """ "Nguyễn Thị Lan (nhóm …, Telegram), Phạm Minh (nhắn riêng, Zalo)": who the staff reached."""
    return ", ".join(asker_label(asked) for asked in askers)


def undelivered_notice(ticket_id: int, chat: ChatRef, reason: str, staff_chat: ChatRef | None) -> Outgoing | None:
    """What the staff chat is told when a ticket's answer could not be delivered at all
    (None for the staff chat's own messages: it cannot be told about itself)."""
    if staff_chat is None or chat == staff_chat:
        return None
    platform = texts.PLATFORM_NAMES.get(chat.platform, chat.platform)
    text = texts.STAFF_ANSWER_UNDELIVERED.format(ticket=ticket_id, platform=platform, chat=chat.chat_id, reason=reason[:200])
    return Outgoing(chat=staff_chat, text=text)
