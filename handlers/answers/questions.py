"""Questions: answer from the knowledge base, or pass the question to the department.

In a group the bot speaks when addressed (/hoi, a mention, a reply to it) or when a message is
clearly a question it can answer with confidence; everything else gets silence there. In a
private chat every question gets an answer or an escalation.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from handlers import texts
from handlers.answers.answering import AnswerResult, answer_question
from handlers.answers.deadlines import current_deadlines
from handlers.answers.matcher import Matcher, Message
from handlers.answers.vietnamese import is_vietnamese_syllable
from handlers.core.context import Context
from handlers.core.domain import Role
from handlers.core.guidance import courtesy_reply
from handlers.core.messages import Outgoing
from handlers.core.speech import Utterance
from handlers.escalation.faq import FaqAdditions
from handlers.escalation.tickets import open_ticket


@dataclass(frozen=True)
class QuestionDesk:
    """The question-answering capability, bound to one loaded knowledge base."""

    matcher: Matcher
    additions: FaqAdditions = field(default_factory=FaqAdditions)  # answers staff added (/themfaq)

    async def on_text(self, ctx: Context) -> list[Outgoing] | None:
        """Free text: a question for the bot, or not its business (None)."""
        return await self._respond(ctx, ctx.incoming.text)

    async def answer_text(self, ctx: Context, question: str) -> list[Outgoing] | None:
        """One question of a longer message (a report with a question after it)."""
        return await self._respond(ctx, question)

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
        if result.escalate and not has_substance(question):
            # "có ai không", "alo", a pasted script: nothing to pass to the department
            reply = courtesy_reply(ctx) or texts.PRIVATE_NOT_A_QUESTION
            return [ctx.reply(reply)] if ctx.may_say(Utterance.HINT) else None
        if (added := await self.additions.answer(ctx, question, result)) is not None:
            return added
        if result.answer is not None and result.escalate:
            # the letter does not cover it: say so, and still pass the question on
            return await escalate(ctx, question, result, self.matcher, preface=result.answer)
        if result.about_progress and _oversees_schools(ctx):
            return [ctx.reply(texts.PROGRESS_QUESTION_HINT_OVERSEER)]  # a Phòng or the Sở: theirs to see
        if result.answer is not None:
            return [ctx.reply(result.answer)]
        if not result.escalate:
            return None  # "cảm ơn ạ", "ok": nothing to answer
        return await escalate(ctx, question, result, self.matcher)


# Content words a message needs before it is worth a ticket: "có ai không" has one, "mật khẩu
# tài khoản bị khóa" has four.
_MIN_CONTENT_SYLLABLES = 2
_PRESENCE_WORDS = frozenset({"ai", "alo", "oi", "hello", "hi", "test", "thu", "bot", "tro", "ly"})


def has_substance(text: str) -> bool:
    """Whether a message holds something the department could answer: at least two Vietnamese
    content words beyond greetings and "is anyone there" (a script or symbols have none)."""
    normalized = Message.of(text).normalized
    words = [
        syllable
        for syllable, filler in zip(normalized.syllables, normalized.fillers)
        if not filler and syllable not in _PRESENCE_WORDS and is_vietnamese_syllable(syllable)
    ]
    return len(words) >= _MIN_CONTENT_SYLLABLES


def _oversees_schools(ctx: Context) -> bool:
    """A district officer or the Sở's admin: /tiendo shows them many schools, not one."""
    return ctx.is_admin or (ctx.member is not None and ctx.member.role in (Role.DISTRICT, Role.ADMIN))


def utterance_of(result: AnswerResult) -> Utterance | None:
    """What answering would say: a confident answer to a question, a guess, a ticket, or nothing."""
    if result.escalate:
        return Utterance.ESCALATION
    if result.answer is None:
        return None
    return Utterance.CONFIDENT_ANSWER if result.speak else Utterance.TENTATIVE_ANSWER


async def asker_school_levels(ctx: Context) -> tuple[str, ...]:
    """The levels of the asker's school (several for a TH&THCS school), or none."""
    if ctx.member is None or ctx.member.school_id is None:
        return ()
    return tuple(await ctx.uow.schools.levels_of(ctx.member.school_id))


async def escalate(
    ctx: Context, question: str, result: AnswerResult, matcher: Matcher | None = None, *, preface: str | None = None
) -> list[Outgoing]:
    """Pass the question to the department (see handlers/escalation/tickets.py); `preface` (what
    the letter does not cover) opens the reply to the asker."""
    return await open_ticket(ctx, question, result, matcher, preface=preface)
