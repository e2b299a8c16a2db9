"""Reminders as exactly-once jobs: what they send, once, on time, late or skipped."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from handlers import texts
from handlers.admin.campaigns import set_deadline
from handlers.core.runner import WorkKey
from handlers.reminders.planning import Due
from storage.models import Member, OutboxMessage, TeacherReport
from tests.reminders.conftest import STAFF_CHAT, THCS_DUE, THCS_GROUP, THPT_GROUP, local, make_desk


async def outbox(uow_factory) -> list[OutboxMessage]:
    async with uow_factory() as uow:
        return list((await uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def thcs_reminders(province):
    _, plan = await province.desk.plan()
    return [r for r in plan if r.group_level == "THCS"]


async def test_a_reminder_posts_to_the_group_the_pending_schools_by_district_and_how_to_report(uow_factory, province):
    first = (await thcs_reminders(province))[0]
    province.clock.current = first.at
    outcome = await province.desk.fire(first.key)
    assert outcome is not None and outcome.decision == Due.SEND
    rows = await outbox(uow_factory)
    [group_post] = [r for r in rows if r.chat_id == THCS_GROUP.chat_id]
    lines = group_post.text.splitlines()
    assert lines[0] == (
        "⏰ Nhắc hạn: dữ liệu giáo viên cấp THCS phải xong trước 17h00 ngày 08/12/2026 (còn 3 ngày), theo thông báo của Sở."
    )
    assert lines[1] == "Còn 12/12 trường chưa báo xong:"  # 10 THCS and 2 TH&THCS demo schools
    assert all(line.startswith("• ") for line in lines[2:-1])
    assert lines[-1] == texts.REMINDER_HOW["teacher"]
    # The leader and the database officer of the pending school, not the homeroom teacher;
    # and the district office's officer.
    private = sorted(r.chat_id for r in rows if r.chat_id in {"5001", "5002", "5003", "6001"})
    assert private == ["5001", "5002", "6001"]
    assert "DEMO" not in group_post.text and "(demo)" in group_post.text


async def test_a_reminder_runs_once_even_when_fired_again_or_by_a_second_process(uow_factory, province):
    first = (await thcs_reminders(province))[0]
    province.clock.current = first.at
    await province.desk.fire(first.key)
    assert first.key not in {o.key for o in await province.desk.catch_up()}  # a restart finds it done
    sent = len(await outbox(uow_factory))  # the other groups' reminders of the same time included
    second_process = make_desk(uow_factory, province.clock)
    assert (await second_process.fire(first.key)).messages is None
    assert await second_process.catch_up() == []
    assert len(await outbox(uow_factory)) == sent


async def test_a_restart_inside_the_window_sends_what_was_missed_once_marked_late(uow_factory, province):
    first = (await thcs_reminders(province))[0]
    province.clock.current = first.at + timedelta(hours=2)  # the bot was down at first.at
    restarted = make_desk(uow_factory, province.clock)
    outcomes = [o for o in await restarted.catch_up() if o.key == first.key]
    assert [o.decision for o in outcomes] == [Due.SEND_LATE]
    [group_post] = [r for r in await outbox(uow_factory) if r.chat_id == THCS_GROUP.chat_id]
    assert group_post.text.startswith("(Tin nhắc này gửi muộn so với lịch: lẽ ra gửi lúc 17h00 ngày 05/12/2026.)")
    assert [o for o in await make_desk(uow_factory, province.clock).catch_up() if o.key == first.key] == []


async def test_down_through_a_reminder_beyond_the_grace_it_is_recorded_skipped_and_never_sent(uow_factory, province):
    first, second = (await thcs_reminders(province))[:2]
    province.clock.current = second.at - timedelta(hours=1)  # 23 hours after the first one
    outcomes = {o.key: o.decision for o in await make_desk(uow_factory, province.clock).catch_up()}
    assert outcomes[first.key] == Due.SKIP
    assert second.key not in outcomes  # still ahead
    assert [r for r in await outbox(uow_factory) if r.chat_id == THCS_GROUP.chat_id] == []
    assert await province.desk.runner.is_done(WorkKey.job(first.key))


async def test_a_moved_deadline_retires_the_old_reminders_and_plans_new_ones(uow_factory, province):
    old = (await thcs_reminders(province))[0]
    async with uow_factory() as uow:
        campaign = await uow.campaigns.active()
        await set_deadline(uow, campaign, "THCS", "teacher", local("18/12/2026 17:00"))
        await uow.commit()
    new = await thcs_reminders(province)
    assert old.key not in {r.key for r in new}
    assert new[0].at == local("15/12/2026 17:00")
    province.clock.current = old.at
    assert await province.desk.fire(old.key) is None  # the job of the old date does nothing
    assert [r for r in await outbox(uow_factory) if r.chat_id == THCS_GROUP.chat_id] == []


async def test_a_group_with_nothing_pending_is_congratulated_once(uow_factory, province):
    async with uow_factory() as uow:
        for row in await uow.progress.schools():
            if "THPT" in row.levels or "GDTX" in row.levels:
                uow.reports.put(TeacherReport(school_id=row.school_id, complete=True, member_id=1))
        await uow.commit()
    _, plan = await province.desk.plan()
    thpt = [r for r in plan if r.group_level == "THPT"]
    for reminder in thpt[:2]:
        province.clock.current = reminder.at
        await province.desk.fire(reminder.key)
    posts = [r.text for r in await outbox(uow_factory) if r.chat_id == THPT_GROUP.chat_id]
    assert posts == ["🎉 Tất cả 8 trường cấp THPT và GDTX đã báo xong dữ liệu giáo viên trước hạn 17h00 ngày 15/12/2026. Cảm ơn thầy/cô!"]


async def test_long_lists_are_cut_with_a_pointer_to_chuaxong(uow_factory, province):
    async with uow_factory() as uow:
        campaign = await uow.campaigns.active()
        await set_deadline(uow, campaign, "MN", "student", THCS_DUE)
        await set_deadline(uow, campaign, "TH", "student", THCS_DUE)
        await set_deadline(uow, campaign, "THCS", "student", THCS_DUE)
        await uow.commit()
    from handlers.reminders import fanout

    original = fanout.MAX_LISTED
    fanout.MAX_LISTED = 5
    try:
        _, plan = await province.desk.plan()
        reminder = next(r for r in plan if r.group_level == "THCS" and r.track == "student")
        province.clock.current = reminder.at
        await province.desk.fire(reminder.key)
    finally:
        fanout.MAX_LISTED = original
    [post] = [r.text for r in await outbox(uow_factory) if r.chat_id == THCS_GROUP.chat_id]
    assert "và 7 trường khác — xem /chuaxong" in post
    assert texts.REMINDER_HOW["student"] in post
    # The homeroom teacher of an unreported class is reminded on the student track.
    homeroom = [r.text for r in await outbox(uow_factory) if r.chat_id == "5003"]
    assert homeroom and "lớp 6A1" in homeroom[0]


async def test_the_daily_digest_goes_to_the_staff_chat_once_a_day(uow_factory, province):
    province.clock.current = local("02/12/2026 07:30")
    assert await province.desk.send_digest() == 1
    assert await province.desk.send_digest() is None
    [digest] = [r.text for r in await outbox(uow_factory) if r.chat_id == STAFF_CHAT.chat_id]
    assert digest.startswith("📋 Tổng hợp ngày 02/12/2026 — Đợt rà soát tháng 12/2026")
    assert "- THCS: GV xong 0/12, HS xác nhận 0/12" in digest
    assert "Câu hỏi chưa trả lời: 0" in digest
    assert "Hạn sắp tới: dữ liệu giáo viên cấp Mầm non, Tiểu học và THCS, 17h00 ngày 08/12/2026 (còn 6 ngày 9 giờ 30 phút)" not in digest
    assert "Hạn sắp tới: dữ liệu giáo viên cấp Mầm non, Tiểu học và THCS, 17h00 ngày 08/12/2026 (còn 6 ngày 9 giờ)" in digest


async def test_on_zalo_private_reminders_go_to_leaders_only_to_spare_the_monthly_quota(uow_factory, province):
    async with uow_factory() as uow:
        uow.members.add(Member(platform="zalo", user_id="z-leader", role="leader", school_id=province.thcs_school_id))
        uow.members.add(Member(platform="zalo", user_id="z-officer", role="staff", school_id=province.thcs_school_id))
        await uow.commit()
    first = (await thcs_reminders(province))[0]
    province.clock.current = first.at
    await province.desk.fire(first.key)
    reached = {(r.platform, r.chat_id) for r in await outbox(uow_factory)}
    assert ("zalo", "z-leader") in reached and ("zalo", "z-officer") not in reached
    assert ("telegram", "5002") in reached  # elsewhere the database officer is reminded too
