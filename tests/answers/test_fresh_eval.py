"""The fresh evaluation sets: written from the letter alone by people who never saw the knowledge
base. Only reported on, never fitted (thresholds and phrasings are fitted on eval_questions.yaml).
The first set's failures were read once while building issue 9, so its figure is partly fitted;
the second to fifth (fresh_eval_questions_2.yaml to _5.yaml) were written afterwards, each by a helper
who saw only the letter; nobody has read them while changing the bot (the benchmark never prints
their failures, and neither does this test). The second and third sets' aggregate figures were
watched while changing the bot, and the fourth's was measured at the end of two sessions; the fifth,
measured only before and after the session that added it, gives the most honest figure.

Issue 9's targets are answerable right >= 95%, out-of-scope escalated or plainly declined >= 90%,
chatter silent >= 95%, confidently wrong <= 2%. Where the target is not reached yet, the test holds
the level reached so far as a floor (see `FLOORS`), so that it can only go up.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from handlers.answers.answering import LETTER_DEADLINES, AnswerResult, answer_question
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2023, 6, 5, 9, 0, tzinfo=TIMEZONE)  # the set assumes today is 05/06/2023
GROUP_LEVEL_FOR_CHATTER = "THCS"

TARGETS = {"answerable": 0.95, "out_of_scope": 0.90, "chatter": 0.95, "confidently_wrong": 0.02}
# Reached on 01/12/2026 (bench/bench_matcher.py), per set: answerable, out of scope, chatter, wrong.
FLOORS = {
    # 100%, 100%, 100%, 0.0%
    "fresh_eval_questions.yaml": {"answerable": 0.99, "out_of_scope": 0.98, "chatter": 0.95, "confidently_wrong": 0.01},
    # 93.5%, 91.3%, 100%, 2.9%
    "fresh_eval_questions_2.yaml": {"answerable": 0.93, "out_of_scope": 0.91, "chatter": 0.95, "confidently_wrong": 0.03},
    # 93.5%, 94.0%, 100%, 3.6%
    "fresh_eval_questions_3.yaml": {"answerable": 0.93, "out_of_scope": 0.93, "chatter": 0.95, "confidently_wrong": 0.037},
    # 97.5%, 92.9%, 100%, 2.2% (95.0%, 67.1%, 100%, 10.0% two sessions before)
    "fresh_eval_questions_4.yaml": {"answerable": 0.97, "out_of_scope": 0.92, "chatter": 0.95, "confidently_wrong": 0.023},
    # 93.0%, 95.0%, 100%, 2.9% (92.5%, 80.0%, 100%, 8.2% on the tree before the session that added it)
    "fresh_eval_questions_5.yaml": {"answerable": 0.92, "out_of_scope": 0.94, "chatter": 0.95, "confidently_wrong": 0.03},
}


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_knowledge(ROOT / "knowledge"))


@pytest.fixture(scope="module", params=sorted(FLOORS))
def fresh_set(request) -> str:
    return request.param


@dataclass(frozen=True)
class Figures:
    """Shares only: a failing test must not print the questions (an unseen set read is a set fitted)."""

    answerable: float
    out_of_scope: float
    chatter: float
    confidently_wrong: float


@pytest.fixture(scope="module")
def figures(matcher, fresh_set) -> Figures:
    data = yaml.safe_load((DATA / fresh_set).read_text(encoding="utf-8"))

    def ask(text: str, level: str | None) -> AnswerResult:
        return answer_question(matcher, text, level=level, deadlines=LETTER_DEADLINES, timezone=TIMEZONE, now=NOW)

    answerable = [(q, ask(q["text"], q.get("level"))) for q in data["answerable"]]
    out_of_scope = [ask(q["text"], None) for q in data["out_of_scope"]]
    chatter = [ask(q["text"], GROUP_LEVEL_FOR_CHATTER) for q in data["chatter"]]
    wrong = sum(not right(q, r) and not handled(r) and r.answer is not None for q, r in answerable)
    wrong += sum(not handled(r) for r in out_of_scope)
    return Figures(
        answerable=sum(right(q, r) for q, r in answerable) / len(answerable),
        out_of_scope=sum(handled(r) for r in out_of_scope) / len(out_of_scope),
        chatter=sum(not r.speak for r in chatter) / len(chatter),
        confidently_wrong=wrong / (len(answerable) + len(out_of_scope)),
    )


def right(question: dict, result: AnswerResult) -> bool:
    return not result.escalate and result.answer is not None and all(
        re.search(fact, result.answer, re.IGNORECASE) for fact in question["facts"]
    )


def handled(result: AnswerResult) -> bool:
    return result.escalate or result.declined


def test_answerable_questions_get_their_facts(figures, fresh_set):
    assert figures.answerable >= FLOORS[fresh_set]["answerable"], f"{fresh_set}: {figures.answerable:.1%}"


def test_out_of_scope_questions_are_escalated_or_plainly_declined(figures, fresh_set):
    assert figures.out_of_scope >= FLOORS[fresh_set]["out_of_scope"], f"{fresh_set}: {figures.out_of_scope:.1%}"


def test_chatter_leaves_the_bot_silent_in_a_group(figures, fresh_set):
    assert figures.chatter >= FLOORS[fresh_set]["chatter"], f"{fresh_set}: {figures.chatter:.1%}"


def test_confidently_wrong_answers_are_rare(figures, fresh_set):
    share = figures.confidently_wrong
    assert share <= FLOORS[fresh_set]["confidently_wrong"], f"{fresh_set}: {share:.1%}"
