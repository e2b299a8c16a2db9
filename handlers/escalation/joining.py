"""One answer, many askers: a question asked again while a ticket is open joins that ticket.

A repeat is the same wording after normalisation (diacritics, abbreviations, synonyms), or a
confident match to an open ticket's question by the same matcher that answers from the letter,
built over the open tickets. Colleagues of one school often ask the same thing in other words,
so within a school the matcher's usual confidence bar is enough.

A wrong join sends an asker someone else's answer, a missed one only pings staff twice, so the
bar is set high: on the evaluation set (bench/bench_escalation.py) 0.85 joins 15 of 137 repeats
and none wrongly, where the matcher's usual 0.70 joins 30 but 3 to the wrong ticket.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from handlers.answers.knowledge import LEVELS, Entry, KnowledgeBase
from handlers.answers.matcher import CONFIDENT, Matcher
from handlers.answers.vietnamese import normalize
from storage.models import Ticket

JOIN_CONFIDENCE = 0.85
SAME_SCHOOL_CONFIDENCE = CONFIDENT


@lru_cache(maxsize=4096)
def wording(text: str) -> str:
    """The question's normalised syllables: equal for "gv" / "giáo viên", with or without diacritics."""
    return " ".join(normalize(text).syllables)


def _entry_id(ticket: Ticket) -> str:
    return f"phieu-{ticket.id}"


def ticket_to_join(open_tickets: Sequence[Ticket], question: str, *, school_id: int | None, today: date) -> Ticket | None:
    """The open ticket this question repeats, if any."""
    if not open_tickets:
        return None
    key = wording(question)
    for ticket in open_tickets:
        if wording(ticket.question) == key:
            return ticket
    by_id = {_entry_id(ticket): ticket for ticket in open_tickets}
    ranking = _index(tuple((_entry_id(t), t.question) for t in open_tickets)).rank(question, today=today)
    best = ranking.best
    if best is None:
        return None
    ticket = by_id[best.entry.id]
    if ranking.confidence >= JOIN_CONFIDENCE:
        return ticket
    if school_id is not None and ticket.school_id == school_id and ranking.confidence >= SAME_SCHOOL_CONFIDENCE:
        return ticket
    return None


@lru_cache(maxsize=4)
def _index(questions: tuple[tuple[str, str], ...]) -> Matcher:
    """A matcher over the open tickets' questions; joining a ticket leaves the open set as it
    was, so a run of repeats reuses it and only a new ticket costs a rebuild."""
    entries = tuple(
        Entry(id=entry_id, question=question, phrasings=(), answer="", source="", levels=frozenset(LEVELS))
        for entry_id, question in questions
    )
    return Matcher(KnowledgeBase(entries))
