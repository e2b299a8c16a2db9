"""/dangky CODE CLASS accepts only a class /xong would accept for that school, so a homeroom teacher
is never registered with a class every later /xong refuses."""

from __future__ import annotations

from handlers import texts
from handlers.core.messages import Platform, UserRef
from storage.models import Member
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    TEACHER_A,
    province,
    rows,
)

NEWCOMER = UserRef(Platform.TELEGRAM, "4343")


async def test_a_homeroom_class_beyond_the_schools_class_count_is_refused(province, uow_factory):
    code = province.codes["THCS-LELOI"][0]  # a 4-class THCS school, no class list
    refused = await province.say(NEWCOMER, f"/dangky {code} 6A99")
    assert refused == texts.REGISTER_CLASS_NOT_IN_SCHOOL.format(
        name="6A99", school="Trường THCS Lê Lợi", expected=4, grades="khối 6–9", code=code, example="6A1"
    )
    assert "Đã đăng ký" not in refused and f"/dangky {code}." in refused  # how to register without a class
    assert "4343" not in {m.user_id for m in await rows(uow_factory, Member)}
    accepted = await province.say(NEWCOMER, f"/dangky {code} 6A4")
    assert "Lớp chủ nhiệm: 6A4" in accepted


async def test_registering_a_class_the_school_has_then_reporting_it_works(province):
    assert "1/4 lớp" in await province.say(TEACHER_A, "/xong")  # registered with 6A1 by the fixture
