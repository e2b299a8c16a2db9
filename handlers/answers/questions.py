"""Questions: answer from the knowledge base, or pass the question to the department.

In a group the bot speaks when addressed (/hoi, a mention, a reply to it) or when a message is
clearly a question it can answer with confidence; everything else gets silence there. In a
private chat every question gets an answer or an escalation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers import texts
from handlers.answers.answering import LETTER_DEADLINES, AnswerResult, Deadlines, answer_question
from handlers.answers.matcher import Matcher
from handlers.core.context import Context
from handlers.core.messages import Outgoing
from handlers.escalation.faq import FaqAdditions
from handlers.escalation.tickets import open_ticket
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class QuestionDesk:
    """The question-answering capability, bound to one loaded knowledge base."""

    matcher: Matcher
    additions: FaqAdditions = field(default_factory=FaqAdditions)  # answers staff added (/themfaq)

    async def on_text(self, ctx: Context) -> list[Outgoing] | None:
        """Free text: a question for the bot, or not its business (None)."""
        return await self._respond(ctx, ctx.incoming.text, addressed=ctx.incoming.addressed)

    async def on_command(self, ctx: Context, args: str) -> list[Outgoing]:
        """/hoi CÂU HỎI: always addressed to the bot."""
        if not args:
            return [ctx.reply(texts.ASK_USAGE)]
        return await self._respond(ctx, args, addressed=True) or [ctx.reply(texts.ASK_USAGE)]

    async def judge(self, ctx: Context, question: str) -> AnswerResult:
        level = await asker_level(ctx)
        today = ctx.clock.now().astimezone(ctx.config.timezone).date()
        deadlines = await current_deadlines(ctx.uow)
        return answer_question(
            self.matcher, question, level=level, deadlines=deadlines, timezone=ctx.config.timezone, today=today
        )

    async def _respond(self, ctx: Context, question: str, *, addressed: bool) -> list[Outgoing] | None:
        result = await self.judge(ctx, question)
        if (added := await self.additions.answer(ctx, question, result)) is not None:
            return added
        in_group = ctx.incoming.in_group
        if in_group and not addressed and not result.speak:
            return None  # chatter, or a question better left to the people in the group
        if result.answer is not None:
            return [ctx.reply(result.answer)]
        if not result.escalate:
            return None  # "cảm ơn ạ", "ok": nothing to answer
        return await escalate(ctx, question, result, self.matcher)


async def current_deadlines(uow: UnitOfWork) -> Deadlines:
    """The active campaign's deadlines when an administrator set them, otherwise the letter's."""
    return await uow.campaigns.active_deadlines() or LETTER_DEADLINES


async def asker_level(ctx: Context) -> str | None:
    """The group's level; in private, the level of the asker's school when it has only one."""
    if ctx.group is not None and ctx.group.level:
        return ctx.group.level
    if ctx.member is not None and ctx.member.school_id is not None:
        levels = await ctx.uow.schools.levels_of(ctx.member.school_id)
        if len(levels) == 1:
            return levels[0]
    return None


async def escalate(ctx: Context, question: str, result: AnswerResult, matcher: Matcher | None = None) -> list[Outgoing]:
    """Pass the question to the department (see handlers/escalation/tickets.py)."""
    return await open_ticket(ctx, question, result, matcher)
