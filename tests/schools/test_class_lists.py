"""The optional classes sheet: read from a second sheet or a separate file, /xong checked against
the exact list, re-imports that change the list shown and refused when they contradict reports,
progress that never counts more classes than the school has, and the THPT-under-district warning."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlmodel import select

from handlers import texts
from handlers.core.context import CoreConfig
from handlers.core.inbox import Inbox
from handlers.reports.progress import PROGRESS_HEADERS, progress_table
from handlers.schools.directory import ImportRefused, apply_import, import_schools, plan_import
from handlers.schools.join_codes import code_table
from handlers.schools.school_file import SchoolFileError, SchoolList, SchoolRow, read_school_list
from storage.models import ClassReport, ReportEvent
from storage.progress import ProgressScope
from tests.conftest import ADMIN, FakeClock, default_dispatcher
from tests.reports.test_recording import LEADER_A, TEACHER_A, TEACHER_A2, Province, province_of

SCHOOLS_HEADER = ["Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Số lớp", "Số CB-GV-NV"]
LELOI = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 3, 45)
COLUMNS = frozenset({"code", "name", "levels", "district", "classes", "staff"})


def workbook(path: Path, schools: list[list[object]], classes: list[list[object]] | None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Trường"
    sheet.append(SCHOOLS_HEADER)
    for row in schools:
        sheet.append(row)
    if classes is not None:
        second = book.create_sheet("Lớp")
        second.append(["Mã trường", "Lớp"])
        for row in classes:
            second.append(row)
    book.save(path)
    return path


def test_a_second_sheet_gives_each_school_its_exact_classes(tmp_path):
    path = workbook(
        tmp_path / "truong.xlsx",
        [["31001", "Trường THCS Lê Lợi", "THCS", "Lê Chân", 30, 45], ["31002", "Trường MN Hoa Sen", "MN", "Lê Chân", 2, 10]],
        [["31001", "6a1"], ["31001", "lớp 6A2"], ["31001", "7A1"], ["31001", "6A1"], ["31002", "Lá 1"], ["31002", "Chồi 1"]],
    )
    result = read_school_list(path)
    assert result.class_lists == {"31001": ("6A1", "6A2", "7A1"), "31002": ("Lá 1", "Chồi 1")}
    [leloi, hoasen] = result.rows
    assert leloi.classes == 3 and hoasen.classes == 2  # the list's length is the school's class total
    assert any("ghi 30 lớp nhưng danh sách lớp có 3 lớp" in note for note in result.notes)
    assert any("lớp 6A1 của trường 31001 ghi hai lần" in note for note in result.notes)


def test_a_separate_classes_csv_is_read_and_its_bad_rows_are_named(tmp_path):
    schools = tmp_path / "truong.csv"
    schools.write_text("Mã trường;Tên trường;Cấp học;Quận/Huyện;Số lớp;Số CB-GV-NV\n31001;THCS Lê Lợi;THCS;Lê Chân;2;45\n",
                       encoding="utf-8")
    classes = tmp_path / "lop.csv"
    classes.write_text("Mã trường,Lớp\n31001,6A1\n31001,8B\n", encoding="utf-8-sig")
    assert read_school_list(schools, classes).class_lists == {"31001": ("6A1", "8B")}
    classes.write_text("Mã trường,Lớp\n31009,6A1\n31001,10A1\n31001,xyz\n31001,\n", encoding="utf-8")
    with pytest.raises(SchoolFileError) as error:
        read_school_list(schools, classes)
    assert error.value.problems == [
        "Tệp 'lop.csv', dòng 2: mã trường '31009' không có trong danh sách trường",
        "Tệp 'lop.csv', dòng 3: lớp 10A1 không thuộc cấp học của trường 31001 (THCS)",
        "Tệp 'lop.csv', dòng 4: tên lớp 'xyz' không đọc được (ví dụ: 1A1, 6A1, 10A2, Lá 1)",
        "Tệp 'lop.csv', dòng 5: thiếu tên lớp",
    ]


def test_a_classes_sheet_and_a_classes_file_together_are_refused(tmp_path):
    path = workbook(tmp_path / "truong.xlsx", [["31001", "THCS Lê Lợi", "THCS", "Lê Chân", 2, 45]], [["31001", "6A1"]])
    (tmp_path / "lop.csv").write_text("Mã trường,Lớp\n31001,6A1\n", encoding="utf-8")
    with pytest.raises(SchoolFileError) as error:
        read_school_list(path, tmp_path / "lop.csv")
    assert "đã có trang danh sách lớp" in str(error.value)


def test_a_school_teaching_thpt_under_a_district_office_is_warned_about_not_refused(tmp_path):
    path = tmp_path / "truong.csv"
    path.write_text(
        "Mã trường;Tên trường;Cấp học;Đơn vị quản lý;Số lớp;Số CB-GV-NV\n"
        "31001;Trường THCS-THPT Hồng Bàng;THCS, THPT;Phòng GDĐT Lê Chân;30;60\n"
        "31002;Trường THPT Ngô Quyền;THPT;Sở GDĐT;30;60\n"
        "31003;Trường TH Lê Lợi;TH;Phòng GDĐT Lê Chân;20;30\n",
        encoding="utf-8",
    )
    result = read_school_list(path)
    assert len(result.rows) == 3
    assert result.warnings == (
        "Dòng 2: Trường THCS-THPT Hồng Bàng (mã 31001) có cấp THPT nhưng được xếp thuộc Phòng GDĐT Lê Chân; "
        "trường có cấp THPT do Sở GDĐT quản lý. Nếu đúng vậy, ghi cột 'Đơn vị quản lý' là 'Sở GDĐT' rồi nạp lại",
    )


@pytest.fixture
async def listed(uow_factory, clock) -> Province:
    """Lê Lợi with the exact classes 6A1, 6A2, 7B; a teacher, a second teacher and the leader registered."""
    p = await province_of(uow_factory, clock, [LELOI], class_lists={"THCS-LELOI": ("6A1", "6A2", "7B")})
    await p.say(TEACHER_A, f"/dangky {p.codes['THCS-LELOI'][0]}")
    await p.say(TEACHER_A2, f"/dangky {p.codes['THCS-LELOI'][0]}")
    await p.say(LEADER_A, f"/dangky {p.codes['THCS-LELOI'][1]}")
    return p


async def test_xong_accepts_exactly_the_listed_classes(listed, uow_factory):
    refused = await listed.say(TEACHER_A, "/xong 7A1")  # plausible by count, but not a class of this school
    assert refused == texts.CLASS_NOT_IN_LIST.format(
        names="7A1", school="Trường THCS Lê Lợi", count=3, examples="6A1, 6A2, 7B"
    )
    assert await listed.say(TEACHER_A, "/xong 7B") == f"{texts.CLASS_RECORDED.format(names='7B')} — Trường THCS Lê Lợi: 1/3 lớp"
    assert "3/3 lớp" in await listed.say(TEACHER_A, "/xong 6A1, 6A2")
    async with uow_factory() as uow:
        assert len((await uow.session.exec(select(ClassReport))).all()) == 3


async def test_a_re_import_that_drops_a_reported_class_is_refused_then_forced(listed, uow_factory, clock):
    await listed.say(TEACHER_A, "/xong 6A1, 6A2")
    new_lists = {"THCS-LELOI": ("6A1", "7B", "7C")}
    async with uow_factory() as uow:
        plan = await plan_import(uow, SchoolList([LELOI], COLUMNS, class_lists=new_lists))
    [change] = plan.changed
    assert [(c.label, c.old, c.new) for c in change.changes] == [
        ("Danh sách lớp", "3 lớp", "3 lớp (thêm 7C; bỏ 6A2)")
    ]
    assert change.conflicts == (texts.IMPORT_CONFLICT_CLASS_LIST.format(classes="6A2"),)
    async with uow_factory() as uow:
        with pytest.raises(ImportRefused):
            await apply_import(uow, SchoolList([LELOI], COLUMNS, class_lists=new_lists), clock.now())
    async with uow_factory() as uow:
        await apply_import(uow, SchoolList([LELOI], COLUMNS, class_lists=new_lists), clock.now(), force=True)
        await uow.commit()
    progress = await listed.say(TEACHER_A, "/tiendo")
    assert "1/3 lớp đã xong" in progress and "thêm 1 lớp đã báo nhưng không còn" in progress
    assert "6A2." in progress  # named apart
    assert (await listed.say(TEACHER_A, "/xong 6A2")).startswith("Lớp 6A2 không có trong danh sách 3 lớp")
    async with uow_factory() as uow:
        kinds = [e.kind for e in (await uow.session.exec(select(ReportEvent))).all()]
        reports = {r.class_name: r.obsolete for r in (await uow.session.exec(select(ClassReport))).all()}
    assert "import_override" in kinds and reports == {"6A1": False, "6A2": True}


async def test_a_re_import_without_a_classes_sheet_keeps_the_stored_list(listed, uow_factory, clock):
    wider = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 30, 45)
    async with uow_factory() as uow:
        plan = await plan_import(uow, SchoolList([wider], COLUMNS))
    assert plan.changed == [] and plan.unchanged == 1
    assert any("giữ danh sách đó và tổng 3 lớp" in note for note in plan.notes)
    # A classes sheet without the school: back to the levels × class count rule, shown as a change.
    async with uow_factory() as uow:
        plan = await plan_import(uow, SchoolList([wider], COLUMNS, class_lists={}))
    [change] = plan.changed
    assert ("Danh sách lớp", "3 lớp", texts.IMPORT_NO_CLASS_LIST) in [(c.label, c.old, c.new) for c in change.changes]


async def test_progress_never_counts_more_classes_than_a_forced_import_left(uow_factory, clock):
    big = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 20, 45)
    p = await province_of(uow_factory, clock, [big])
    await p.say(TEACHER_A, f"/dangky {p.codes['THCS-LELOI'][0]}")
    assert "16/20 lớp" in await p.say(TEACHER_A, "/xong 6A1-6A4, 7A1-7A4, 8A1-8A4, 9A1-9A4")
    small = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 5, 45)
    async with uow_factory() as uow:
        with pytest.raises(ImportRefused):
            await import_schools(uow, [small], now=clock.now())
    async with uow_factory() as uow:
        await import_schools(uow, [small], now=clock.now(), force=True)
        await uow.commit()
    shown = await p.say(TEACHER_A, "/tiendo")
    assert "5/5 lớp đã xong" in shown and "16/5" not in shown and "thêm 11 lớp" in shown
    assert "16/5" not in await p.say(ADMIN, "/tiendo") and "• Số lớp đã báo xong: 5/5" in await p.say(ADMIN, "/tiendo")
    pending = await p.say(TEACHER_A, "/chuaxong")
    assert "16/5" not in pending and "9A4" in pending
    async with uow_factory() as uow:
        [row] = progress_table(await uow.progress.schools(ProgressScope()))
    table = dict(zip(PROGRESS_HEADERS, row, strict=True))
    assert (table["Số lớp"], table["Lớp đã xong"], table["Lớp đã báo không còn trong danh sách"]) == (5, 5, 11)
    assert "Đã ghi nhận" not in await p.say(TEACHER_A, "/xong 6A5")  # the school's 5 classes are all counted


async def test_undoing_a_counted_class_lets_a_held_over_report_count_again(uow_factory, clock):
    big = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 4, 45)
    async with uow_factory() as uow:
        await import_schools(uow, [big], now=clock.now())
        schools, _ = await code_table(uow)
        await uow.commit()
    inbox = Inbox(uow_factory=uow_factory, dispatcher=default_dispatcher(), clock=FakeClock(clock.now()),
                  config=CoreConfig(admin_ids=frozenset({ADMIN})))
    p = Province(inbox, {c.school_code: (c.staff_join_code, c.leader_join_code) for c in schools}, {})
    await p.say(TEACHER_A, f"/dangky {p.codes['THCS-LELOI'][0]}")
    await p.say(TEACHER_A2, f"/dangky {p.codes['THCS-LELOI'][0]}")
    await p.say(TEACHER_A, "/xong 6A1, 6A2")
    await p.say(TEACHER_A2, "/xong 7A1, 7A2")
    lowered = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 3, 45)
    async with uow_factory() as uow:
        await import_schools(uow, [lowered], now=clock.now(), force=True)
        await uow.commit()
    assert "3/3 lớp đã xong" in await p.say(TEACHER_A, "/tiendo")
    undone = await p.say(TEACHER_A, "/huy")
    # 6A1 and 6A2 undone: 7A2, held over the total until now, counts again beside 7A1.
    assert undone.endswith("Trường THCS Lê Lợi: 2/3 lớp")


def test_the_import_command_takes_a_classes_file_and_previews_list_changes(tmp_path):
    from tests.bot.test_console import run_cli

    (tmp_path / "truong.csv").write_text(
        "Mã trường;Tên trường;Cấp học;Quận/Huyện;Số lớp;Số CB-GV-NV\n31001;Trường THCS Lê Lợi;THCS;Lê Chân;2;45\n",
        encoding="utf-8",
    )
    (tmp_path / "lop.csv").write_text("Mã trường,Lớp\n31001,6A1\n31001,6A2\n", encoding="utf-8")
    loaded = run_cli("schools", "import", "truong.csv", "--classes", "lop.csv", cwd=tmp_path)
    assert loaded.returncode == 0 and "Danh sách lớp: 1 trường" in loaded.stdout, loaded.stderr
    (tmp_path / "lop.csv").write_text("Mã trường,Lớp\n31001,6A1\n31001,6A2\n31001,6A3\n", encoding="utf-8")
    preview = run_cli("schools", "import", "truong.csv", "--classes", "lop.csv", cwd=tmp_path)
    assert "Danh sách lớp: 2 lớp → 3 lớp (thêm 6A3)" in preview.stdout and "Số lớp: 2 → 3" in preview.stdout
    assert "--apply" in preview.stdout


async def test_progress_caps_classes_done_even_for_reports_no_import_re_checked(uow_factory, clock):
    """Reports recorded before class lists existed (a forced import of an older version) never show as 16/5."""
    from handlers.core.domain import Role
    from handlers.core.messages import Platform, UserRef
    from handlers.schools.membership import link_member

    small = SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 5, 45)
    async with uow_factory() as uow:
        await import_schools(uow, [small], now=clock.now())
        school = await uow.schools.by_code("THCS-LELOI")
        member = await link_member(uow, UserRef(Platform.TELEGRAM, "5"), role=Role.STAFF, school=school, now=clock.now())
        await uow.flush()
        for grade in (6, 7, 8, 9):
            for number in (1, 2, 3, 4):
                uow.reports.add_class(ClassReport(school_id=school.id, class_name=f"{grade}A{number}",
                                                  member_id=member.id, reported_at=clock.now()))
        await uow.commit()
    async with uow_factory() as uow:
        [row] = await uow.progress.schools(ProgressScope())
    assert (row.classes_done, row.expected_classes, row.classes_gone) == (5, 5, 11)


async def test_the_import_prints_the_thpt_warning_as_its_own_line(uow_factory, tmp_path):
    from bot.cli.schools import describe_plan

    path = tmp_path / "truong.csv"
    path.write_text(
        "Mã trường;Tên trường;Cấp học;Quận/Huyện;Số lớp;Số CB-GV-NV\n31001;Trường THCS-THPT Hồng Bàng;THCS, THPT;Lê Chân;30;60\n",
        encoding="utf-8",
    )
    async with uow_factory() as uow:
        plan = await plan_import(uow, read_school_list(path))
    [line] = describe_plan(plan)
    assert line.startswith("CẢNH BÁO — Dòng 2: Trường THCS-THPT Hồng Bàng (mã 31001) có cấp THPT") and "\n" not in line


async def test_chuaxong_names_the_listed_classes_still_missing(listed):
    await listed.say(TEACHER_A, "/xong 6A2")
    pending = await listed.say(TEACHER_A, "/chuaxong")
    assert texts.SCHOOL_UNREPORTED_CLASSES.format(names="6A1, 7B") in pending
