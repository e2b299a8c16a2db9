"""Questions: answer from the knowledge base, or pass the question to the department.

In a group the bot speaks when addressed (/hoi, a mention, a reply to it) or when a message is
clearly a question it can answer with confidence; everything else gets silence there. In a
private chat every question gets an answer or an escalation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from handlers import texts
from handlers.answers.answering import AnswerResult, answer_question
from handlers.answers.deadlines import DeadlineFact
from handlers.answers.matcher import Matcher
from handlers.core.context import Context
from handlers.core.messages import Outgoing
from handlers.core.personal_data import mask_citizen_ids
from handlers.core.speech import Utterance
from storage.models import Ticket
from storage.uow import UnitOfWork

# Questions one person may pass to the department per window, so nobody floods the staff chat.
MAX_TICKETS_PER_WINDOW = 5
TICKET_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class QuestionDesk:
    """The question-answering capability, bound to one loaded knowledge base."""

    matcher: Matcher

    async def on_text(self, ctx: Context) -> list[Outgoing] | None:
        """Free text: a question for the bot, or not its business (None)."""
        return await self._respond(ctx, ctx.incoming.text)

    async def on_command(self, ctx: Context, args: str) -> list[Outgoing]:
        """/hoi CÂU HỎI: a command, so addressed to the bot."""
        if not args:
            return [ctx.reply(texts.ASK_USAGE)]
        return await self._respond(ctx, args) or [ctx.reply(texts.ASK_USAGE)]

    async def judge(self, ctx: Context, question: str) -> AnswerResult:
        group_level = ctx.group.level if ctx.group is not None and ctx.group.level else None
        return answer_question(
            self.matcher,
            question,
            level=group_level,
            deadlines=await current_deadlines(ctx.uow),
            timezone=ctx.config.timezone,
            now=ctx.clock.now(),
            asker_levels=await asker_school_levels(ctx),
        )

    async def _respond(self, ctx: Context, question: str) -> list[Outgoing] | None:
        result = await self.judge(ctx, question)
        utterance = utterance_of(result)
        if utterance is None or not ctx.may_say(utterance):
            return None  # chatter, or (in a group) a question better left to the people there
        if result.answer is not None and result.escalate:
            # the letter does not cover it: say so, and still pass the question on
            return await escalate(ctx, question, result, preface=result.answer)
        if result.answer is not None:
            return [ctx.reply(result.answer)]
        if not result.escalate:
            return None  # "cảm ơn ạ", "ok": nothing to answer
        return await escalate(ctx, question, result)


def utterance_of(result: AnswerResult) -> Utterance | None:
    """What answering would say: a confident answer to a question, a guess, a ticket, or nothing."""
    if result.escalate:
        return Utterance.ESCALATION
    if result.answer is None:
        return None
    return Utterance.CONFIDENT_ANSWER if result.speak else Utterance.TENTATIVE_ANSWER


async def current_deadlines(uow: UnitOfWork) -> list[DeadlineFact]:
    """The active campaign's deadlines; empty when no campaign is active (never the 2023 letter's
    dates by default). A campaign's dates are the department's announcement (from_letter=False)."""
    deadlines = await uow.campaigns.active_deadlines()
    return [
        DeadlineFact(level=level, track=str(track), due_at=_aware(due_at), from_letter=False)
        for (track, level), due_at in sorted(deadlines.items())
    ]


def _aware(moment: datetime) -> datetime:
    """Stored times are UTC; some databases hand them back without their zone."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


async def asker_school_levels(ctx: Context) -> tuple[str, ...]:
    """The levels of the asker's school (several for a TH&THCS school), or none."""
    if ctx.member is None or ctx.member.school_id is None:
        return ()
    return tuple(await ctx.uow.schools.levels_of(ctx.member.school_id))


async def escalate(ctx: Context, question: str, result: AnswerResult, *, preface: str | None = None) -> list[Outgoing]:
    """Record the question as a ticket, tell the asker, and copy it to the staff chat if set.
    ID numbers are hidden first: the bot keeps no personal data. `preface` (what the letter does
    not cover) opens the reply to the asker."""
    incoming = ctx.incoming
    question = mask_citizen_ids(question)
    since = ctx.clock.now() - TICKET_WINDOW
    if await ctx.uow.tickets.count_since(incoming.platform, incoming.sender.user_id, since) >= MAX_TICKETS_PER_WINDOW:
        return [ctx.reply(_after(preface, texts.TICKETS_THROTTLED))]
    ticket = await ctx.uow.tickets.add(
        Ticket(
            platform=incoming.platform,
            chat_id=incoming.chat.chat_id,
            is_group=incoming.in_group,
            user_id=incoming.sender.user_id,
            sender_name=incoming.sender_name,
            message_id=incoming.message_id,
            question=question,
            level=ctx.group.level if ctx.group else None,
            confidence=result.confidence,
            created_at=ctx.clock.now(),
        )
    )
    notice = texts.ESCALATED if preface is None else texts.NOT_COVERED_ESCALATED
    replies = [ctx.reply(_after(preface, notice.format(ticket=ticket.id)))]
    staff_chat = ctx.config.staff_chat
    if staff_chat is not None:
        where = incoming.chat_title or texts.PRIVATE_CHAT_NAME
        replies.append(
            Outgoing(
                chat=staff_chat,
                text=texts.STAFF_FORWARD.format(
                    ticket=ticket.id, sender=incoming.sender_name or incoming.sender.user_id, where=where, question=question
                ),
            )
        )
    return replies


def _after(preface: str | None, text: str) -> str:
    return text if preface is None else f"{preface}\n\n{text}"
