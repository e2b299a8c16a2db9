"""Registering again: a school leader is asked before the staff code changes their role."""

from __future__ import annotations

from handlers import texts
from storage.models import Member
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    LEADER_A,
    TEACHER_A,
    province,
    rows,
)


async def role_of(uow_factory, user) -> str:
    [member] = [m for m in await rows(uow_factory, Member) if m.user_id == user.user_id]
    return member.role


async def test_a_leader_registering_with_the_staff_code_is_asked_first(province, uow_factory):
    staff_code = province.codes["THCS-LELOI"][0]
    asked = await province.say(LEADER_A, f"/dangky {staff_code}")
    assert asked == texts.REGISTER_ASK_DEMOTE.format(school="Trường THCS Lê Lợi", command=f"/dangky {staff_code} chac")
    assert await role_of(uow_factory, LEADER_A) == "leader"
    changed = await province.say(LEADER_A, f"/dangky {staff_code} chac")
    assert changed.startswith(texts.REGISTERED_SCHOOL.format(role="cán bộ, giáo viên", school="Trường THCS Lê Lợi"))
    assert texts.REGISTER_CHANGED_ROLE.format(old="lãnh đạo", new="cán bộ, giáo viên") in changed
    assert await role_of(uow_factory, LEADER_A) == "staff"


async def test_the_confirmation_keeps_a_homeroom_class(province, uow_factory):
    staff_code = province.codes["THCS-LELOI"][0]
    asked = await province.say(LEADER_A, f"/dangky {staff_code} 6A2")
    assert f"/dangky {staff_code} 6A2 chac" in asked
    changed = await province.say(LEADER_A, f"/dangky {staff_code} 6A2 chắc")
    assert texts.REGISTERED_HOMEROOM.format(name="6A2") in changed
    [member] = [m for m in await rows(uow_factory, Member) if m.user_id == LEADER_A.user_id]
    assert (member.role, member.homeroom_class) == ("staff", "6A2")


async def test_a_teacher_becoming_leader_is_not_asked(province, uow_factory):
    leader_code = province.codes["THCS-LELOI"][1]
    promoted = await province.say(TEACHER_A, f"/dangky {leader_code}")
    assert promoted.startswith(texts.REGISTERED_SCHOOL.format(role="lãnh đạo", school="Trường THCS Lê Lợi"))
    assert await role_of(uow_factory, TEACHER_A) == "leader"
