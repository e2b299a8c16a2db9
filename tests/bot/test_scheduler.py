"""The scheduler: APScheduler jobs made from the plan, re-planned when a deadline moves, catch-up
on start, one scheduling process on PostgreSQL. Jobs are fired by calling them with the fake
clock set to their time; nothing waits on the wall clock."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlmodel import select

from bot.scheduler import JOBS, ReminderScheduler, ScheduledJob, every
from handlers.admin.campaigns import set_deadline
from storage.database import make_engine
from storage.locks import SchedulerLock
from storage.models import OutboxMessage, OutboxStatus, ProcessedUpdate
from tests.reminders.conftest import THCS_GROUP, local, make_desk, province  # noqa: F401  (fixture)
from tests.tcp_proxy import TcpProxy

RETENTION = timedelta(days=30)


async def group_posts(uow_factory, chat_id=THCS_GROUP.chat_id) -> list[str]:
    async with uow_factory() as uow:
        rows = (await uow.session.exec(select(OutboxMessage).where(OutboxMessage.chat_id == chat_id))).all()
    return [row.text for row in rows]


@pytest.fixture
async def scheduler(engine, province):
    scheduler = ReminderScheduler(province.desk, SchedulerLock(engine), retention=RETENTION)
    await scheduler.start()
    yield scheduler
    await scheduler.stop()


async def test_each_future_reminder_becomes_a_job_at_its_planned_time(scheduler, province):
    _, plan = await province.desk.plan()
    assert scheduler.leading
    assert scheduler.planned_times() == {r.key: r.at for r in plan if r.at > province.clock.now()}
    assert {job.id for job in scheduler.scheduler.get_jobs()} >= {"job:digest", "job:retention", "replan"}


def test_retention_pruning_runs_every_day_at_03h30_local_time(scheduler):
    trigger = scheduler.scheduler.get_job("job:retention").trigger
    assert trigger.get_next_fire_time(None, local("01/12/2026 09:00")) == local("02/12/2026 03:30")
    assert trigger.get_next_fire_time(None, local("02/12/2026 03:29")) == local("02/12/2026 03:30")
    assert trigger.get_next_fire_time(None, local("02/12/2026 03:31")) == local("03/12/2026 03:30")
    # Once it has run, the next run is the next day's.
    assert trigger.get_next_fire_time(local("02/12/2026 03:30"), local("02/12/2026 03:30")) == local("03/12/2026 03:30")


async def test_the_retention_job_forgets_old_update_marks_and_sent_messages_and_keeps_job_marks(scheduler, province, uow_factory):
    old, recent = province.clock.now() - RETENTION - timedelta(hours=1), province.clock.now() - timedelta(days=1)
    async with uow_factory() as uow:
        for update_id, platform, at in (("old", "telegram", old), ("recent", "telegram", recent), ("rem:x", "job", old)):
            uow.session.add(ProcessedUpdate(platform=platform, update_id=update_id, processed_at=at))
        for text, status in (("old sent", OutboxStatus.SENT), ("old pending", OutboxStatus.PENDING)):
            uow.session.add(OutboxMessage(platform="telegram", chat_id="1", text=text, status=status, created_at=old))
        await uow.commit()
    await scheduler.scheduler.get_job("job:retention").func()
    async with uow_factory() as uow:
        marks = sorted(m.update_id for m in (await uow.session.exec(select(ProcessedUpdate))).all())
        texts = sorted(m.text for m in (await uow.session.exec(select(OutboxMessage))).all())
    assert marks == ["recent", "rem:x"]
    assert texts == ["old pending"]  # a message not yet sent stays, however old


async def test_a_moved_deadline_replans_the_jobs_at_once(scheduler, province, uow_factory):
    before = scheduler.planned_times()
    async with uow_factory() as uow:
        await set_deadline(uow, await uow.campaigns.active(), "THCS", "teacher", local("18/12/2026 17:00"))
        await uow.commit()
    scheduler.poke()
    await scheduler._replan_task
    after = scheduler.planned_times()
    thcs = sorted(at for key, at in after.items() if ":THCS:" in key)
    assert thcs[0] == local("15/12/2026 17:00") and thcs[-1] == local("18/12/2026 15:00")
    assert not {k for k in before if ":THCS:" in k} & set(after)


async def test_a_job_fired_at_its_time_sends_once(scheduler, province, uow_factory):
    key, at = min((item for item in scheduler.planned_times().items() if ":THCS:" in item[0]), key=lambda item: item[1])
    province.clock.current = at
    job = scheduler.scheduler.get_job(key)
    await job.func(*job.args)
    await job.func(*job.args)  # a second firing (another process, a retry) sends nothing more
    assert len(await group_posts(uow_factory)) == 1
    async with uow_factory() as uow:
        assert await uow.updates.is_processed("job", key)


async def test_starting_after_a_reminder_was_due_sends_it_late(engine, province, uow_factory):
    _, plan = await province.desk.plan()
    first = next(r for r in plan if r.group_level == "THCS")
    province.clock.current = local("05/12/2026 18:30")  # down at 17h00, back 90 minutes later
    scheduler = ReminderScheduler(make_desk(uow_factory, province.clock), SchedulerLock(engine), retention=RETENTION)
    await scheduler.start()
    try:
        assert first.key not in scheduler.planned_times()
        [post] = await group_posts(uow_factory)
        assert post.startswith("(Tin nhắc này gửi muộn")
    finally:
        await scheduler.stop()


async def test_adding_a_periodic_job_is_one_line(engine, province):
    ran = []
    jobs = (*JOBS, ScheduledJob("probe", every(minutes=5), lambda jobs: _record(ran, jobs)))
    scheduler = ReminderScheduler(province.desk, SchedulerLock(engine), retention=RETENTION, jobs=jobs)
    await scheduler.start()
    try:
        job = scheduler.scheduler.get_job("job:probe")
        await job.func()
        assert ran == ["probe ran"]
    finally:
        await scheduler.stop()


async def _record(ran: list[str], jobs) -> None:
    async with jobs.context().uow as uow:
        await uow.campaigns.active()
    ran.append("probe ran")


@pytest.fixture
def lock_id(engine) -> int:
    """An advisory lock of this test's own: other test runs may share the PostgreSQL database."""
    if engine.dialect.name != "postgresql":
        pytest.skip("the advisory lock is PostgreSQL's; SQLite serves one process")
    return uuid.uuid4().int >> 65  # a positive bigint


async def end_sessions_holding(engine, lock_id: int) -> int:
    """What an outage or a server restart does to the lock holder: the server ends its session
    (and waits until it has ended), which frees the lock. Returns how many sessions ended."""
    async with engine.connect() as connection:
        ended = (await connection.execute(text(
            "SELECT count(pg_terminate_backend(pid, 10000)) FROM pg_locks WHERE locktype = 'advisory' AND granted "
            "AND ((classid::bigint << 32) | objid::bigint) = :id"
        ), {"id": lock_id})).scalar_one()
        await connection.commit()
    return ended


def job_ids(scheduler: ReminderScheduler) -> set[str]:
    return {job.id for job in scheduler.scheduler.get_jobs()}


async def test_a_leader_whose_lock_holds_keeps_its_jobs_at_each_check(scheduler):
    before = job_ids(scheduler)
    assert "lock-check" in before
    assert await scheduler.keep_lead() is True
    assert job_ids(scheduler) == before and scheduler.leading


async def test_on_postgresql_one_process_schedules_and_another_takes_over_when_it_stops(engine, province, uow_factory, lock_id):
    first = ReminderScheduler(province.desk, SchedulerLock(engine, lock_id), retention=RETENTION)
    second = ReminderScheduler(make_desk(uow_factory, province.clock), SchedulerLock(engine, lock_id), retention=RETENTION)
    await first.start()
    await second.start()
    try:
        assert first.leading and not second.leading
        assert second.planned_times() == {} and second.scheduler.get_job("takeover") is not None
        assert await second.take_over() is False
        await first.stop()  # or dies: its connection closes and the lock with it
        assert await second.take_over() is True
        assert second.planned_times() and second.scheduler.get_job("takeover") is None
    finally:
        await first.stop()
        await second.stop()


async def test_on_postgresql_a_leader_that_lost_its_session_stops_scheduling_while_another_leads(
    engine, province, uow_factory, lock_id
):
    first = ReminderScheduler(province.desk, SchedulerLock(engine, lock_id), retention=RETENTION)
    second = ReminderScheduler(make_desk(uow_factory, province.clock), SchedulerLock(engine, lock_id), retention=RETENTION)
    await first.start()
    await second.start()
    try:
        planned = first.planned_times()
        assert await end_sessions_holding(engine, lock_id) == 1
        assert await second.take_over() is True  # the lock went with the session
        assert await first.keep_lead() is False
        assert not first.leading and job_ids(first) == {"takeover"} and first.planned_times() == {}
        assert await first._try_take_over() is False  # the new leader holds it
        await second.stop()
        assert await first._try_take_over() is True
        assert first.planned_times() == planned and {"job:digest", "job:retention", "replan", "lock-check"} <= job_ids(first)
        assert "takeover" not in job_ids(first)
    finally:
        await first.stop()
        await second.stop()


async def test_on_postgresql_a_leader_cut_off_by_an_outage_steps_down_and_leads_again_when_it_ends(
    engine, province, test_database, lock_id
):
    url = make_url(test_database.url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = make_engine(
        url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), **test_database.engine_kwargs()
    )
    leader = ReminderScheduler(province.desk, SchedulerLock(proxied, lock_id), retention=RETENTION)
    await leader.start()
    try:
        planned = leader.planned_times()
        assert leader.leading and planned
        await proxy.cut()
        assert await leader.keep_lead() is False  # its connection is dead, and the database unreachable
        assert job_ids(leader) == {"takeover"} and leader.planned_times() == {}
        assert await leader._try_take_over() is False  # still down: the takeover job tries again
        await end_sessions_holding(engine, lock_id)  # the server has noticed the lost session
        await proxy.restore()
        assert await leader._try_take_over() is True
        assert leader.leading and leader.planned_times() == planned and "lock-check" in job_ids(leader)
    finally:
        await leader.stop()
        await proxied.dispose()
        await proxy.cut()


async def test_on_postgresql_a_lone_leader_that_lost_its_session_takes_the_lock_again_at_once(engine, province, lock_id):
    leader = ReminderScheduler(province.desk, SchedulerLock(engine, lock_id), retention=RETENTION)
    await leader.start()
    try:
        planned = leader.planned_times()
        assert await end_sessions_holding(engine, lock_id) == 1
        assert await leader.keep_lead() is True
        assert leader.planned_times() == planned and "takeover" not in job_ids(leader)
        assert await end_sessions_holding(engine, lock_id) == 1  # held again, on a new session
    finally:
        await leader.stop()
