"""Findings of a new user: /thanhvien places an administrator under the Sở, `schools codes`
refuses option combinations it cannot honour, and registering again says what changed."""

from __future__ import annotations

import argparse

import pytest

from bot.cli.schools import add_arguments, option_conflict
from handlers import texts
from handlers.core.domain import Role
from handlers.core.messages import Platform, UserRef
from handlers.schools.membership import link_member
from tests.conftest import ADMIN
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    DISTRICT_LC,
    LEADER_A,
    TEACHER_A,
    TEACHER_B,
    province,
)

CONSOLE_ADMIN = UserRef(Platform.CONSOLE, "u-admin")


async def test_an_administrator_is_listed_under_the_department_not_a_district_office(province, uow_factory, clock):
    async with uow_factory() as uow:
        school = await uow.schools.by_code("THCS-LELOI")  # the console's admin gets a school picked for trying out
        member = await link_member(uow, CONSOLE_ADMIN, role=Role.ADMIN, name="Cán bộ Sở", school=school, now=clock.now())
        await uow.commit()
    assert member.school_id is None and member.district_id is None
    admin_view = await province.say(ADMIN, "/thanhvien")
    assert f"{texts.MEMBERS_ADMIN_UNIT}:\n• Cán bộ Sở" in admin_view
    assert "Cán bộ Sở" not in await province.say(DISTRICT_LC, "/thanhvien")
    assert "Cán bộ Sở" not in await province.say(LEADER_A, "/thanhvien")


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(["codes", *argv])


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (("--districts", "--out", "phieu"), "--districts"),
        (("--format", "csv", "--workbook", "ma.xlsx"), "--format"),
        (("--rotate", "31001", "--rotate-district", "Lê Chân"), "--rotate-district"),
        (("--out", "phieu", "--workbook", "ma.xlsx"), "--workbook"),
        (("--role", "leader",), "--rotate"),
        (("--rotate-district", "Lê Chân", "--role", "staff"), "--role"),
    ],
)
def test_codes_refuses_options_it_cannot_honour_together_in_one_line(argv, named):
    refusal = option_conflict(parse(*argv))
    assert refusal is not None and named in refusal and "\n" not in refusal


def test_codes_accepts_the_combinations_it_honours():
    for argv in ((), ("--format", "csv", "--districts"), ("--rotate", "31001", "--role", "leader"), ("--out", "phieu"),
                 ("--workbook", "ma.xlsx"), ("--rotate-district", "Lê Chân")):
        assert option_conflict(parse(*argv)) is None, argv


async def test_registering_again_says_what_changed(province):
    staff_code, leader_code = province.codes["THCS-LELOI"]
    changed = await province.say(TEACHER_A, f"/dangky {staff_code} 6A2")  # registered with 6A1
    assert texts.REGISTER_CHANGED_CLASS.format(old="6A1", new="6A2") in changed
    kept = await province.say(TEACHER_A, f"/dangky {staff_code}")
    assert texts.REGISTER_KEPT_CLASS.format(name="6A2") in kept
    assert "6A2" in await province.say(TEACHER_A, "/xong")  # the class was not lost
    same = await province.say(LEADER_A, f"/dangky {leader_code}")
    assert texts.REGISTER_NOTHING_CHANGED in same
    moved = await province.say(TEACHER_A, f"/dangky {province.codes['TH-TRANPHU'][0]}")
    assert texts.REGISTER_CHANGED_UNIT.format(old="Trường THCS Lê Lợi") in moved
    assert texts.REGISTER_CLASS_DROPPED.format(name="6A2") in moved
    promoted = await province.say(TEACHER_B, f"/dangky {province.codes['TH-TRANPHU'][1]}")
    assert texts.REGISTER_CHANGED_ROLE.format(old="cán bộ, giáo viên", new="lãnh đạo") in promoted


async def test_a_homeroom_class_must_be_on_the_schools_class_list(province, uow_factory):
    async with uow_factory() as uow:
        school = await uow.schools.by_code("THCS-LELOI")
        await uow.schools.set_class_list(school.id, ["6A1", "6A2"])
        await uow.commit()
    code = province.codes["THCS-LELOI"][0]
    refused = await province.say(UserRef(Platform.TELEGRAM, "4242"), f"/dangky {code} 9A9")
    assert refused == texts.REGISTER_CLASS_NOT_IN_LIST.format(
        name="9A9", count=2, school="Trường THCS Lê Lợi", examples="6A1, 6A2", code=code, example="6A1"
    )
    assert "Lớp chủ nhiệm: 6A2" in await province.say(UserRef(Platform.TELEGRAM, "4242"), f"/dangky {code} 6A2")
