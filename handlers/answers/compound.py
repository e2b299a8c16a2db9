"""Long and compound questions.

A long message ("Dạ em chào anh chị, em là phó hiệu trưởng…, cho em hỏi …") is also answered from
what follows its last "cho em hỏi" (its thanks left out), and that answer is kept when it is surer.

A message may ask two things at once: "hạn gv thcs và sđt hỗ trợ", "gvcn làm bb gì, hs hạn bao giờ".
The whole message is answered first. Its parts (split at commas, question marks, "và", "còn") are
then answered one by one; a part answered confidently from another entry, one the whole message's
entry does not explain, adds its answer under its own heading; so does a part the letter does not
cover (a not_covered entry, or a scope rule's verdict), and then the message is passed on too.
A message escalated as a whole is answered only when each question in it has its own reply
(see `_every_part`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from handlers import texts
from handlers.answers.matcher import CONFIDENT, SUGGEST, Matcher, Message
from handlers.core.domain import ASKING, THANKS_WORDS, fold_in_place

if TYPE_CHECKING:
    from handlers.answers.answering import AnswerResult

# "… e cảm ơn ạ" at the end.
_THANKS = re.compile(rf"[.!,]?\s*(?:\b(?:e|em|minh|toi)\s+)?(?:xin\s+)?{THANKS_WORDS}\b[^.?!]*[.!]*\s*$")
# "với"/"vs" are left out: they mostly mean "with" ("bàn giao giữa HT với GV"); "+" and "&" list
# things ("đồng bộ + báo cáo"); "con" without its accent is more often "child" than "còn".
# Commas and colons inside numbers ("1,4%", "17:00") do not separate.
_PART_SEPARATOR = re.compile(r"\s*(?:(?:[;?\n]|,(?!\d)|:(?!\d))+|\s(?:và|va|còn)\s)\s*", re.IGNORECASE)
# ", và …", ", vs …": the conjunction after a comma is not part of the question.
_LEADING_CONJUNCTION = re.compile(r"^(?:và|va|còn|con|vs|với|voi|\+|&)\s+", re.IGNORECASE)
# Shorter parts are fragments ("ai ạ", "cấp nào") that mean nothing alone.
_MIN_PART_SYLLABLES = 3
# A part is a second question when its own entry explains this much more of it than the whole
# message's entry does (coverage, 0..1).
_BETTER_EXPLAINED = 0.3


def asked_part(text: str) -> str | None:
    """What follows the last "cho em hỏi", without closing thanks; None when that is the whole message."""
    text = unicodedata.normalize("NFC", text)
    folded = fold_in_place(text)
    thanks = _THANKS.search(folded)
    end = thanks.start() if thanks and thanks.start() > 0 else len(text)
    start = None
    for asking in ASKING.finditer(folded, 0, end):
        start = asking.end()
    if start is None:
        start = _last_question_sentence(text, end)
    part = text[start:end].strip(" ,.:")
    return part if part and part != text.strip(" ,.:") else None


# A sentence ends at ".", "!" or "?" followed by a space (not inside "1.4%" or "2.3").
_SENTENCE_END = re.compile(r"[.!?]+\s+")


def _last_question_sentence(text: str, end: int) -> int:
    """Where the last sentence asking something starts, in a message of several sentences
    ("Em là kế toán … trường mới thành lập. Em muốn gọi điện hỏi Sở thì gọi số nào ạ?"); 0 if none."""
    starts = [0] + [match.end() for match in _SENTENCE_END.finditer(text, 0, end)]
    for start in reversed(starts[1:]):
        if Message.of(text[start:end]).is_question:
            return start
    return 0


def question_parts(text: str) -> list[str]:
    """The parts of a message long enough to be asked alone; fewer than two: not compound."""
    parts = [_LEADING_CONJUNCTION.sub("", part.strip()) for part in _PART_SEPARATOR.split(text)]
    return [part for part in parts if len(Message.of(part).normalized.syllables) >= _MIN_PART_SYLLABLES]


def answer_parts(
    matcher: Matcher,
    text: str,
    whole: AnswerResult,
    ask: Callable[[str], AnswerResult],
    deadline_entries: frozenset[str],
) -> AnswerResult:
    """`whole`, the answer to `text`, with the answers to its other questions; `ask` answers one part."""
    parts = question_parts(text)
    if len(parts) < 2:
        return whole
    if not answered(whole):
        return _every_part(whole, parts, [ask(part) for part in parts])
    extras: list[tuple[str, AnswerResult]] = []
    entries = {whole.entry_id}
    for position, part in enumerate(parts):
        if position == 0 and not Message.of(part).is_question:
            continue  # "Em ở trường THPT trực thuộc Sở, …": who is asking, not what
        result = ask(part)
        not_covered = _plainly_not_covered(result) and result.confidence >= SUGGEST
        if result.ruled_out and Message.of(part).is_question:
            extras.append((part, result))  # "…, và phần mềm có bản trên điện thoại không": not in the letter
            continue
        if not (_confident(result) or not_covered) or result.entry_id in entries:
            continue
        if {result.entry_id, whole.entry_id} <= deadline_entries:
            continue  # the deadline answer already gives both tracks
        if whole.entry_id and _explains(matcher, part, whole.entry_id, result.entry_id):
            continue
        entries.add(result.entry_id)
        extras.append((part, result))
    if not extras:
        return whole
    # a part the letter does not cover ("quên mật khẩu thì sao, và hạn gv là khi nào") is said so,
    # and the message is passed on for it
    passed_on = any(result.escalate for _, result in extras)
    return replace(
        whole,
        answer=_joined(whole.answer, extras),
        escalate=passed_on,
        declined=whole.declined or passed_on,
        speak=whole.speak and not passed_on,
    )


def _explains(matcher: Matcher, part: str, whole_entry: str, part_entry: str | None) -> bool:
    """The whole message's entry explains the part about as well as the part's own entry does."""
    whole, own = matcher.coverages(Message.of(part), (whole_entry, part_entry))
    return whole > own - _BETTER_EXPLAINED


def _every_part(whole: AnswerResult, parts: Sequence[str], results: Sequence[AnswerResult]) -> AnswerResult:
    """Answer a message escalated as a whole when each question in it has its own reply: a confident
    answer, the plain "the letter does not cover this" of a not_covered entry, or a scope rule's
    verdict (then the message is still passed on). At least one part must be answered, each from a
    different entry; a statement matched confidently ("Trên CSDL Ngành, …") is context, not a question."""
    asked: list[tuple[str, AnswerResult]] = []
    for part, result in zip(parts, results):
        if Message.of(part).is_question:
            asked.append((part, result))
        elif not _confident(result):
            return whole
    if not all(_confident(r) or _plainly_not_covered(r) or r.ruled_out for _, r in asked):
        return whole
    answered_entries = [r.entry_id for _, r in asked if not r.ruled_out]
    if len(set(answered_entries)) < len(answered_entries) or not any(_confident(r) for _, r in asked):
        return whole
    lead = next(i for i, (_, r) in enumerate(asked) if _confident(r))  # an answer opens the reply
    first = asked[lead][1]
    assert first.answer is not None
    others = [pair for i, pair in enumerate(asked) if i != lead]
    passed_on = any(r.escalate for _, r in asked)
    return replace(
        first,
        question=whole.question,
        answer=_joined(first.answer, others),
        escalate=passed_on,
        declined=passed_on,
        confidence=min(r.confidence for _, r in asked),
        speak=Message.of(whole.question).is_question and not passed_on,
    )


def _plainly_not_covered(result: AnswerResult) -> bool:
    """A reply that says what the letter does not cover, with the question passed on."""
    return result.escalate and result.declined and result.answer is not None


def answered(result: AnswerResult) -> bool:
    """Answered, not passed on (a reply that says the letter sets no student deadline is an answer)."""
    return not result.escalate and result.answer is not None


def _confident(result: AnswerResult) -> bool:
    return answered(result) and result.confidence >= CONFIDENT


def _joined(first: str, extras: Sequence[tuple[str, AnswerResult]]) -> str:
    blocks = [first] + [
        f"{texts.ANSWER_PART_HEADER.format(part=part)}\n{result.answer or texts.ANSWER_PART_NOT_IN_LETTER}"
        for part, result in extras
    ]
    return "\n\n".join(blocks)
