"""Re-importing the school list: every change shown before it is written, contradictions with
recorded reports refused unless forced (and then written into the audit trail), the demo kept
apart from real schools."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.admin.demo import clear_demo, load_demo
from handlers.core.domain import Role
from handlers.core.messages import Platform, UserRef
from handlers.schools.directory import (
    IMPORT_OVERRIDE,
    DemoDataPresent,
    ImportRefused,
    apply_import,
    plan_import,
)
from handlers.schools.membership import link_member
from handlers.schools.school_file import SchoolList, SchoolRow
from storage.models import ClassReport, ReportEvent

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
WITH_DISTRICTS = frozenset({"code", "name", "levels", "district", "classes", "staff"})
LELOI = SchoolRow(2, "50011", "Trường THCS Lê Lợi", ("THCS",), "Lê Chân", True, 20, 45)
TRANPHU = SchoolRow(3, "50012", "Trường TH Trần Phú", ("TH",), "Ngô Quyền", True, 25, 40)


def listing(*rows: SchoolRow, columns: frozenset[str] = WITH_DISTRICTS) -> SchoolList:
    return SchoolList(list(rows), columns)


async def load(uow_factory, *rows: SchoolRow, force: bool = False):
    async with uow_factory() as uow:
        plan, summary = await apply_import(uow, listing(*rows), NOW, force=force)
        await uow.commit()
    return plan, summary


async def report_classes(uow_factory, code: str, *classes: str) -> None:
    async with uow_factory() as uow:
        school = await uow.schools.by_code(code)
        member = await link_member(uow, UserRef(Platform.TELEGRAM, "101"), role=Role.STAFF, school=school, now=NOW)
        await uow.flush()
        for name in classes:
            uow.reports.add_class(ClassReport(school_id=school.id, class_name=name, member_id=member.id, reported_at=NOW))
        await uow.commit()


async def test_real_schools_are_refused_while_the_demo_is_loaded_and_load_once_it_is_cleared(uow_factory):
    async with uow_factory() as uow:
        await load_demo(uow, now=NOW, timezone=ZoneInfo("Asia/Ho_Chi_Minh"))
        await link_member(uow, UserRef(Platform.CONSOLE, "thu"), role=Role.STAFF, school=await uow.schools.first(), now=NOW)
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(DemoDataPresent) as refused:
            await plan_import(uow, listing(LELOI))
    assert refused.value.demo_schools == 40
    async with uow_factory() as uow:
        cleared = await clear_demo(uow)
        await uow.commit()
    assert (cleared.schools, cleared.districts, cleared.members, cleared.campaigns) == (40, 15, 1, 1)
    _, summary = await load(uow_factory, LELOI)
    async with uow_factory() as uow:
        assert [s.code for s in await uow.schools.all()] == ["50011"]
        assert [d.name for d in await uow.districts.all()] == ["Lê Chân"]
        assert await uow.campaigns.active() is None
    assert summary.created == 1


async def test_a_re_import_plans_every_change_field_by_field_and_writes_nothing(uow_factory):
    await load(uow_factory, LELOI, TRANPHU)
    renamed = SchoolRow(2, "50011", "Trường THCS Lê Lợi (cơ sở 1)", ("THCS",), "Hồng Bàng", True, 22, 45)
    new = SchoolRow(4, "50013", "Trường MN Hoa Sen", ("MN",), "Lê Chân", True, 10, 20)
    async with uow_factory() as uow:
        plan = await plan_import(uow, listing(renamed, new))
    assert [row.code for row in plan.added] == ["50013"]
    [change] = plan.changed
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Tên trường", "Trường THCS Lê Lợi", "Trường THCS Lê Lợi (cơ sở 1)"),
        ("Quận/Huyện", "Lê Chân", "Hồng Bàng"),
        ("Số lớp", "20", "22"),
    ]
    assert [(r.code, r.kept_because) for r in plan.removed] == [("50012", None)]
    assert plan.new_districts == ["Hồng Bàng"]
    async with uow_factory() as uow:
        assert (await uow.schools.by_code("50011")).name == "Trường THCS Lê Lợi"  # nothing written


async def test_fewer_classes_than_reported_and_a_level_change_with_reports_are_refused(uow_factory):
    await load(uow_factory, LELOI)
    await report_classes(uow_factory, "50011", "6A1", "6A2", "6A3")
    fewer = SchoolRow(2, "50011", LELOI.name, ("THCS",), "Lê Chân", True, 2, 45)
    primary = SchoolRow(2, "50011", LELOI.name, ("TH",), "Lê Chân", True, 20, 45)
    async with uow_factory() as uow:
        [fewer_change] = (await plan_import(uow, listing(fewer))).conflicts
        [level_change] = (await plan_import(uow, listing(primary))).conflicts
        with pytest.raises(ImportRefused):
            await apply_import(uow, listing(primary), NOW)
    assert fewer_change.conflicts == ("số lớp mới 2 ít hơn 3 lớp đã báo xong",)
    assert level_change.conflicts == ("đã có báo cáo lớp 6A1, 6A2, 6A3 không thuộc cấp học mới",)
    async with uow_factory() as uow:
        assert await uow.schools.levels_of((await uow.schools.by_code("50011")).id) == ["THCS"]


async def test_a_forced_level_change_removes_the_reports_and_names_them_in_the_audit_trail(uow_factory):
    await load(uow_factory, LELOI)
    await report_classes(uow_factory, "50011", "6A1", "6A2")
    primary = SchoolRow(2, "50011", LELOI.name, ("TH",), "Lê Chân", True, 20, 45)
    await load(uow_factory, primary, force=True)
    async with uow_factory() as uow:
        school = await uow.schools.by_code("50011")
        assert await uow.reports.reported_classes(school.id) == []
        [event] = [e for e in (await uow.session.exec(ReportEvent.__table__.select())).all()]
    assert event.kind == IMPORT_OVERRIDE
    assert "Cấp học: THCS → TH" in event.detail and "6A1, 6A2" in event.detail


async def test_a_file_without_the_district_column_never_moves_schools_to_the_department(uow_factory):
    await load(uow_factory, LELOI)
    no_district = SchoolRow(2, "50011", LELOI.name, ("THCS",), None, True, 20, 45)
    async with uow_factory() as uow:
        with pytest.raises(ImportRefused) as refused:
            await plan_import(uow, listing(no_district, columns=WITH_DISTRICTS - {"district"}))
    [problem] = refused.value.problems
    assert "Quận/Huyện" in problem and "1 trường" in problem


async def test_a_school_missing_from_the_file_with_members_is_kept_and_said_so(uow_factory):
    await load(uow_factory, LELOI, TRANPHU)
    await report_classes(uow_factory, "50012", "3A")
    _, summary = await load(uow_factory, LELOI)
    async with uow_factory() as uow:
        plan = await plan_import(uow, listing(LELOI))
        assert await uow.schools.by_code("50012") is not None
    assert summary.removed == 0
    assert plan.removed[0].kept_because == "giữ lại vì có 1 người đăng ký, 1 báo cáo"
