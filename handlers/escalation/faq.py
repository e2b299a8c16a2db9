"""Learning from answered tickets: /themfaq turns a staff answer into a knowledge-base addition
that answers the next identical or paraphrased question at once.

Additions live in the database, not in the YAML files: they are the department's answers, not
the letter's, and an administrator reviews or withdraws them (python -m bot faq). The question
desk consults them through `FaqAdditions`, a matcher over the additions in force that is
rebuilt whenever they change, so an addition made at run time (by any process) counts at once.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date

from handlers import texts
from handlers.answers.answering import AnswerResult
from handlers.answers.compound import asked_part
from handlers.answers.knowledge import LEVELS, Entry, KnowledgeBase
from handlers.answers.matcher import CONFIDENT, Matcher, is_chatter, looks_like_question
from handlers.core.context import Context
from handlers.core.messages import Outgoing
from handlers.core.speech import Utterance
from handlers.escalation.joining import wording
from handlers.escalation.queue import ticket_named
from handlers.escalation.relay import staff_name
from storage.models import FaqAddition, TicketStatus
from storage.uow import UnitOfWork


def entry_of(addition: FaqAddition) -> Entry:
    """An addition as a knowledge-base entry; its source says it is a department answer."""
    return Entry(
        id=f"bo-sung-{addition.id}",
        question=addition.question,
        phrasings=tuple(json.loads(addition.phrasings)),
        answer=texts.FAQ_ANSWER.format(answer=addition.answer, ticket=addition.ticket_id),
        source=texts.FAQ_SOURCE.format(ticket=addition.ticket_id),
        levels=frozenset(LEVELS),
    )


@dataclass(eq=False)
class FaqAdditions:
    """The additions in force, as a matcher, rebuilt when they change."""

    _version: tuple[int, int] | None = field(default=None, init=False)
    _matcher: Matcher | None = field(default=None, init=False)

    async def matcher(self, uow: UnitOfWork) -> Matcher | None:
        version = await uow.faq_additions.version()
        if version != self._version:
            additions = await uow.faq_additions.in_force()
            entries = tuple(entry_of(addition) for addition in additions)
            self._matcher = Matcher(KnowledgeBase(entries)) if entries else None
            self._version = version
        return self._matcher

    async def find(self, uow: UnitOfWork, question: str, result: AnswerResult, today: date) -> Entry | None:
        """The addition answering a question the letter does not answer with confidence (or says
        plainly it does not cover), if any."""
        answered_from_letter = result.answer is not None and not result.escalate and result.confidence >= CONFIDENT
        if answered_from_letter or is_chatter(question):
            return None
        matcher = await self.matcher(uow)
        if matcher is None:
            return None
        ranking = matcher.rank(asked_part(question) or question, today=today)
        if ranking.best is None or ranking.confidence < CONFIDENT:
            return None
        return ranking.best.entry

    async def answer(self, ctx: Context, question: str, result: AnswerResult) -> list[Outgoing] | None:
        """The department's answer to a question the letter does not answer with confidence."""
        today = ctx.clock.now().astimezone(ctx.config.timezone).date()
        entry = await self.find(ctx.uow, question, result, today)
        if entry is None:
            return None
        unprompted = not ctx.incoming.addressed and ctx.incoming.in_group
        if unprompted and not (looks_like_question(question) and ctx.may_say(Utterance.CONFIDENT_ANSWER)):
            return None
        return [ctx.reply(entry.answer)]


async def promote(ctx: Context, args: str) -> list[Outgoing]:
    """/themfaq N: the answered ticket's question, its joined askers' wordings and the staff
    answer become an addition."""
    named = await ticket_named(ctx, args, texts.STAFF_NUMBER_USAGE.format(command="themfaq"))
    if isinstance(named, str):
        return [ctx.reply(named)]
    ticket, _ = named
    assert ticket.id is not None
    if ticket.status != TicketStatus.ANSWERED or not ticket.answer:
        return [ctx.reply(texts.FAQ_NOT_ANSWERED.format(ticket=ticket.id))]
    existing = await ctx.uow.faq_additions.of_ticket(ticket.id)
    if existing is not None:
        return [ctx.reply(texts.FAQ_ALREADY.format(ticket=ticket.id, addition=existing.id))]
    # "Dạ em chào anh chị, em là …, cho em hỏi X": only X is matched later, never the introduction
    question = asked_part(ticket.question) or ticket.question
    joined = [asked_part(t.question) or t.question for t in await ctx.uow.tickets.joined(ticket.id)]
    phrasings = _distinct_wordings(question, joined)
    addition = await ctx.uow.faq_additions.add(
        FaqAddition(
            ticket_id=ticket.id,
            question=question,
            phrasings=json.dumps(phrasings, ensure_ascii=False),
            answer=ticket.answer,
            added_by=staff_name(ctx),
            created_at=ctx.clock.now(),
        )
    )
    return [ctx.reply(texts.FAQ_ADDED.format(ticket=ticket.id, addition=addition.id, phrasings=len(phrasings) + 1))]


def _distinct_wordings(question: str, others: list[str]) -> list[str]:
    seen = {wording(question)}
    kept = []
    for other in others:
        key = wording(other)
        if key not in seen:
            seen.add(key)
            kept.append(other)
    return kept
