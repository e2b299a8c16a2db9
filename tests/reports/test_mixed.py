"""A report and a question in one message: the report is recorded and the question answered."""

from __future__ import annotations

import pytest

from handlers.reports.mixed import split_report_and_question
from storage.models import ClassReport
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    TEACHER_A,
    province,
    rows,
)


@pytest.mark.parametrize(
    ("text", "report", "question"),
    [
        (
            "Lớp 6A3 em đã xong rồi ạ, cho em hỏi biên bản bàn giao lưu ở đâu ạ",
            "Lớp 6A3 em đã xong rồi ạ",
            "cho em hỏi biên bản bàn giao lưu ở đâu ạ",
        ),
        (
            "cho em hỏi biên bản bàn giao lưu ở đâu ạ, lớp 6A7 em xong rồi",
            "lớp 6A7 em xong rồi",
            "cho em hỏi biên bản bàn giao lưu ở đâu ạ",
        ),
        ("6A3 xong rồi ạ. Biên bản lưu ở đâu ạ?", "6A3 xong rồi ạ", "Biên bản lưu ở đâu ạ?"),
    ],
)
def test_a_report_and_a_question_are_told_apart(text, report, question):
    assert split_report_and_question(text) == (report, question)


@pytest.mark.parametrize(
    "text",
    [
        "6A3 xong chưa ạ?",  # a question about a class, not a report
        "lớp 6A1 đã xong ạ",  # a report alone
        "Dạ báo cáo lớp 6A9 đã xong ạ, em đã rà soát kỹ từng học sinh",  # a report and a story
        "cho em hỏi hạn chót là khi nào ạ",  # a question alone
    ],
)
def test_a_message_of_one_kind_is_not_split(text):
    assert split_report_and_question(text) is None


async def test_the_report_is_recorded_and_the_question_answered(province, uow_factory):
    said = await province.say(TEACHER_A, "Lớp 6A3 em đã xong rồi ạ, cho em hỏi biên bản bàn giao lưu ở đâu ạ")
    assert [r.class_name for r in await rows(uow_factory, ClassReport)] == ["6A3"]
    assert "lưu tại đơn vị" in said and "6A3" in said
