"""Quality of the question answering on the real knowledge base and evaluation set.

Deterministic: a fixed `today` inside the letter's campaign, the letter's deadlines.
"""

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from handlers.answers.answering import LETTER_DEADLINES, AnswerResult, answer_question
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "knowledge"
EVAL_SET = ROOT / "tests" / "data" / "eval_questions.yaml"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2023, 6, 5, 9, 0, tzinfo=TIMEZONE)
GROUP_LEVEL_FOR_CHATTER = "THCS"

MIN_ANSWERABLE_CORRECT = 0.95
MIN_OUT_OF_SCOPE_ESCALATED = 0.90
MIN_CHATTER_SILENT = 0.98


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(KNOWLEDGE))


@pytest.fixture(scope="module")
def evaluation() -> dict:
    return yaml.safe_load(EVAL_SET.read_text(encoding="utf-8"))


def ask(matcher: Matcher, text: str, level: str | None) -> AnswerResult:
    return answer_question(matcher, text, level=level, deadlines=LETTER_DEADLINES, timezone=TIMEZONE, now=NOW)


def report(failures: list[str], share: float, minimum: float, total: int) -> str:
    lines = "\n".join(f"  - {failure}" for failure in failures)
    return f"{share:.1%} < {minimum:.0%} ({len(failures)} of {total} failed):\n{lines}"


def test_answerable_questions_get_the_expected_entry_with_its_facts(matcher, evaluation):
    questions = evaluation["answerable"]
    failures = []
    for question in questions:
        result = ask(matcher, question["text"], question.get("level"))
        missing = [fact for fact in question.get("facts", []) if result.answer and fact not in result.answer]
        if result.escalate or result.entry_id != question["expect"] or missing:
            got = "escalated" if result.escalate else result.entry_id
            failures.append(
                f"{question['text']!r}: expected {question['expect']}, got {got} "
                f"(confidence {result.confidence:.2f}){f', missing facts {missing}' if missing else ''}"
            )
    share = 1 - len(failures) / len(questions)
    assert share >= MIN_ANSWERABLE_CORRECT, report(failures, share, MIN_ANSWERABLE_CORRECT, len(questions))


def test_out_of_scope_questions_are_escalated(matcher, evaluation):
    questions = evaluation["out_of_scope"]
    failures = []
    for question in questions:
        result = ask(matcher, question["text"], None)
        if not result.escalate:
            failures.append(
                f"{question['text']!r}: answered with {result.entry_id} (confidence {result.confidence:.2f})"
            )
    share = 1 - len(failures) / len(questions)
    assert share >= MIN_OUT_OF_SCOPE_ESCALATED, report(failures, share, MIN_OUT_OF_SCOPE_ESCALATED, len(questions))


def test_chatter_leaves_the_bot_silent_in_a_group(matcher, evaluation):
    messages = evaluation["chatter"]
    failures = []
    for message in messages:
        result = ask(matcher, message["text"], GROUP_LEVEL_FOR_CHATTER)
        if result.speak:
            failures.append(f"{message['text']!r}: would answer with {result.entry_id}")
    share = 1 - len(failures) / len(messages)
    assert share >= MIN_CHATTER_SILENT, report(failures, share, MIN_CHATTER_SILENT, len(messages))


def test_every_expected_entry_exists(matcher, evaluation):
    unknown = sorted({q["expect"] for q in evaluation["answerable"]} - {e.id for e in matcher.knowledge})
    assert not unknown, f"eval set expects entries missing from the knowledge base: {unknown}"
