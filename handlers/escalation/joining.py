"""One answer, many askers: a question asked again while a ticket is open joins that ticket.

A repeat is the same wording after normalisation (diacritics, abbreviations, synonyms), or a
confident match to an open ticket's question by the same matcher that answers from the letter,
built over the open tickets. Colleagues of one school often ask the same thing in other words,
so within a school a weaker match is enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from handlers.answers.knowledge import LEVELS, Entry, KnowledgeBase
from handlers.answers.matcher import CONFIDENT, SUGGEST, Matcher
from handlers.answers.vietnamese import normalize
from storage.models import Ticket

# Above the matcher's "suggest" bar but below "confident": same school, likely the same question.
SAME_SCHOOL_CONFIDENCE = max(SUGGEST, 0.5)


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
    entries = tuple(
        Entry(id=_entry_id(t), question=t.question, phrasings=(), answer="", source="", levels=frozenset(LEVELS))
        for t in open_tickets
    )
    ranking = Matcher(KnowledgeBase(entries)).rank(question, today=today)
    best = ranking.best
    if best is None:
        return None
    ticket = by_id[best.entry.id]
    if ranking.confidence >= CONFIDENT:
        return ticket
    if school_id is not None and ticket.school_id == school_id and ranking.confidence >= SAME_SCHOOL_CONFIDENCE:
        return ticket
    return None
