"""Answer a staff question from the knowledge base, or say it needs the department.

Pure: no database, no network, no clock (``today`` is passed in).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.answers.knowledge import DEADLINES_PLACEHOLDER, LEVELS, Entry
from handlers.answers.matcher import (
    CONFIDENT,
    SUGGEST,
    Matcher,
    Message,
    Ranking,
    ScoredEntry,
    find_levels,
    group_levels,
)

Deadlines = Mapping[tuple[str, str], datetime]  # (track, level) -> aware datetime

LETTER_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
_LETTER_TEACHER_EARLY = datetime(2023, 6, 8, 17, 0, tzinfo=LETTER_TIMEZONE)
_LETTER_TEACHER_LATE = datetime(2023, 6, 15, 17, 0, tzinfo=LETTER_TIMEZONE)
# Letter section 2.2: teacher data is due 17h00 08/06/2023 for MN, TH, THCS and
# 17h00 15/06/2023 for the other levels.
LETTER_DEADLINES: Deadlines = {
    ("teacher", "MN"): _LETTER_TEACHER_EARLY,
    ("teacher", "TH"): _LETTER_TEACHER_EARLY,
    ("teacher", "THCS"): _LETTER_TEACHER_EARLY,
    ("teacher", "THPT"): _LETTER_TEACHER_LATE,
    ("teacher", "GDTX"): _LETTER_TEACHER_LATE,
}

# A suggested topic must score at least this share of the best entry's score.
_SUGGESTION_MIN_SHARE = 0.35
_MAX_SUGGESTIONS = 2


@dataclass(frozen=True)
class AnswerResult:
    question: str
    answer: str | None  # the private-chat reply text (None when escalating or for chatter)
    escalate: bool
    confidence: float  # 0..1
    source: str | None  # the section cited, or None
    speak: bool  # whether the bot would speak if this were posted, unaddressed, in a group
    entry_id: str | None
    suggestions: tuple[str, ...]  # canonical questions of up to two other likely topics


def answer_question(
    matcher: Matcher,
    text: str,
    *,
    level: str | None,
    deadlines: Deadlines,
    timezone: ZoneInfo,
    today: date,
) -> AnswerResult:
    """Answer confidently, answer with suggestions, or escalate; chatter gets nothing.

    Chatter ("cảm ơn ạ", "ok", emoji) is neither answered nor escalated.
    """
    message = Message.of(text)
    if message.is_chatter:
        return AnswerResult(text, None, False, 0.0, None, False, None, ())
    ranking = matcher.rank_message(message, today=today, levels=group_levels(level))
    best = ranking.best
    if best is None or ranking.confidence < SUGGEST:
        return AnswerResult(text, None, True, ranking.confidence, None, False, None, ())
    named_levels, _ = find_levels(ranking.query.syllables)
    body = fill_answer(best.entry, named_levels or _levels_of_group(level), deadlines, timezone)
    confident = ranking.confidence >= CONFIDENT
    suggestions = () if confident else _suggestions(ranking)
    return AnswerResult(
        question=text,
        answer=compose_reply(body, best.entry.source, suggestions, confident=confident),
        escalate=False,
        confidence=ranking.confidence,
        source=best.entry.source,
        speak=confident and message.is_question,
        entry_id=best.entry.id,
        suggestions=suggestions,
    )


def _levels_of_group(level: str | None) -> tuple[str, ...]:
    levels = group_levels(level)
    return tuple(name for name in LEVELS if levels and name in levels)


def _suggestions(ranking: Ranking) -> tuple[str, ...]:
    best = ranking.ranked[0]
    others: Sequence[ScoredEntry] = ranking.ranked[1:]
    close = [o for o in others if o.score >= _SUGGESTION_MIN_SHARE * best.score]
    return tuple(o.entry.question for o in close[:_MAX_SUGGESTIONS])


def compose_reply(body: str, source: str, suggestions: Sequence[str], *, confident: bool) -> str:
    """The answer, its source unless the answer already cites it, and any suggestions."""
    parts = [body]
    if source.casefold() not in body.casefold():
        parts.append(texts.SOURCE_LINE.format(source=source))
    if not confident:
        if suggestions:
            lines = [texts.SUGGESTION_LINE.format(question=q) for q in suggestions]
            parts.append("\n".join([texts.SUGGESTIONS_HEADER, *lines]))
        parts.append(texts.UNCERTAIN_FOOTER)
    return "\n\n".join(parts)


def fill_answer(entry: Entry, levels: Sequence[str], deadlines: Deadlines, timezone: ZoneInfo) -> str:
    """The entry's answer with {deadlines} filled for the levels asked about."""
    if entry.deadline_track is None:
        return entry.answer
    wanted = [level for level in levels if level in entry.levels] or [lv for lv in LEVELS if lv in entry.levels]
    listing = format_deadlines(entry.deadline_track, wanted, deadlines, timezone)
    return entry.answer.replace(DEADLINES_PLACEHOLDER, listing)


def format_deadlines(track: str, levels: Sequence[str], deadlines: Deadlines, timezone: ZoneInfo) -> str:
    """One line per deadline, levels sharing it grouped: "- MN, TH, THCS: 17h00 ngày 08/06/2023"."""
    grouped: dict[datetime, list[str]] = {}
    for level in levels:
        due = deadlines.get((track, level))
        if due is not None:
            grouped.setdefault(due.astimezone(timezone), []).append(level)
    if not grouped:
        return texts.DEADLINE_UNKNOWN
    lines = [
        texts.DEADLINE_LINE.format(levels=texts.DEADLINE_LEVEL_SEPARATOR.join(names), when=format_when(due))
        for due, names in grouped.items()
    ]
    return "\n".join(lines)


def format_when(moment: datetime) -> str:
    """ "17h00 ngày 08/06/2023": dd/mm/yyyy, as every date the bot shows."""
    return texts.DEADLINE_WHEN.format(
        hour=moment.hour, minute=moment.minute, day=moment.day, month=moment.month, year=moment.year
    )
