"""Answer a staff question from the knowledge base, or say it needs the department.

Pure: no database, no network, no clock (the moment ``now`` is passed in).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.answers.compound import answer_parts, answered, asked_part
from handlers.answers.deadlines import (
    LETTER_DEADLINES,
    LETTER_YEAR,
    STUDENT,
    TEACHER,
    DeadlineFact,
    DeadlineQuestion,
    answer_deadline,
    asks_a_steps_deadline,
    asks_beyond_the_letter,
    format_when,
    is_deadline_question,
    parse_deadline_question,
    refers_to_the_letter,
)
from handlers.answers.knowledge import LEVELS, Entry, KnowledgeBase
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
from handlers.answers.scope import (
    OutOfScope,
    asks_mismatch,
    foreign_topic,
    listed_named,
    local_subject,
    never_said,
    question_asks,
)

__all__ = ["LETTER_DEADLINES", "DeadlineFact", "AnswerResult", "answer_question", "format_when"]

# A recognised deadline question is answered from structured data, not from a phrasing match.
DEADLINE_CONFIDENCE = 0.9
# The letter's dates: a date in a question is read as a deadline only if it is one of them.
_LETTER_DATES = [fact.due_at.date() for fact in LETTER_DEADLINES]
_SHORT_DEADLINE_QUESTION = 6
_BELOW_SUGGEST = SUGGEST - 0.01
# A question wanting who/when/where/how many, matched to an entry that never answers that kind,
# keeps this share of its confidence (fitted on the old evaluation set).
ASKS_MISMATCH_FACTOR = 0.3
# Where the letter speaks of each track's deadline.
_LETTER_SECTIONS = {TEACHER: "mục 2.2", STUDENT: "mục 2.3"}
_DEPARTMENT_SOURCE = "thông báo của Sở GDĐT"

# The question after "cho em hỏi" replaces the whole message's answer when it is this much surer.
_FOCUS_MARGIN = 0.05
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
    # The reply says plainly that the letter does not cover this (and escalates) or points to a
    # command (/tiendo) instead of answering from the letter.
    declined: bool = False
    # Escalated because a scope rule says the letter cannot answer it, not for a weak match.
    ruled_out: bool = False
    # Asks about a school's own progress: the reply points to /tiendo.
    about_progress: bool = False


def answer_question(
    matcher: Matcher,
    text: str,
    *,
    level: str | None,
    deadlines: Sequence[DeadlineFact],
    timezone: ZoneInfo,
    now: datetime,
    asker_levels: Sequence[str] = (),
) -> AnswerResult:
    """Answer confidently, answer with suggestions, or escalate; chatter gets nothing.

    `level` is the group's level, `asker_levels` the levels of the asker's school (a school
    with several levels has several); `deadlines` are those in force (empty when none is set).
    Chatter ("cảm ơn ạ", "ok", emoji) is neither answered nor escalated. A message asking two
    things gets both answers (see `compound`).
    """

    asking = _Asking(matcher, level, tuple(deadlines), timezone, now)

    def ask(question: str, levels: Sequence[str] = asker_levels) -> AnswerResult:
        return _answer_whole(asking, question, asker_levels=levels)

    whole = ask(text)
    if whole.answer is None and not whole.escalate:
        return whole  # chatter
    asked, parts_of = asked_part(text), text
    if asked is not None:
        # the levels the introduction named ("em ở trường mầm non…, cho em hỏi hạn là khi nào") still hold
        focused = ask(asked, find_levels(Message.of(text).normalized.syllables)[0] or asker_levels)
        surer = focused.confidence > whole.confidence + _FOCUS_MARGIN
        if answered(focused) and (not answered(whole) or surer) or not answered(whole) and focused.declined:
            # the question itself is answered, or said plainly not to be in the letter
            whole, parts_of = replace(focused, question=text), asked
    result = answer_parts(matcher, parts_of, whole, ask, matcher.knowledge.deadline_entries)
    if addressed_to_a_colleague(text):
        result = replace(result, speak=False)  # "chị Lan ơi, hạn chót là bao giờ": hers to answer first
    return result


@dataclass(frozen=True)
class _Asking:
    """What every message of one question is answered against (see `answer_question`)."""

    matcher: Matcher
    level: str | None
    deadlines: Sequence[DeadlineFact]
    timezone: ZoneInfo
    now: datetime


def _answer_whole(asking: _Asking, text: str, *, asker_levels: Sequence[str]) -> AnswerResult:
    """One message (or one part of it) answered as it stands."""
    matcher, level, deadlines, timezone, now = (
        asking.matcher, asking.level, asking.deadlines, asking.timezone, asking.now
    )
    message = Message.of(text)
    dates = [fact.due_at.astimezone(timezone).date() for fact in deadlines] + _LETTER_DATES
    if message.is_chatter and not is_deadline_question(message.normalized, message.text, dates):
        return AnswerResult(text, None, False, 0.0, None, False, None, ())
    if asks_who_the_bot_is(message.normalized.syllables):
        return AnswerResult(text, texts.BOT_INTRO, False, 1.0, None, False, None, (), True)  # only when addressed
    today = now.astimezone(timezone).date()
    ranking = matcher.rank_message(message, today=today, levels=group_levels(level))
    best = ranking.best
    context_levels = tuple(asker_levels) or _levels_of_group(level)
    syllables = ranking.query.syllables
    known_years = {2023, now.astimezone(timezone).year, *(d.year for d in dates)}
    if foreign_topic(syllables, message.text, known_years=known_years) is not None:
        return _escalation(message, ranking.confidence, ruled_out=True)
    asks_deadline = is_deadline_question(ranking.query, message.text, dates)
    local = local_subject(syllables, message.text)
    if local is OutOfScope.SCHOOL_PROGRESS and not asks_deadline:
        # "quận mình còn bao nhiêu trường chưa xong": /tiendo answers it, whatever detail it names
        return AnswerResult(
            text, texts.PROGRESS_QUESTION_HINT, False, ranking.confidence, None, False, None, (),
            declined=True, about_progress=True,
        )
    if never_said(syllables, deadline_question=asks_deadline):
        if best is not None and best.entry.not_covered and ranking.confidence >= SUGGEST:
            return _not_covered(message, best.entry, ranking.confidence)  # says what the letter lacks
        return _escalation(message, ranking.confidence, ruled_out=True)
    if asks_deadline or (best is not None and best.entry.deadline_track and ranking.confidence >= SUGGEST):
        named_levels, _ = find_levels(ranking.query.syllables)
        question = parse_deadline_question(ranking.query, text, named_levels, now, timezone)
        if question.track is None and best is not None and not asks_deadline:
            question = DeadlineQuestion(question.levels, best.entry.deadline_track, None, None)
        return _deadline_result(matcher.knowledge, message, question, deadlines, context_levels, now, timezone, ranking)
    if local is not None:
        return _escalation(message, ranking.confidence, ruled_out=True)
    confidence = ranking.confidence
    if best is not None and asks_mismatch(question_asks(syllables, message.text), best.entry):
        confidence *= ASKS_MISMATCH_FACTOR
    if best is None or confidence < SUGGEST:
        return _escalation(message, confidence)
    if best.entry.not_covered:
        return _not_covered(message, best.entry, confidence)
    named_levels, _ = find_levels(syllables)
    body = fill_answer(best.entry, named_levels or context_levels, deadlines, timezone, now)
    listed = listed_named(best.entry, syllables)
    if listed is not None:
        body = f"{texts.LISTED_YES.format(name=listed)}\n{body}"  # "trường Khiếm thính có trong … không": yes first
    confident = confidence >= CONFIDENT
    suggestions = () if confident else _suggestions(ranking)
    return AnswerResult(
        question=text,
        answer=compose_reply(body, best.entry.source, suggestions, confident=confident),
        escalate=False,
        confidence=confidence,
        source=best.entry.source,
        speak=confident and message.is_question,
        entry_id=best.entry.id,
        suggestions=suggestions,
    )


# "thầy Hùng ơi", "chị Lan ơi", "c Hoa oi": a colleague addressed by name ("anh chị ơi", "ad ơi" are not).
_COLLEAGUE = re.compile(
    r"^\W*(?:dạ\s+|da\s+)?(?:thầy|thay|cô|co|anh|chị|chi|em|bác|bac|chú|chu|a|c|e)\s+"
    r"(?!(?:chị|chi|anh|cô|co|thầy|thay|ad|admin|sở|so|mọi|moi|cả|ca|bot|trợ|tro|em|e)\b)[^\W\d_]+\s+(?:ơi|oi)\b",
    re.IGNORECASE,
)


def addressed_to_a_colleague(text: str) -> bool:
    """A message opening by calling a colleague by name: not the bot's to answer unasked in a group."""
    return bool(_COLLEAGUE.search(text))


# "bạn là ai", "bot này là gì", "trợ lý làm được gì": about the bot itself, not the letter.
_ABOUT_THE_BOT = re.compile(
    r"(?:^| )(?:ban|bot|chatbot|tro ly)(?: nay)? (?:la ai|la gi|lam duoc gi|giup duoc gi|lam gi)(?: |$)"
)
_MAX_IDENTITY_SYLLABLES = 8


def asks_who_the_bot_is(syllables: tuple[str, ...]) -> bool:
    """A short question about the bot itself: "bạn là ai", "trợ lý này làm được gì"."""
    return len(syllables) <= _MAX_IDENTITY_SYLLABLES and bool(_ABOUT_THE_BOT.search(" ".join(syllables)))


def _not_covered(message: Message, entry: Entry, confidence: float) -> AnswerResult:
    """Say plainly what the letter does not cover (no source line), and pass the question on."""
    return AnswerResult(message.text, entry.answer, True, confidence, entry.source, False, entry.id, (), True)


def _escalation(message: Message, confidence: float, *, ruled_out: bool = False) -> AnswerResult:
    """Nothing the bot may answer: the question goes to the department. `ruled_out`: a scope rule
    (another province, a detail the letter never gives…) decided, not a weak match."""
    return AnswerResult(
        message.text, None, True, min(confidence, _BELOW_SUGGEST), None, False, None, (), ruled_out=ruled_out
    )


def _deadline_result(
    knowledge: KnowledgeBase,
    message: Message,
    question: DeadlineQuestion,
    deadlines: Sequence[DeadlineFact],
    context_levels: Sequence[str],
    now: datetime,
    timezone: ZoneInfo,
    ranking: Ranking,
) -> AnswerResult:
    body = answer_deadline(question, deadlines, context_levels=context_levels, now=now, timezone=timezone)
    track = question.track or TEACHER
    source = _deadline_source(track, deadlines)
    from_letter = source is not None and source == _LETTER_SECTIONS[track]
    if refers_to_the_letter(message.normalized, message.text) and not from_letter:
        # what the letter set (2023), then what the campaign in force says, each credited to its source
        letter_question = replace(question, asked_date=_in_letter_year(question.asked_date, message.text))
        letter = answer_deadline(
            letter_question, LETTER_DEADLINES, context_levels=context_levels, now=now, timezone=timezone
        )
        # the student-data note was said once already, with the letter's dates
        current_question = replace(question, asked_date=None, track=question.track or TEACHER)
        current = answer_deadline(current_question, deadlines, context_levels=context_levels, now=now, timezone=timezone)
        body = "\n\n".join([letter, texts.DEADLINE_CURRENT_CAMPAIGN, current])
        source, from_letter = _LETTER_SECTIONS[track], True
    beyond = _beyond_the_letter(message)
    if beyond is not None:
        # more time, penalties, a step's own deadline: not in the letter; give what is, and pass it on
        reply = f"{beyond}\n{body}"
        entry_id = deadline_entry_id(knowledge, track)
        return AnswerResult(message.text, reply, True, ranking.confidence, source, False, entry_id, (), True)
    return AnswerResult(
        question=message.text,
        # the letter's dates cite their section; a department's or a demo's say so in their header
        answer=compose_reply(body, source, (), confident=True) if from_letter else body,
        escalate=False,
        confidence=max(ranking.confidence, DEADLINE_CONFIDENCE),
        source=source,
        speak=message.is_question or _reads_as_deadline_question(message),
        entry_id=deadline_entry_id(knowledge, track),
        suggestions=(),
        # student data: the reply says first that the letter sets no deadline for it
        declined=question.track == STUDENT,
    )


def _beyond_the_letter(message: Message) -> str | None:
    """What the letter does not say about its deadlines, when the question asks it; None otherwise."""
    if asks_beyond_the_letter(message.normalized, message.text):
        return texts.DEADLINE_BEYOND_LETTER
    if asks_a_steps_deadline(message.normalized):
        return texts.DEADLINE_OF_A_STEP
    return None


def _in_letter_year(asked: date | None, text: str) -> date | None:
    """ "8/6" asked about the letter is 8 June 2023, unless the asker wrote another year."""
    if asked is None or str(asked.year) in text:
        return asked
    return asked.replace(year=LETTER_YEAR)


def _reads_as_deadline_question(message: Message) -> bool:
    """ "hạn cuối cấp thpt", "deadline": a short message that opens with the deadline asks for it."""
    syllables = message.normalized.syllables
    return len(syllables) <= _SHORT_DEADLINE_QUESTION and syllables[:1] in (("han",), ("thoi",))


def _deadline_source(track: str, deadlines: Sequence[DeadlineFact]) -> str | None:
    if not deadlines:
        return None
    facts = [f for f in deadlines if f.track == track] or list(deadlines)
    return _LETTER_SECTIONS[track] if all(f.from_letter for f in facts) else _DEPARTMENT_SOURCE


def deadline_entry_id(knowledge: KnowledgeBase, track: str) -> str | None:
    """The knowledge entry about a track's deadline (its id names the topic in results)."""
    ids = [e.id for e in knowledge if e.deadline_track == track] or [e.id for e in knowledge if e.deadline_track]
    return ids[0] if ids else None


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


def fill_answer(
    entry: Entry, levels: Sequence[str], deadlines: Sequence[DeadlineFact], timezone: ZoneInfo, now: datetime
) -> str:
    """The entry's answer; a deadline entry is answered from the deadlines for the levels asked about."""
    if entry.deadline_track is None:
        return entry.answer
    wanted = tuple(level for level in levels if level in entry.levels)
    question = DeadlineQuestion(wanted, entry.deadline_track, None, None)
    return answer_deadline(question, deadlines, context_levels=(), now=now, timezone=timezone)
