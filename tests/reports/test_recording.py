"""Registration, reports and progress through the inbox, including who may do what."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import select

from handlers import texts
from handlers.core.context import CoreConfig
from handlers.core.inbox import Inbox
from handlers.core.messages import Platform, UserRef
from handlers.schools.directory import import_schools
from handlers.schools.join_codes import code_table, display_code
from handlers.schools.school_file import SchoolRow
from storage.models import ClassReport, Member, RegistrationFailure, ReportEvent, TeacherReport
from tests.conftest import ADMIN, default_dispatcher, make_incoming

TEACHER_A = UserRef(Platform.TELEGRAM, "101")
TEACHER_A2 = UserRef(Platform.TELEGRAM, "102")
LEADER_A = UserRef(Platform.TELEGRAM, "103")
TEACHER_B = UserRef(Platform.TELEGRAM, "201")
DISTRICT_LC = UserRef(Platform.TELEGRAM, "301")
STRANGER = UserRef(Platform.TELEGRAM, "999")

SCHOOLS = [
    SchoolRow(2, "THCS-LELOI", "Trường THCS Lê Lợi", ("THCS",), "Quận Lê Chân", True, 4, 45),
    SchoolRow(3, "TH-TRANPHU", "Trường Tiểu học Trần Phú", ("TH",), "Quận Ngô Quyền", True, 20, 30),
    SchoolRow(4, "THPT-NGUYENTRAI", "Trường THPT Nguyễn Trãi", ("THPT",), "Quận Lê Chân", False, 30, 60),
]


@dataclass
class Province:
    inbox: Inbox
    codes: dict[str, tuple[str, str]]  # school code → (staff code, leader code)
    district_codes: dict[str, str]  # district name → code

    async def say(self, user: UserRef, text: str, *, group: bool = False) -> str:
        replies = await self.inbox.handle(make_incoming(text, sender=user, group=group))
        assert replies is not None
        return "\n".join(reply.text for reply in replies)


async def province_of(uow_factory, clock, rows: list[SchoolRow], class_lists: dict | None = None) -> Province:
    """These schools imported, with their codes, and an inbox to talk to (nobody registered yet)."""
    async with uow_factory() as uow:
        await import_schools(uow, rows, now=clock.now(), class_lists=class_lists)
        schools, districts = await code_table(uow)
        await uow.commit()
    inbox = Inbox(
        uow_factory=uow_factory, dispatcher=default_dispatcher(), clock=clock,
        config=CoreConfig(admin_ids=frozenset({ADMIN})),
    )
    return Province(
        inbox,
        {c.school_code: (c.staff_join_code, c.leader_join_code) for c in schools},
        {c.district_name: c.join_code for c in districts},
    )


@pytest.fixture
async def province(uow_factory, clock) -> Province:
    p = await province_of(uow_factory, clock, SCHOOLS)
    await p.say(TEACHER_A, f"/dangky {p.codes['THCS-LELOI'][0]} 6a1")
    await p.say(TEACHER_A2, f"/dangky {p.codes['THCS-LELOI'][0].lower().replace('-', '')}")
    await p.say(LEADER_A, f"/dangky {p.codes['THCS-LELOI'][1]}")
    await p.say(TEACHER_B, f"/dangky {p.codes['TH-TRANPHU'][0]}")
    await p.say(DISTRICT_LC, f"/dangky {p.district_codes['Quận Lê Chân']}")
    return p


async def rows(uow_factory, model) -> list:
    order = model.id if hasattr(model, "id") else model.school_id
    async with uow_factory() as uow:
        return list((await uow.session.exec(select(model).order_by(order))).all())


async def test_registration_links_people_to_their_school_role_and_class(province, uow_factory):
    members = {m.user_id: m for m in await rows(uow_factory, Member)}
    assert members["101"].role == "staff" and members["101"].homeroom_class == "6A1"
    assert members["102"].role == "staff" and members["102"].homeroom_class is None
    assert members["103"].role == "leader"
    assert members["301"].role == "district" and members["301"].school_id is None
    reply = await province.say(STRANGER, f"/dangky {province.codes['THCS-LELOI'][0]} 10A1")
    assert reply == texts.REGISTER_BAD_CLASS.format(name="10A1", school="Trường THCS Lê Lợi")


async def test_a_join_code_posted_in_a_group_is_not_used_or_echoed(province, uow_factory):
    code = province.codes["THCS-LELOI"][0]
    reply = await province.say(STRANGER, f"/dangky {code}", group=True)
    assert reply == texts.REGISTER_IN_PRIVATE and code not in reply
    assert "999" not in {m.user_id for m in await rows(uow_factory, Member)}


async def test_wrong_codes_are_throttled_and_a_right_code_then_waits(province, uow_factory, clock):
    for attempt in range(5):
        assert await province.say(STRANGER, f"/dangky ABCDE-FGH{attempt}K") == texts.REGISTER_WRONG_CODE
    right = province.codes["THCS-LELOI"][0]
    assert "thử lại sau 15 phút" in await province.say(STRANGER, f"/dangky {right}")
    assert "999" not in {m.user_id for m in await rows(uow_factory, Member)}
    assert len(await rows(uow_factory, RegistrationFailure)) == 5
    clock.advance(minutes=16)
    assert "Đã đăng ký" in await province.say(STRANGER, f"/dangky {right}")


async def test_a_class_report_is_acknowledged_with_the_school_count(province):
    reply = await province.say(TEACHER_A2, "/xong 6a2", group=True)
    assert reply == f"{texts.CLASS_RECORDED.format(names='6A2')} — Trường THCS Lê Lợi: 1/4 lớp"


async def test_plain_vietnamese_reports_count_once(province, uow_factory):
    assert "1/4 lớp" in await province.say(TEACHER_A, "lớp 6A1 đã xong ạ", group=True)
    repeated = await province.say(TEACHER_A2, "lop 6a1 xong roi a", group=True)
    assert repeated == "Lớp 6A1 đã được ghi nhận trước đó — Trường THCS Lê Lợi: 1/4 lớp"
    assert "3/4 lớp" in await province.say(TEACHER_A2, "6A2, 6A3 đã hoàn thành", group=True)
    assert len(await rows(uow_factory, ClassReport)) == 3


async def test_xong_alone_reports_the_homeroom_class(province):
    assert await province.say(TEACHER_A, "/xong") == f"{texts.CLASS_RECORDED.format(names='6A1')} — Trường THCS Lê Lợi: 1/4 lớp"
    assert await province.say(TEACHER_A2, "/xong") == texts.CLASS_USAGE


async def test_a_class_of_another_level_or_beyond_the_school_size_is_refused(province, uow_factory):
    assert "10A1" in await province.say(TEACHER_A, "/xong 10A1")
    assert "(THCS)" in await province.say(TEACHER_A, "/xong 10A1")
    refused = await province.say(TEACHER_A, "/xong 6A1-6A5")
    assert refused.startswith("Lớp 6A5 không có ở Trường THCS Lê Lợi") and "4 lớp" in refused
    assert (await province.say(TEACHER_A, "/xong 6A99")).startswith("Lớp 6A99 không có")
    refused = await province.say(TEACHER_A, "/xong 6A1-6A4, 7A1")
    assert refused.startswith("Trường THCS Lê Lợi có 4 lớp")
    assert await rows(uow_factory, ClassReport) == []


async def test_teacher_data_report_with_counts(province, uow_factory):
    partial = await province.say(TEACHER_A, "/xonggv 40/45")
    assert "40/45" in partial and "100%" in partial
    done = await province.say(TEACHER_A, "đã đồng bộ xong dữ liệu giáo viên 45/45 ạ", group=True)
    updated = texts.TEACHER_UPDATED.format(school="Trường THCS Lê Lợi", counts=" (45/45)")
    assert done == f"{updated} {texts.TEACHER_UPDATED_FROM.format(before='40/45')}"
    [status] = await rows(uow_factory, TeacherReport)
    assert (status.reviewed, status.total, status.complete) == (45, 45, True)


async def test_only_a_leader_confirms_the_school(province, uow_factory):
    assert await province.say(TEACHER_A, "/xacnhan") == texts.CONFIRM_LEADERS_ONLY
    asked = await province.say(LEADER_A, "/xacnhan")  # 0/4 classes reported: asked first, nothing recorded
    assert asked == texts.CONFIRM_ASK_CLASSES_MISSING.format(done=0, expected=4, missing=4)
    assert await rows(uow_factory, ReportEvent) == []
    confirmed = await province.say(LEADER_A, "/xacnhan chắc chắn")
    assert confirmed.startswith(texts.CONFIRM_RECORDED.format(school="Trường THCS Lê Lợi"))
    assert texts.CONFIRM_CLASSES_MISSING.format(done=0, expected=4) in confirmed
    kinds = [e.kind for e in await rows(uow_factory, ReportEvent)]
    assert kinds == ["school_confirmed"]


async def test_undo_removes_the_senders_last_report_and_keeps_the_trail(province, uow_factory):
    await province.say(TEACHER_A, "/xong 6A1, 6A2")
    await province.say(TEACHER_A2, "/xong 6A3")
    undone = await province.say(TEACHER_A, "/huy")
    assert undone == f"{texts.UNDO_DONE.format(what='lớp 6A1, 6A2')} — Trường THCS Lê Lợi: 1/4 lớp"
    assert await province.say(TEACHER_A, "/huy") == texts.UNDO_NOTHING
    events = await rows(uow_factory, ReportEvent)
    assert [(e.kind, e.detail, e.undone_at is not None, e.undoes_id is not None) for e in events] == [
        ("class_done", "6A1,6A2", True, False),
        ("class_done", "6A3", False, False),
        ("class_done", "6A1,6A2", False, True),
    ]
    assert all(e.platform == "telegram" and e.user_id and e.chat_id for e in events)


async def test_undo_of_a_teacher_report_restores_the_one_before(province, uow_factory):
    await province.say(TEACHER_A, "/xonggv 40/45")
    await province.say(TEACHER_A, "/xonggv 45/45")
    await province.say(TEACHER_A, "/huy")
    [status] = await rows(uow_factory, TeacherReport)
    assert (status.reviewed, status.total, status.complete) == (40, 45, False)


async def test_unregistered_sender_cannot_report_and_nothing_is_recorded(province, uow_factory):
    for text in ("/xong 6A1", "/xonggv 45/45", "/xacnhan", "/huy"):
        assert await province.say(STRANGER, text, group=True) == texts.NOT_REGISTERED_REPORT, text
    # Plain text after being told today: silence in the group, never a record.
    assert await province.say(STRANGER, "lớp 6A1 đã xong ạ", group=True) == ""
    assert await rows(uow_factory, ReportEvent) == []


async def test_staff_of_one_school_only_ever_report_for_their_own(province, uow_factory):
    await province.say(TEACHER_B, "/xong 6A1")  # a THCS class name from a primary-school teacher
    await province.say(TEACHER_B, "/xong 3A")
    [report] = await rows(uow_factory, ClassReport)
    assert report.class_name == "3A"
    assert "Lê Lợi" not in await province.say(TEACHER_B, "/tiendo")


async def test_district_officer_cannot_report(province):
    assert await province.say(DISTRICT_LC, "/xong 6A1") == texts.REPORT_SCHOOL_STAFF_ONLY


async def test_progress_differs_by_role(province):
    await province.say(TEACHER_A, "/xong 6A1")
    staff = await province.say(TEACHER_A, "/tiendo")
    assert staff.startswith("Tiến độ rà soát — Trường THCS Lê Lợi:") and "1/4 lớp" in staff
    district = await province.say(DISTRICT_LC, "/tiendo")
    assert "Phòng GDĐT Quận Lê Chân (1 trường)" in district  # the THPT school reports to the Sở
    admin = await province.say(ADMIN, "/tiendo")
    assert "(3 trường)" in admin and "Quận Ngô Quyền" in admin and "THCS" in admin


async def test_a_district_officer_asking_for_another_district_is_refused(province):
    reply = await province.say(DISTRICT_LC, "/tiendo Ngô Quyền")
    assert reply == texts.PROGRESS_OTHER_DISTRICT.format(district="Phòng GDĐT Quận Lê Chân")
    assert "Lê Lợi" in await province.say(DISTRICT_LC, "/chuaxong Lê Chân")


async def test_pending_lists_what_is_missing(province):
    await province.say(TEACHER_A, "/xong 6A1-6A4")
    await province.say(TEACHER_A, "/xonggv 45/45")
    mine = await province.say(TEACHER_A, "/chuaxong")
    assert texts.SCHOOL_PENDING_CONFIRMATION in mine and "Dữ liệu giáo viên" not in mine
    await province.say(LEADER_A, "/xacnhan")
    assert await province.say(TEACHER_A, "/chuaxong") == texts.SCHOOL_ALL_DONE.format(school="Trường THCS Lê Lợi")
    everyone = await province.say(ADMIN, "/chuaxong")
    assert "2/3 trường" in everyone and "Trần Phú" in everyone and "Lê Lợi" not in everyone


async def test_admin_filters_progress_by_level(province):
    reply = await province.say(ADMIN, "/tiendo THPT")
    assert "(1 trường)" in reply
    level_lines = [line for line in reply.splitlines() if line.startswith(("• Tiểu học", "• THCS", "• THPT"))]
    assert [line.split(":")[0] for line in level_lines] == ["• THPT"]


async def test_progress_in_a_level_group_covers_that_groups_levels(province):
    await province.say(ADMIN, "/nhom THCS", group=True)
    reply = await province.say(ADMIN, "/chuaxong", group=True)
    assert "Lê Lợi" in reply and "Trần Phú" not in reply and "Nguyễn Trãi" not in reply


async def test_an_unknown_progress_filter_is_not_echoed_at_length_nor_as_a_link(province):
    spoof = "THÔNG BÁO CỦA SỞ GDĐT: các trường truy cập https://gia-mao.example/dang-nhap " + "x" * 4000
    reply = await province.say(STRANGER, f"/chuaxong {spoof}", group=True)
    assert "gia-mao" not in reply and "https" not in reply and len(reply) < 400
    assert "/chuaxong THCS" in reply


async def test_join_codes_are_long_random_and_distinct(province):
    codes = [c for pair in province.codes.values() for c in pair] + list(province.district_codes.values())
    assert len(set(codes)) == len(codes)
    assert all(len(c) == 11 and c[5] == "-" and c == display_code(c.replace("-", "")) for c in codes)


async def test_two_teachers_reporting_one_class_at_the_same_moment_both_get_an_answer(province, uow_factory):
    import asyncio

    first, second = await asyncio.gather(
        province.inbox.handle(make_incoming("/xong 6A2", sender=TEACHER_A)),
        province.inbox.handle(make_incoming("/xong 6A2", sender=TEACHER_A2)),
    )
    assert first and second
    texts_seen = sorted(reply.text for reply in first + second)
    assert texts_seen == [
        "Lớp 6A2 đã được ghi nhận trước đó — Trường THCS Lê Lợi: 1/4 lớp",
        "Đã ghi nhận lớp 6A2 — Trường THCS Lê Lợi: 1/4 lớp",
    ]
    assert len(await rows(uow_factory, ClassReport)) == 1


async def test_undoing_an_undone_teacher_report_again_leaves_no_status(province, uow_factory):
    await province.say(TEACHER_A, "/xonggv 40/45")
    await province.say(TEACHER_A, "/huy")
    await province.say(TEACHER_A, "/xonggv 45/45")
    what = texts.UNDO_WHAT_TEACHER_REPORT.format(counts="45/45", when="01/06/2026 15h00")
    assert await province.say(TEACHER_A, "/huy") == (
        f"{texts.UNDO_DONE.format(what=what)} — Trường THCS Lê Lợi: dữ liệu giáo viên chưa được báo."
    )
    assert await rows(uow_factory, TeacherReport) == []


async def test_undoing_my_teacher_report_keeps_a_colleagues_later_one(province, uow_factory):
    await province.say(TEACHER_A, "/xonggv 30/45")
    await province.say(TEACHER_A2, "/xonggv 45/45")
    await province.say(TEACHER_A, "/huy")
    [status] = await rows(uow_factory, TeacherReport)
    assert (status.reviewed, status.total, status.complete) == (45, 45, True)
    assert "đã rà soát, đồng bộ (45/45)" in await province.say(TEACHER_A, "/tiendo")


async def test_a_reviewed_count_above_the_school_staff_is_refused(province, uow_factory):
    reply = await province.say(TEACHER_A, "/xonggv 50")
    assert reply == texts.TEACHER_OVER_TOTAL.format(reviewed=50, total=45, school="Trường THCS Lê Lợi")
    assert await rows(uow_factory, TeacherReport) == []


async def test_a_report_opening_with_the_school_name_is_recorded(province):
    assert "1/4 lớp" in await province.say(TEACHER_A, "Trường THCS Lê Lợi báo cáo lớp 6A1 đã xong ạ", group=True)


THCS_HINT = texts.REPORT_NOT_READ_HINT.format(several="7A1-7A6", one="6A1")


async def test_an_unreadable_report_in_a_group_gets_a_hint_not_silence(province, uow_factory):
    assert await province.say(TEACHER_A, "6A3 xong, 6A4 chưa", group=True) == THCS_HINT
    assert await province.say(TEACHER_A, "xong hết khối 7", group=False) == THCS_HINT
    assert await rows(uow_factory, ClassReport) == []


async def test_the_hint_shows_class_names_of_the_senders_level(province):
    hint = texts.REPORT_NOT_READ_HINT.format(several="3A-3E", one="5A2")
    assert await province.say(TEACHER_B, "3A xong, 3B chưa", group=False) == hint  # a primary school's teacher
    greeting = "Dạ em chào anh chị, em là Hà ở trường TH Trần Phú. Trường em đã xong hết 27 lớp rồi ạ"
    assert await province.say(TEACHER_B, greeting, group=False) == hint  # a report, not a progress question


async def test_a_registered_teacher_asking_progress_in_words_gets_the_progress(province, uow_factory):
    await province.say(TEACHER_A, "/xong 6A1")
    for text in ("trường em xong bao nhiêu lớp rồi", "xem tiến độ"):
        reply = await province.say(TEACHER_A, text, group=False)
        assert reply.startswith("Tiến độ rà soát — Trường THCS Lê Lợi:") and "1/4 lớp" in reply, text
    assert await province.say(TEACHER_A, "trường THCS Ngô Quyền xong chưa", group=False) == texts.PROGRESS_QUESTION_HINT


async def test_10a_and_10a1_are_not_counted_as_two_classes_without_asking(province, uow_factory):
    assert "1/4 lớp" in await province.say(TEACHER_A, "/xong 6A1")
    asked = await province.say(TEACHER_A2, "/xong 6A")
    assert asked == texts.CLASS_AMBIGUOUS.format(name="6A", others="6A1", school="Trường THCS Lê Lợi")
    assert [r.class_name for r in await rows(uow_factory, ClassReport)] == ["6A1"]


async def test_teacher_counts_must_be_numbers_within_the_staff_and_a_larger_total_needs_a_leader(province, uow_factory):
    assert "chưa đọc được" in await province.say(TEACHER_A, "/xonggv abc")
    assert "số âm" in await province.say(TEACHER_A, "/xonggv -5/52")
    asked = await province.say(TEACHER_A, "/xonggv 50/50")
    awaiting = texts.TEACHER_AWAITING_LEADER.format(
        counts="50/50", total=50, expected=45, school="Trường THCS Lê Lợi", compared="lớn hơn"
    )
    assert asked.startswith(awaiting)  # followed by the leader's private message (tests/reports/test_teacher_pending.py)
    assert await rows(uow_factory, TeacherReport) == []
    confirmed = await province.say(LEADER_A, "/xonggv 50/50")
    assert "(50/50)" in confirmed and texts.TEACHER_COUNT_DIFFERS.format(expected=45) in confirmed
    [status] = await rows(uow_factory, TeacherReport)
    assert (status.reviewed, status.total) == (50, 50)


async def test_a_report_followed_by_a_long_story_is_recorded_from_its_first_sentence(province, uow_factory):
    story = "Dạ báo cáo lớp 6A2 đã xong ạ, em đã rà soát kỹ từng học sinh. " + "Em cảm ơn các thầy cô đã hỗ trợ. " * 50
    assert "Đã ghi nhận lớp 6A2" in await province.say(TEACHER_A, story, group=True)
    assert [r.class_name for r in await rows(uow_factory, ClassReport)] == ["6A2"]


async def test_an_unregistered_reporter_is_told_once_a_day_in_a_group_and_always_in_private(province):
    replies = [await province.say(STRANGER, f"lớp 6A{n} đã xong ạ", group=True) for n in (1, 2, 3)]
    assert replies == [texts.NOT_REGISTERED_REPORT, "", ""]
    assert await province.say(STRANGER, "lớp 6A4 đã xong ạ") == texts.NOT_REGISTERED_PRIVATE


async def test_a_report_naming_another_school_is_never_recorded_for_the_senders(province, uow_factory):
    reply = await province.say(TEACHER_A, "Trường THCS Trần Phú báo cáo lớp 8A1, 8A2 đã xong ạ", group=True)
    assert reply == texts.REPORT_OTHER_SCHOOL.format(named="Trường THCS Trần Phú", school="Trường THCS Lê Lợi")
    assert (await province.say(TEACHER_A, "Tiểu học Trần Phú: 6A2 xong")).startswith("Thầy/cô đăng ký với Trường THCS Lê Lợi")
    assert await rows(uow_factory, ClassReport) == []
    assert "1/4 lớp" in await province.say(TEACHER_A, "Trường Lê Lợi: 6A3 xong")  # its own name


async def test_a_homeroom_teacher_reports_their_own_class_in_words(province, uow_factory):
    assert "6A1" in await province.say(TEACHER_A, "lớp em xong rồi ạ", group=True)
    assert [r.class_name for r in await rows(uow_factory, ClassReport)] == ["6A1"]
    assert await province.say(TEACHER_A2, "em xong rồi") == texts.CLASS_USAGE  # no homeroom class: how to name it
    replies = await province.inbox.handle(make_incoming("em xong rồi nhé chị", sender=TEACHER_A2, group=True))
    assert not replies  # in a group, "em xong rồi" may answer a colleague about anything


async def test_a_class_still_under_way_in_private_gets_the_hint_not_a_ticket(province, uow_factory):
    from storage.models import Ticket

    assert await province.say(TEACHER_A, "6A9 đang làm") == THCS_HINT
    assert await rows(uow_factory, Ticket) == []


async def test_chuaxong_lists_the_reported_classes_in_a_schools_order(province):
    await province.say(TEACHER_A, "/xong 7A1, 6A2, 6A1")
    assert texts.SCHOOL_REPORTED_CLASSES.format(names="6A1, 6A2, 7A1") in await province.say(TEACHER_A, "/chuaxong")


async def test_one_grade_reported_as_most_of_the_school_is_asked_about_first(uow_factory, clock):
    big = SchoolRow(2, "THCS-CVA", "Trường THCS Chu Văn An", ("THCS",), "Quận Lê Chân", True, 24, 45)
    p = await province_of(uow_factory, clock, [big])
    await p.say(TEACHER_A, f"/dangky {p.codes['THCS-CVA'][0]}")
    asked = await p.say(TEACHER_A, "/xong 6A1-6A24")  # meant 6A1-6A4
    assert asked == texts.CLASS_LARGE_BATCH.format(count=24, names="6A1 … 6A24", expected=24)
    assert await rows(uow_factory, ClassReport) == []
    assert "4/24 lớp" in await p.say(TEACHER_A, "/xong 6A1-6A4")
    assert "20/24 lớp" in await p.say(TEACHER_A, "/xong 7A1-7A16 chắc")


async def test_a_code_typed_with_a_space_for_its_dash_registers(province, uow_factory):
    staff = display_code(province.codes["TH-TRANPHU"][0]).lower().replace("-", " ")
    reply = await province.say(STRANGER, f"/dangky {staff} 3a1")
    assert "Trường Tiểu học Trần Phú" in reply and "3A1" in reply, reply


async def test_a_district_officer_asking_progress_in_words_is_pointed_to_their_own_view(province):
    reply = await province.say(DISTRICT_LC, "quận mình còn bao nhiêu trường chưa xong", group=False)
    assert reply == texts.PROGRESS_QUESTION_HINT_OVERSEER
