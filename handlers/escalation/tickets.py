"""Opening a ticket: record the question, tell the asker, forward it to the staff chat with the
context staff need to answer (who, which school, where, when, and the bot's best guess).

A repeated question joins the open ticket instead, so staff are not pinged twice.
"""

from __future__ import annotations

from datetime import timedelta

from handlers import texts
from handlers.answers.answering import AnswerResult, fill_answer
from handlers.answers.deadlines import current_deadlines
from handlers.answers.knowledge import LEVELS
from handlers.answers.matcher import Matcher, group_levels
from handlers.core.context import Context, JobContext
from handlers.core.domain import format_when, short_quote
from handlers.core.messages import Outgoing
from handlers.core.personal_data import mask_citizen_ids
from handlers.escalation.joining import ticket_to_join
from handlers.escalation.relay import askers_of
from storage.models import Member, Ticket

# Questions one person may pass to the department per window, so nobody floods the staff chat; high
# enough for a new user's first hour of genuine questions (a new-user check reached 5 in minutes).
MAX_TICKETS_PER_WINDOW = 10
TICKET_WINDOW = timedelta(hours=1)
# The guess shown to staff is cut here: the whole entry is sent if they confirm it.
GUESS_QUOTE_CHARS = 300


async def open_ticket(
    ctx: Context, question: str, result: AnswerResult, matcher: Matcher | None, *, preface: str | None = None
) -> list[Outgoing]:
    """Record the question as a ticket (or join the open one it repeats), tell the asker, and
    forward a new ticket to the staff chat. ID numbers are hidden first: the bot keeps no
    personal data. `preface` (what the letter does not cover) opens what the asker reads."""
    incoming = ctx.incoming
    question = mask_citizen_ids(question)
    now = ctx.clock.now()
    if await ctx.uow.tickets.count_since(incoming.platform, incoming.sender.user_id, now - TICKET_WINDOW) >= MAX_TICKETS_PER_WINDOW:
        return [ctx.reply(_after(preface, texts.TICKETS_THROTTLED.format(count=MAX_TICKETS_PER_WINDOW)))]
    school_id = ctx.member.school_id if ctx.member is not None else None
    today = now.astimezone(ctx.config.timezone).date()
    primary = ticket_to_join(await ctx.uow.tickets.open_primaries(), question, school_id=school_id, today=today)
    if primary is not None and await _already_asked_by(ctx, primary):
        return [ctx.reply(_after(preface, texts.TICKET_ALREADY_ASKED.format(ticket=primary.id)))]
    level = await _asker_level(ctx)
    ticket = await ctx.uow.tickets.add(
        Ticket(
            platform=incoming.platform,
            chat_id=incoming.chat.chat_id,
            is_group=incoming.in_group,
            chat_title=incoming.chat_title,
            user_id=incoming.sender.user_id,
            sender_name=incoming.sender_name,
            message_id=incoming.message_id,
            question=question,
            level=level,
            school_id=school_id,
            confidence=result.confidence,
            created_at=now,
            joined_to=primary.id if primary is not None else None,
            suggestion=None if primary is not None else await _guess(ctx, matcher, question, level),
        )
    )
    if primary is not None:
        return [ctx.reply(_after(preface, texts.TICKET_JOINED.format(ticket=primary.id)))]
    notice = texts.ESCALATED if preface is None else texts.NOT_COVERED_ESCALATED
    replies = [ctx.reply(_after(preface, notice.format(ticket=ticket.id)))]
    forward = await staff_forward(ctx, ticket, ctx.member)
    if forward is not None:
        replies.append(forward)
    return replies


def _after(preface: str | None, text: str) -> str:
    return text if preface is None else f"{preface}\n\n{text}"


async def _already_asked_by(ctx: Context, primary: Ticket) -> bool:
    """The same person asking again in the same chat is told the ticket is in hand."""
    incoming = ctx.incoming
    same = await askers_of(ctx, primary)
    return any(
        t.platform == incoming.platform and t.user_id == incoming.sender.user_id and t.chat_id == incoming.chat.chat_id
        for t in same
    )


async def _asker_level(ctx: Context) -> str | None:
    """The group's level; in private, the level of the asker's school when it has only one."""
    if ctx.group is not None and ctx.group.level:
        return ctx.group.level
    if ctx.member is not None and ctx.member.school_id is not None:
        levels = await ctx.uow.schools.levels_of(ctx.member.school_id)
        if len(levels) == 1:
            return levels[0]
    return None


async def _guess(ctx: Context, matcher: Matcher | None, question: str, level: str | None) -> str | None:
    """What the bot would have answered, below its confidence bar, for staff to confirm."""
    if matcher is None:
        return None
    today = ctx.clock.now().astimezone(ctx.config.timezone).date()
    ranking = matcher.rank(question, today=today, levels=group_levels(level))
    best = ranking.best
    if best is None:
        return None
    levels = group_levels(level) or frozenset()
    deadlines = await current_deadlines(ctx.uow)
    body = fill_answer(best.entry, [lv for lv in LEVELS if lv in levels], deadlines, ctx.config.timezone, ctx.clock.now())
    return f"{body}\n\n{texts.SOURCE_LINE.format(source=best.entry.source)}"


async def staff_forward(ctx: JobContext, ticket: Ticket, member: Member | None) -> Outgoing | None:
    """The ticket as the staff chat sees it, linked to the ticket so a reply finds it."""
    staff_chat = ctx.config.staff_chat
    if staff_chat is None:
        return None
    assert ticket.id is not None  # flushed
    lines = [texts.STAFF_TICKET_HEADER.format(ticket=ticket.id), *await _asker_lines(ctx, ticket, member)]
    lines.append(texts.STAFF_TICKET_QUESTION.format(question=ticket.question))
    if ticket.suggestion:
        guess = short_quote(ticket.suggestion, GUESS_QUOTE_CHARS)
        lines.append(texts.STAFF_TICKET_GUESS.format(percent=round(ticket.confidence * 100), guess=guess, ticket=ticket.id))
    else:
        lines.append(texts.STAFF_TICKET_NO_GUESS)
    lines.append(texts.STAFF_TICKET_HOW.format(ticket=ticket.id))
    buttons = (texts.STAFF_GUESS_BUTTON.format(ticket=ticket.id),) if ticket.suggestion else ()
    return Outgoing(chat=staff_chat, text="\n".join(lines), buttons=buttons, ticket_id=ticket.id)


async def _asker_lines(ctx: JobContext, ticket: Ticket, member: Member | None) -> list[str]:
    lines = [texts.STAFF_TICKET_ASKER.format(name=ticket.sender_name or ticket.user_id)]
    if member is None:
        lines.append(texts.STAFF_TICKET_UNREGISTERED)
    else:
        lines.append(texts.STAFF_TICKET_ASKER_ROLE.format(role=texts.ROLE_NAMES.get(member.role, member.role)))
        school = await ctx.uow.schools.get(member.school_id) if member.school_id is not None else None
        if school is not None:
            lines.append(texts.STAFF_TICKET_SCHOOL.format(school=f"{school.name} ({school.code})"))
        district_id = school.district_id if school is not None else member.district_id
        district = await ctx.uow.districts.get(district_id) if district_id is not None else None
        if district is not None:
            lines.append(texts.STAFF_TICKET_DISTRICT.format(district=district.name))
    if ticket.level:
        lines.append(texts.STAFF_TICKET_LEVEL.format(level=texts.GROUP_NAMES.get(ticket.level, ticket.level)))
    platform = texts.PLATFORM_NAMES.get(ticket.platform, ticket.platform)
    if ticket.is_group:
        lines.append(texts.STAFF_TICKET_WHERE_GROUP.format(platform=platform, title=ticket.chat_title or ticket.chat_id))
    else:
        lines.append(texts.STAFF_TICKET_WHERE_PRIVATE.format(platform=platform))
    lines.append(texts.STAFF_TICKET_WHEN.format(when=format_when(ticket.created_at, ctx.config.timezone)))
    return lines
