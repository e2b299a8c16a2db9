"""'lớp 8A1 chưa xong ạ' says what stands for that class (undo with /huy, a colleague's report, or
nothing recorded); a question that names a class in passing is not answered as a failed report."""

from __future__ import annotations

from handlers import texts
from handlers.reports.parsing import classes_said_not_done, mainly_question
from storage.models import ClassReport
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    TEACHER_A,
    TEACHER_A2,
    THCS_HINT,
    province,
    rows,
)


def test_a_class_said_not_done_is_read_only_without_a_question_or_a_done_report():
    assert classes_said_not_done("lớp 8A1 chưa xong ạ") == ("8A1",)
    assert classes_said_not_done("lop 6a2, 6a3 van chua hoan thanh") == ("6A2", "6A3")
    assert classes_said_not_done("6A3 xong, 6A4 chưa xong") == ()  # a report too: the usual hint
    assert classes_said_not_done("lớp 6A1 chưa xong thì báo thế nào?") == ()
    assert classes_said_not_done("lớp 6A1 xong rồi") == ()


async def test_a_class_the_sender_reported_points_to_huy(province, uow_factory):
    await province.say(TEACHER_A, "/xong 6A1")
    reply = await province.say(TEACHER_A, "lớp 6A1 chưa xong ạ", group=True)
    assert reply == texts.NOT_DONE_UNDO_LAST.format(names="6A1", together="")
    assert len(await rows(uow_factory, ClassReport)) == 1  # nothing changed: /huy does it


async def test_a_class_reported_with_others_or_earlier_says_what_huy_undoes(province):
    await province.say(TEACHER_A, "/xong 6A1, 6A2")
    together = await province.say(TEACHER_A, "lớp 6A1 chưa xong ạ")
    assert together == texts.NOT_DONE_UNDO_LAST.format(
        names="6A1", together=texts.NOT_DONE_UNDO_TOGETHER.format(names="6A2")
    )
    await province.say(TEACHER_A, "/xong 6A3")
    assert await province.say(TEACHER_A, "lớp 6A1 chưa xong ạ") == texts.NOT_DONE_UNDO_EARLIER.format(names="6A1")


async def test_a_class_not_reported_by_the_sender_is_said_so(province):
    assert await province.say(TEACHER_A, "lớp 6A4 chưa xong ạ") == texts.NOT_DONE_NOT_RECORDED.format(
        names="6A4", first="6A4"
    )
    await province.say(TEACHER_A2, "/xong 6A4")
    by_colleague = await province.say(TEACHER_A, "lớp 6A4 chưa xong ạ")
    assert by_colleague.startswith("Lớp 6A4 do ") and "/huy" in by_colleague


LONG_QUESTION = (
    "Dạ em chào thầy cô và anh chị trong nhóm ạ, em là giáo viên chủ nhiệm lớp 6A3 trường THCS Lê Lợi, "
    "lớp 6A3 của em năm nay có 42 học sinh, lớp 6A3 em đang rà soát, có mấy em lớp 6A3 chuyển đến từ tỉnh "
    "khác, thông tin lớp 6A3 em đã nhập gần hết, lớp 6A3 còn vài em chưa có mã định danh, "
    "cho em hỏi học sinh chuyển đến thì cập nhật mã định danh ở đâu ạ"
)


def test_a_question_naming_a_class_in_passing_is_mainly_a_question():
    assert mainly_question(LONG_QUESTION)
    assert mainly_question("lớp 6A3 em đang làm, mã định danh lấy ở đâu ạ?")
    # a clear report with a question is not this case (handled elsewhere)
    assert not mainly_question("Lớp 6A3 em đã xong rồi ạ, cho em hỏi biên bản bàn giao lưu ở đâu ạ")
    assert not mainly_question("6A3 xong, 6A4 chưa")


async def test_a_long_question_mentioning_a_class_is_not_answered_as_a_failed_report(province, uow_factory):
    reply = await province.say(TEACHER_A, LONG_QUESTION)
    assert "chưa ghi nhận được báo cáo" not in reply and reply != THCS_HINT
    assert await rows(uow_factory, ClassReport) == []
    # unchanged: a clear report followed by a question, and an unreadable report
    assert await province.say(TEACHER_A, "6A3 xong, 6A4 chưa", group=True) == THCS_HINT
