"""Report commands typed with their argument glued on ("/xong6A1"), a common phone slip."""

from __future__ import annotations

from handlers import texts
from storage.models import ClassReport, TeacherReport
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    TEACHER_A,
    province,
    rows,
)


async def test_a_class_glued_to_xong_is_recorded_as_if_spaced(province, uow_factory):
    said = await province.say(TEACHER_A, "/xong6A1")
    assert said.startswith(texts.CLASS_RECORDED.format(names="6A1")), said
    assert [r.class_name for r in await rows(uow_factory, ClassReport)] == ["6A1"]


async def test_counts_glued_to_xonggv_go_to_xonggv_not_xong(province, uow_factory):
    said = await province.say(TEACHER_A, "/xonggv45/45")
    assert "chưa hiểu lệnh" not in said
    [status] = await rows(uow_factory, TeacherReport)
    assert (status.reviewed, status.total) == (45, 45)


async def test_an_unknown_command_that_only_looks_glued_is_still_unknown(province):
    assert await province.say(TEACHER_A, "/xongx6A1") == texts.UNKNOWN_COMMAND.format(name="xongx6a1")
    assert await province.say(TEACHER_A, "/abc6A1") == texts.UNKNOWN_COMMAND.format(name="abc6a1")
