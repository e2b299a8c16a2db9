"""/xong with a range running past the school's classes names the class the school does not have,
instead of saying the first or last class cannot be read."""

from __future__ import annotations

from handlers import texts
from handlers.reports.parsing import ReportProblem, parse_report_command
from storage.models import ClassReport
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    TEACHER_A,
    province,
    rows,
)


def test_a_range_ending_in_a_class_no_school_has_names_that_class():
    for args in ("6A1-6A100", "6A1-100", "6A1 đến 6A100"):
        problem = parse_report_command("xong", args)
        assert isinstance(problem, ReportProblem) and problem.past_end == "6A100", args
        assert "6A100" in problem.reason and "không đọc được" not in problem.reason, args


async def test_a_range_past_the_schools_classes_names_the_missing_class(province, uow_factory):
    refused = await province.say(TEACHER_A, "/xong 6A1-6A100")  # a 4-class school
    assert refused == texts.RANGE_PAST_SCHOOL.format(
        text="6A1-6A100", school="Trường THCS Lê Lợi", name="6A100", expected=4
    )
    long = await province.say(TEACHER_A, "/xong 6A1-6A50")  # too long, and past the school's classes too
    assert long == texts.RANGE_PAST_SCHOOL.format(text="6A1-6A50", school="Trường THCS Lê Lợi", name="6A50", expected=4)
    assert await rows(uow_factory, ClassReport) == []


async def test_a_range_past_the_sos_class_list_names_the_missing_class(province, uow_factory):
    async with uow_factory() as uow:
        school = await uow.schools.by_code("THCS-LELOI")
        await uow.schools.set_class_list(school.id, ["6A1", "6A2"])
        await uow.commit()
    refused = await province.say(TEACHER_A, "/xong 6A1-6A100")
    assert refused == texts.RANGE_PAST_CLASS_LIST.format(
        text="6A1-6A100", school="Trường THCS Lê Lợi", name="6A100", count=2, examples="6A1, 6A2"
    )
