"""Reviewing the knowledge-base additions made from answered tickets (python -m bot faq)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.core.domain import format_stamp
from storage.models import FaqAddition
from storage.uow import UnitOfWork

FAQ_HEADERS = texts.FAQ_CLI_HEADERS


class Withdrawal(StrEnum):
    DONE = "done"
    NOT_FOUND = "not_found"
    ALREADY = "already"


def faq_rows(additions: Sequence[FaqAddition], timezone: ZoneInfo) -> list[tuple[object, ...]]:
    return [
        (
            a.id,
            a.ticket_id,
            format_stamp(a.created_at, timezone),
            a.added_by,
            texts.FAQ_CLI_WITHDRAWN.format(when=format_stamp(a.withdrawn_at, timezone)) if a.withdrawn_at else texts.FAQ_CLI_IN_FORCE,
            a.question,
        )
        for a in additions
    ]


def export_entries(additions: Sequence[FaqAddition]) -> list[dict[str, object]]:
    """The additions in force as knowledge-file entries, so they can be reviewed and, if
    wanted, moved into a YAML file of the knowledge base."""
    entries = []
    for a in additions:
        if a.withdrawn_at is not None:
            continue
        entry: dict[str, object] = {"id": f"bo-sung-{a.id}", "question": a.question}
        phrasings = json.loads(a.phrasings)
        if phrasings:
            entry["phrasings"] = phrasings
        entry["answer"] = a.answer
        entry["source"] = texts.FAQ_SOURCE.format(ticket=a.ticket_id)
        entries.append(entry)
    return entries


async def withdraw(uow: UnitOfWork, addition_id: int, now: datetime) -> tuple[Withdrawal, FaqAddition | None]:
    """Stop answering from an addition; it stays listed, marked withdrawn."""
    addition = await uow.faq_additions.get(addition_id)
    if addition is None:
        return Withdrawal.NOT_FOUND, None
    if addition.withdrawn_at is not None:
        return Withdrawal.ALREADY, addition
    addition.withdrawn_at = now
    uow.faq_additions.save(addition)
    return Withdrawal.DONE, addition
