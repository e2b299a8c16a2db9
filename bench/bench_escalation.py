"""Benchmark joining repeated questions to open tickets, side by side with wording-only joining.

    python bench/bench_escalation.py

Scenario from the evaluation set (tests/data/eval_questions.yaml): the first question of each
knowledge entry is an open ticket; every other question about the same entry should join that
ticket, and no out-of-scope question should join any. Two rules:
- wording: join only on equal wording after normalisation (diacritics, abbreviations);
- ours: handlers.escalation.joining.ticket_to_join (wording, then a confident match by the
  matcher built over the open tickets; no school given, so the same-school rule is off).
Figures: right joins, wrong joins (to another entry's ticket), missed repeats, out-of-scope
questions wrongly joined, and the time per question with 10, 100 and 500 open tickets: "cold"
when a new ticket has just changed the open set (the index over the open tickets is rebuilt),
"warm" when it has not (a run of repeats joining, which leaves the set as it was).
"""

from __future__ import annotations

import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handlers.escalation.joining import ticket_to_join, wording  # noqa: E402
from storage.models import Ticket  # noqa: E402

TODAY = date(2026, 6, 1)


def load_set() -> tuple[dict[str, list[str]], list[str]]:
    data = yaml.safe_load((ROOT / "tests" / "data" / "eval_questions.yaml").read_text(encoding="utf-8"))
    by_entry: dict[str, list[str]] = defaultdict(list)
    for item in data["answerable"]:
        by_entry[item["expect"]].append(item["text"])
    return by_entry, [item["text"] for item in data["out_of_scope"]]


def ticket(ticket_id: int, question: str) -> Ticket:
    return Ticket(id=ticket_id, platform="telegram", chat_id="-1", user_id="1", question=question,
                  created_at=datetime(2026, 6, 1, tzinfo=UTC))


def wording_only(open_tickets: list[Ticket], question: str) -> Ticket | None:
    key = wording(question)
    return next((t for t in open_tickets if wording(t.question) == key), None)


def ours(open_tickets: list[Ticket], question: str) -> Ticket | None:
    return ticket_to_join(open_tickets, question, school_id=None, today=TODAY)


def quality(rule, by_entry: dict[str, list[str]], out_of_scope: list[str]) -> dict[str, int]:
    entries = sorted(by_entry)
    open_tickets = [ticket(i + 1, by_entry[e][0]) for i, e in enumerate(entries)]
    entry_of = {t.id: e for t, e in zip(open_tickets, entries)}
    counts = {"right": 0, "wrong": 0, "missed": 0, "out_of_scope_joined": 0, "repeats": 0, "out_of_scope": len(out_of_scope)}
    for entry in entries:
        for question in by_entry[entry][1:]:
            counts["repeats"] += 1
            joined = rule(open_tickets, question)
            if joined is None:
                counts["missed"] += 1
            elif entry_of[joined.id] == entry:
                counts["right"] += 1
            else:
                counts["wrong"] += 1
    counts["out_of_scope_joined"] = sum(rule(open_tickets, q) is not None for q in out_of_scope)
    return counts


def latency(rule, questions: list[str], size: int, *, warm: bool) -> float:
    timings = []
    for run, probe in enumerate(questions[:10]):
        # A fresh open set (new texts, so no cache holds them) unless measuring the warm case.
        pool = (questions * (size // len(questions) + 1))[:size]
        tag = "" if warm else f" #{run}"
        open_tickets = [ticket(i + 1, f"{q} (phiếu {i}){tag}") for i, q in enumerate(pool)]
        if warm:
            rule(open_tickets, probe)
        start = time.perf_counter()
        rule(open_tickets, probe)
        timings.append(time.perf_counter() - start)
    return statistics.median(timings) * 1000


def main() -> None:
    by_entry, out_of_scope = load_set()
    rules = {"wording": wording_only, "ours": ours}
    results = {name: quality(rule, by_entry, out_of_scope) for name, rule in rules.items()}
    print(f"{len(by_entry)} open tickets (one per entry), {results['ours']['repeats']} repeats, "
          f"{len(out_of_scope)} out-of-scope questions")
    print(f"{'figure':<34}{'wording':>10}{'ours':>10}")
    for figure in ("right", "wrong", "missed", "out_of_scope_joined"):
        print(f"{figure:<34}{results['wording'][figure]:>10}{results['ours'][figure]:>10}")
    questions = [q for qs in by_entry.values() for q in qs] + out_of_scope
    for size in (10, 100, 500):
        for warm in (False, True):
            label = f"ms/question, {size} open, {'warm' if warm else 'cold'}"
            print(f"{label:<34}" + "".join(f"{latency(rule, questions, size, warm=warm):>10.2f}" for rule in rules.values()))


if __name__ == "__main__":
    main()
