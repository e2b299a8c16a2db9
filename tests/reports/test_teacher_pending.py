"""A teacher-data total above the Sở's staff figure waits for the school's leader: pending, not
done; the leader is asked privately and confirms or rejects; the reporter is told; /huy withdraws
it; repeated reports say they changed nothing."""

from __future__ import annotations

from handlers import texts
from handlers.core.messages import ChatRef, Platform
from storage.models import PendingTeacherReport, ReportEvent, TeacherReport
from tests.conftest import make_incoming
from tests.reports.test_recording import (  # noqa: F401  (the province fixture)
    LEADER_A,
    TEACHER_A,
    TEACHER_A2,
    TEACHER_B,
    province,
    rows,
)

SCHOOL = "Trường THCS Lê Lợi"


async def send(province, user, text, *, group=False):
    return await province.inbox.handle(make_incoming(text, sender=user, group=group))


async def test_a_total_above_the_list_waits_for_the_leader_who_is_asked_privately(province, uow_factory):
    replies = await send(province, TEACHER_A, "/xonggv 50/50", group=True)
    [to_reporter, to_leader] = replies
    assert to_reporter.chat == ChatRef(Platform.TELEGRAM, "-100123")
    assert to_reporter.text == texts.TEACHER_AWAITING_LEADER.format(counts="50/50", total=50, expected=45, school=SCHOOL, compared="lớn hơn")
    assert to_leader.chat == ChatRef(Platform.TELEGRAM, LEADER_A.user_id)  # privately
    assert "50/50" in to_leader.text and "/duyetgv" in to_leader.text
    assert to_leader.buttons == ("/duyetgv", "/tuchoigv")
    assert await rows(uow_factory, TeacherReport) == []
    [pending] = await rows(uow_factory, PendingTeacherReport)
    assert (pending.reviewed, pending.total) == (50, 50)
    progress = await province.say(TEACHER_A, "/tiendo")
    assert texts.TEACHER_STATUS_AWAITING_LEADER in progress and "đã rà soát, đồng bộ" not in progress
    assert texts.TEACHER_STATUS_AWAITING_LEADER in await province.say(TEACHER_A, "/chuaxong")


async def test_the_leader_confirms_and_the_reporter_is_told(province, uow_factory):
    await send(province, TEACHER_A, "/xonggv 50/50", group=True)
    [to_leader, to_reporter] = await send(province, LEADER_A, "/duyetgv")
    assert to_leader.text.startswith(texts.TEACHER_APPROVED.format(counts="50/50"))
    assert to_reporter.chat == ChatRef(Platform.TELEGRAM, TEACHER_A.user_id)
    assert to_reporter.text == texts.TEACHER_APPROVED_TO_REPORTER.format(counts="50/50", school=SCHOOL)
    [status] = await rows(uow_factory, TeacherReport)
    assert (status.reviewed, status.total, status.complete) == (50, 50, True)
    assert await rows(uow_factory, PendingTeacherReport) == []
    assert "đã rà soát, đồng bộ (50/50)" in await province.say(TEACHER_A, "/tiendo")
    assert await province.say(LEADER_A, "/duyetgv") == texts.TEACHER_NOTHING_PENDING.format(school=SCHOOL)
    kinds = [e.kind for e in await rows(uow_factory, ReportEvent)]
    assert kinds == ["teacher_pending", "teacher_done"]


async def test_the_leader_rejects_and_nothing_counts(province, uow_factory):
    await send(province, TEACHER_A, "/xonggv 50/50", group=True)
    [to_leader, to_reporter] = await send(province, LEADER_A, "/tuchoigv")
    assert to_leader.text == texts.TEACHER_REJECTED.format(counts="50/50", school=SCHOOL)
    assert to_reporter.text == texts.TEACHER_REJECTED_TO_REPORTER.format(counts="50/50", school=SCHOOL, expected=45)
    assert await rows(uow_factory, TeacherReport) == [] and await rows(uow_factory, PendingTeacherReport) == []
    assert texts.TEACHER_STATUS_NONE in await province.say(TEACHER_A, "/tiendo")
    assert [e.kind for e in await rows(uow_factory, ReportEvent)] == ["teacher_pending", "teacher_rejected"]


async def test_only_the_leader_of_that_school_decides(province, uow_factory):
    await send(province, TEACHER_A, "/xonggv 50/50", group=True)
    assert "Đã xác nhận" not in await province.say(TEACHER_A2, "/duyetgv")
    assert "Đã xác nhận" not in await province.say(TEACHER_B, "/duyetgv")
    assert len(await rows(uow_factory, PendingTeacherReport)) == 1


async def test_the_reporter_withdraws_a_pending_report_with_huy(province, uow_factory):
    await send(province, TEACHER_A, "/xonggv 45/45", group=True)
    await send(province, TEACHER_A, "/xonggv 50/50", group=True)
    undone = await province.say(TEACHER_A, "/huy")
    what = texts.UNDO_WHAT_PENDING_TEACHER.format(counts="50/50")
    assert undone == f"{texts.UNDO_DONE.format(what=what)} — {SCHOOL}: dữ liệu giáo viên đã rà soát, đồng bộ xong (45/45)."
    assert await rows(uow_factory, PendingTeacherReport) == []
    assert await province.say(LEADER_A, "/duyetgv") == texts.TEACHER_NOTHING_PENDING.format(school=SCHOOL)


async def test_a_report_within_the_list_replaces_the_pending_one(province, uow_factory):
    await send(province, TEACHER_A, "/xonggv 50/50", group=True)
    reply = await province.say(TEACHER_A2, "/xonggv 45/45")
    assert texts.TEACHER_PENDING_SUPERSEDED.format(counts="50/50") in reply
    assert await rows(uow_factory, PendingTeacherReport) == []


async def test_without_a_registered_leader_the_reporter_is_told_who_must_register(province, uow_factory):
    await province.say(LEADER_A, "/huy")  # nothing to undo; the leader stays
    async with uow_factory() as uow:
        leader = await uow.members.get(LEADER_A.platform, LEADER_A.user_id)
        await uow.session.delete(leader)
        await uow.commit()
    [reply] = await send(province, TEACHER_A, "/xonggv 50/50")
    assert reply.text == texts.TEACHER_AWAITING_NO_LEADER.format(counts="50/50", total=50, expected=45, school=SCHOOL, compared="lớn hơn")
    # The leader who registers later is told what waits for them.
    registered = await province.say(LEADER_A, f"/dangky {province.codes['THCS-LELOI'][1]}")
    assert texts.REGISTERED_LEADER_PENDING.format(counts="50/50") in registered
    assert (await province.say(LEADER_A, "/duyetgv")).startswith(texts.TEACHER_APPROVED.format(counts="50/50"))


async def test_a_repeated_teacher_report_says_it_was_already_recorded(province, uow_factory):
    first = await province.say(TEACHER_A, "/xonggv 45/45")
    assert first == texts.TEACHER_RECORDED.format(school=SCHOOL, counts=" (45/45)")
    again = await province.say(TEACHER_A2, "đã đồng bộ xong dữ liệu giáo viên 45/45", group=True)
    assert again == texts.TEACHER_ALREADY_RECORDED.format(school=SCHOOL, counts=" (45/45)")
    assert "Đã ghi nhận" not in again
    assert await province.say(TEACHER_A, "/xonggv") == texts.TEACHER_ALREADY_RECORDED.format(school=SCHOOL, counts=" (45/45)")
    assert len(await rows(uow_factory, ReportEvent)) == 1
    changed = await province.say(TEACHER_A, "/xonggv 44/45")  # one person found unreviewed after all
    assert "44/45" in changed and "(Trước đó: 45/45.)" in changed


async def test_huy_on_teacher_data_names_the_report_undone_and_a_colleagues_standing_one(province):
    await province.say(TEACHER_A, "/xonggv 30/45")
    await province.say(TEACHER_A2, "/xonggv 45/45")
    undone = await province.say(TEACHER_A, "/huy")
    what = texts.UNDO_WHAT_TEACHER_REPORT.format(counts="30/45", when="01/06/2026 15h00") + texts.UNDO_TEACHER_OVERTAKEN
    assert undone == f"{texts.UNDO_DONE.format(what=what)} — {SCHOOL}: dữ liệu giáo viên đã rà soát, đồng bộ xong (45/45)."


async def test_a_total_below_the_list_also_waits_for_the_leader(province, uow_factory):
    # "45/45" where the Sở's list says 45 is done; "40/40" would leave 5 people unreviewed unless
    # the school really has 40 now: the leader decides
    [to_reporter, to_leader] = await send(province, TEACHER_A, "/xonggv 40/40")
    assert to_reporter.text == texts.TEACHER_AWAITING_LEADER.format(
        counts="40/40", total=40, expected=45, school=SCHOOL, compared="nhỏ hơn"
    )
    assert "ít hơn 45" in to_leader.text
    assert await rows(uow_factory, TeacherReport) == []


async def test_a_partial_report_with_a_total_off_the_list_also_says_it_is_not_finished(province, uow_factory):
    # the list says 45; "40/52" differs from it and leaves 12 people unreviewed
    [to_reporter, to_leader] = await send(province, TEACHER_A, "/xonggv 40/52")
    awaiting = texts.TEACHER_AWAITING_LEADER.format(counts="40/52", total=52, expected=45, school=SCHOOL, compared="lớn hơn")
    assert to_reporter.text == f"{awaiting} {texts.TEACHER_PENDING_PARTIAL.format(counts='40/52', left=12)}"
    assert texts.TEACHER_LEADER_ASKED_PARTIAL.format(left=12) in to_leader.text
    below, *_ = await send(province, TEACHER_A2, "/xonggv 40/44")  # below the list this time
    assert "còn 4 cán bộ, giáo viên chưa rà soát" in below.text and "nhỏ hơn" in below.text
    complete = await send(province, TEACHER_A2, "/xonggv 44/44")
    assert "chưa rà soát" not in complete[0].text  # a complete count off the list is only waiting
