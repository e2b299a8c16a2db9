"""A report and a question in one message: "Lớp 6A3 em đã xong rồi ạ, cho em hỏi biên bản bàn giao
lưu ở đâu ạ", or the question first. The report is recorded and the question answered, as if they had
come one after the other; neither is lost to the other."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Awaitable, Callable

from handlers.core.context import Context
from handlers.core.dispatcher import TextHandler
from handlers.core.domain import ASKING, fold_in_place
from handlers.core.messages import Outgoing
from handlers.reports.parsing import parse_report_text, school_lead
from handlers.reports.recording import apply_report

AnswerText = Callable[[Context, str], Awaitable["list[Outgoing] | None"]]

# Where a message may be cut in two: after a sentence or a clause.
_BOUNDARY = re.compile(r"[.!?;,\n]+\s*")


def split_report_and_question(text: str) -> tuple[str, str] | None:
    """(report, question) when one part of the message reads as a report and the other asks
    something ("cho em hỏi …", or a sentence ending with "?"); None otherwise."""
    text = unicodedata.normalize("NFC", text).strip()
    for cut in (m.end() for m in _BOUNDARY.finditer(text)):
        head, tail = text[:cut].strip(" ,.;!\n"), text[cut:].strip()
        if not head or not tail:
            continue
        if _asks(tail) and parse_report_text(head) is not None:
            return head, tail
        tail_report = tail.strip(" ,.;!")
        if _asks(head) and not _asks(tail) and parse_report_text(tail_report) is not None:
            return tail_report, head
    return None


def _asks(part: str) -> bool:
    return "?" in part or ASKING.search(fold_in_place(part)) is not None


def with_question(answer: AnswerText) -> TextHandler:
    """The text handler for a report with a question; `answer` answers the question part."""

    async def on_text(ctx: Context) -> list[Outgoing] | None:
        split = split_report_and_question(ctx.incoming.text)
        if split is None:
            return None
        report_text, question = split
        report = parse_report_text(report_text)
        assert report is not None
        recorded = await apply_report(ctx, report, named_school=school_lead(report_text))
        return recorded + (await answer(ctx, question) or [])

    return on_text
