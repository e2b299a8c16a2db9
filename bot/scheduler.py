"""The reminder scheduler: APScheduler 3 (AsyncIOScheduler, in TIMEZONE) on the bot's event loop.

The database is the source of truth: on start, and whenever the deadlines may have changed, the
plan is read again and each future reminder becomes a date job named by its exactly-once key.
Jobs carry only that key; what a reminder sends is composed when it fires. On PostgreSQL only the
process holding the advisory lock schedules; the others retry the lock and take over when the
holder dies. The holder checks its lock every LOCK_CHECK_SECONDS: one that lost it (its database
connection died in an outage) drops every job and takes the lock again once it is free.

Adding a periodic or dated job is one line in JOBS, for example:

    ScheduledJob("tickets", every(minutes=30), lambda jobs: reannounce_open_tickets(jobs.context())),
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from handlers.core.context import JobContext
from handlers.core.retention import Pruned, prune_expired
from handlers.escalation.sla import reannounce_overdue
from handlers.reminders.jobs import ReminderDesk
from handlers.reminders.planning import ReminderPolicy
from storage.locks import SchedulerLock

log = logging.getLogger(__name__)

REMINDER_PREFIX = "rem:"
TAKEOVER_SECONDS = 30  # how often a process without the lock tries to take it
LOCK_CHECK_SECONDS = 30  # how often the scheduling process checks that it still holds the lock
REPLAN_SECONDS = 60  # deadlines changed from the command line (another process) are seen this fast
MISFIRE_GRACE_SECONDS = 300  # APScheduler's own tolerance; later than that, catch_up decides
PRUNE_AT = time(3, 30)  # retention pruning runs daily at this quiet hour, in TIMEZONE


class Jobs:
    """What a scheduled job may use: the reminder desk, units of work for its own context, and
    how long processed updates and sent messages are kept (RETENTION_DAYS)."""

    def __init__(self, desk: ReminderDesk, retention: timedelta) -> None:
        self.reminders = desk
        self.retention = retention

    def context(self) -> JobContext:
        """A fresh context for work without a message (enter its `uow` with `async with`)."""
        desk = self.reminders
        return JobContext(uow=desk.uow_factory(), clock=desk.clock, config=desk.config)


TriggerFactory = Callable[[ReminderPolicy, ZoneInfo], BaseTrigger]


@dataclass(frozen=True)
class ScheduledJob:
    name: str
    trigger: TriggerFactory
    run: Callable[[Jobs], Awaitable[object]]


def every(**interval: float) -> TriggerFactory:
    return lambda policy, timezone: IntervalTrigger(timezone=timezone, **interval)


def daily(at: time | None = None) -> TriggerFactory:
    """Every day at `at` (default: the digest hour of the policy), in TIMEZONE."""
    def trigger(policy: ReminderPolicy, timezone: ZoneInfo) -> BaseTrigger:
        moment = at or policy.digest_at
        return CronTrigger(hour=moment.hour, minute=moment.minute, timezone=timezone)
    return trigger


def once(when: datetime) -> TriggerFactory:
    return lambda policy, timezone: DateTrigger(run_date=when, timezone=timezone)


# The periodic jobs; one line each. Reminders themselves are dated jobs made from the plan.
JOBS: tuple[ScheduledJob, ...] = (
    ScheduledJob("digest", daily(), lambda jobs: jobs.reminders.send_digest()),
    ScheduledJob("overdue-tickets", every(minutes=15), lambda jobs: reannounce_open_tickets(jobs)),
    ScheduledJob("retention", daily(PRUNE_AT), lambda jobs: prune_old_records(jobs)),
)


async def reannounce_open_tickets(jobs: Jobs) -> list[int]:
    """Tickets open past their working-hours limit are re-announced to the staff chat, once each."""
    desk = jobs.reminders
    return await reannounce_overdue(
        desk.runner, uow_factory=desk.uow_factory, clock=desk.clock, config=desk.config, now=desk.clock.now()
    )


async def prune_old_records(jobs: Jobs) -> Pruned:
    """Processed-update marks and sent messages older than RETENTION_DAYS are forgotten."""
    desk = jobs.reminders
    pruned = await prune_expired(desk.uow_factory, desk.clock.now(), jobs.retention)
    log.info("retention: %d update marks and %d sent messages forgotten", pruned.updates, pruned.messages)
    return pruned


class ReminderScheduler:
    def __init__(
        self,
        desk: ReminderDesk,
        lock: SchedulerLock,
        *,
        retention: timedelta,
        jobs: tuple[ScheduledJob, ...] = JOBS,
        scheduler: AsyncIOScheduler | None = None,
    ) -> None:
        self.desk = desk
        self.lock = lock
        self.retention = retention
        self.jobs = jobs
        self.timezone = desk.config.timezone
        self.scheduler = scheduler or AsyncIOScheduler(timezone=self.timezone)
        self._planned: tuple[tuple[str, datetime], ...] | None = None
        self._replan_task: asyncio.Task[None] | None = None

    @property
    def leading(self) -> bool:
        return self.lock.held

    async def start(self) -> None:
        self.scheduler.start()
        if not await self.take_over():
            log.info("Một tiến trình khác đang giữ lịch nhắc; tiến trình này sẽ tiếp quản nếu tiến trình đó dừng.")
            self._await_takeover()

    def _await_takeover(self) -> None:
        self.scheduler.add_job(
            self._try_take_over, IntervalTrigger(seconds=TAKEOVER_SECONDS), id="takeover", replace_existing=True
        )

    async def _try_take_over(self) -> bool:
        try:
            return await self.take_over()
        except Exception as error:  # the database is still down: the next try
            log.warning("Chưa nhận được lịch nhắc (sẽ thử lại sau %d giây): %s", TAKEOVER_SECONDS, error)
            return False

    async def take_over(self) -> bool:
        """Become the scheduling process if the lock is free: catch up, plan, start the jobs."""
        if self.leading:
            return True
        if not await self.lock.try_acquire():
            return False
        if self.scheduler.get_job("takeover") is not None:
            self.scheduler.remove_job("takeover")
        try:
            for outcome in await self.desk.catch_up():
                log.info("reminder %s on start-up: %s", outcome.key, outcome.decision)
        except Exception:  # the bot still starts; the periodic refresh tries the catch-up again
            log.exception("sending the reminders missed while stopped failed")
        try:
            await self.replan()
        except Exception:  # the lock is held: the periodic refresh plans again
            log.exception("planning the reminders failed; retrying at the next interval")
        for job in self.jobs:
            self.scheduler.add_job(
                self._guarded(job), job.trigger(self.desk.policy, self.timezone), id=f"job:{job.name}",
                replace_existing=True, misfire_grace_time=MISFIRE_GRACE_SECONDS, coalesce=True,
            )
        self.scheduler.add_job(self.refresh, IntervalTrigger(seconds=REPLAN_SECONDS), id="replan", replace_existing=True)
        self.scheduler.add_job(
            self.keep_lead, IntervalTrigger(seconds=LOCK_CHECK_SECONDS), id="lock-check", replace_existing=True
        )
        return True

    async def keep_lead(self) -> bool:
        """The scheduling process checks its lock. One that lost it (its database connection died
        in an outage or a restart) stops scheduling at once, as another process may now hold the
        lock, and takes it again when it is free: right away, or every TAKEOVER_SECONDS. True
        while this process schedules."""
        if await self.lock.check():
            return self.leading
        log.warning("Mất khoá lịch nhắc (mất kết nối cơ sở dữ liệu): dừng lịch nhắc và thử nhận lại.")
        self._step_down()
        if await self._try_take_over():
            return True
        self._await_takeover()
        return False

    def _step_down(self) -> None:
        """No job of a process without the lock stays: reminders, periodic jobs, checks."""
        for job in self.scheduler.get_jobs():
            job.remove()
        self._planned = None

    async def refresh(self) -> None:
        """Periodically: re-plan (deadlines changed from another process), and send or skip what
        fell due while the loop was stalled (a suspended laptop, a long pause)."""
        try:
            await self.desk.catch_up()
            await self.replan()
        except Exception:
            log.exception("refreshing the reminder plan failed; retrying at the next interval")

    async def replan(self) -> bool:
        """Bring the dated jobs in line with the plan; True when something changed."""
        if not self.leading:
            return False
        _, reminders = await self.desk.plan()
        if not self.leading:  # the lock was lost while the plan was read
            return False
        now = self.desk.clock.now()
        future = [r for r in reminders if r.at > now]
        signature = tuple((r.key, r.at) for r in future)
        if signature == self._planned:
            return False
        wanted = {r.key for r in future}
        for job in self.scheduler.get_jobs():
            if job.id.startswith(REMINDER_PREFIX) and job.id not in wanted:
                job.remove()
        for reminder in future:
            self.scheduler.add_job(
                self.fire, DateTrigger(run_date=reminder.at, timezone=self.timezone), args=[reminder.key],
                id=reminder.key, replace_existing=True, misfire_grace_time=MISFIRE_GRACE_SECONDS,
            )
        self._planned = signature
        log.info("Lịch nhắc: %d tin nhắc sắp tới", len(future))
        return True

    def poke(self) -> None:
        """The deadlines may have changed (a chat command ran): re-plan now, once."""
        if not self.leading or (self._replan_task is not None and not self._replan_task.done()):
            return
        self._replan_task = asyncio.get_running_loop().create_task(self._replan_quietly())

    async def _replan_quietly(self) -> None:
        try:
            await self.replan()
        except Exception:
            log.exception("re-planning reminders failed; the next periodic re-plan retries")

    async def fire(self, key: str) -> None:
        try:
            outcome = await self.desk.fire(key)
        except Exception:
            log.exception("reminder %s failed; it is retried on the next start-up within the grace period", key)
            return
        if outcome is not None:
            log.info("reminder %s: %s, %s messages", key, outcome.decision, outcome.messages)

    def _guarded(self, job: ScheduledJob) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            try:
                await job.run(Jobs(self.desk, self.retention))
            except Exception:
                log.exception("scheduled job %s failed", job.name)
        return run

    def planned_times(self) -> dict[str, datetime]:
        """The reminder jobs and when each will run (what tests and the log look at)."""
        return {job.id: job.next_run_time for job in self.scheduler.get_jobs() if job.id.startswith(REMINDER_PREFIX)}

    async def stop(self) -> None:
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        if self._replan_task is not None:
            await asyncio.gather(self._replan_task, return_exceptions=True)
        await self.lock.release()
