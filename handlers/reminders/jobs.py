"""Reminders as scheduled work: each planned reminder and each day's digest runs exactly once
under its own key (handlers/core/runner.py), so a restart or a second process never repeats it.

The plan is recomputed from the database whenever a job fires, so a reminder whose deadline was
moved or removed since it was scheduled finds itself gone from the plan and does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

from handlers.core.context import Clock, CoreConfig
from handlers.core.messages import Outgoing
from handlers.core.runner import ExactlyOnceRunner, WorkKey
from handlers.reminders.deadlines import ActiveCampaign, active_campaign
from handlers.reminders.digest import compose_digest
from handlers.reminders.fanout import FanOut, compose_reminder
from handlers.reminders.planning import Due, Reminder, ReminderPolicy, decide, plan_reminders
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    key: str
    decision: str  # planning.Due: send, late, skip (or wait)
    messages: int | None  # queued; None when the key had been done before


@dataclass
class ReminderDesk:
    uow_factory: UnitOfWorkFactory
    runner: ExactlyOnceRunner
    clock: Clock
    config: CoreConfig
    policy: ReminderPolicy

    async def plan(self) -> tuple[ActiveCampaign | None, list[Reminder]]:
        async with self.uow_factory() as uow:
            active = await active_campaign(uow)
        if active is None:
            return None, []
        return active, plan_reminders(active.id, active.deadlines, self.policy, self.config.timezone)

    async def fire(self, key: str) -> Outcome | None:
        """Run the reminder planned under `key`, if it is still in the plan."""
        active, reminders = await self.plan()
        reminder = next((r for r in reminders if r.key == key), None)
        if active is None or reminder is None:
            log.info("reminder %s is no longer planned (deadline moved or removed)", key)
            return None
        return await self._run(active, reminder)

    async def catch_up(self) -> list[Outcome]:
        """On start-up: every reminder whose time has come and that was neither sent nor skipped
        goes out late within the grace period and before its deadline, or is recorded skipped."""
        active, reminders = await self.plan()
        if active is None:
            return []
        now = self.clock.now()
        outcomes = []
        for reminder in reminders:
            if reminder.at <= now and not await self.runner.is_done(WorkKey.job(reminder.key)):
                outcomes.append(await self._run(active, reminder))
        return outcomes

    async def _run(self, active: ActiveCampaign, reminder: Reminder) -> Outcome:
        now = self.clock.now()
        decision = decide(reminder, now, self.policy, self.config.timezone)
        if decision == Due.WAIT:
            return Outcome(reminder.key, decision, 0)

        async def work(uow: UnitOfWork) -> Sequence[Outgoing]:
            if decision == Due.SKIP:
                log.info("reminder %s skipped: due %s, now %s (past grace or deadline)", reminder.key, reminder.at, now)
                return []  # the mark alone records it as skipped
            fan_out = await compose_reminder(
                uow, active, reminder, now=now, timezone=self.config.timezone, late=decision == Due.SEND_LATE,
                leaders_only_on=self.policy.leaders_only_on,
            )
            return fan_out.messages

        queued = await self.runner.run(WorkKey.job(reminder.key), work)
        return Outcome(reminder.key, decision, None if queued is None else len(queued))

    async def preview(self, reminder: Reminder, active: ActiveCampaign) -> FanOut:
        """Who the reminder would reach if it went out now (nothing is recorded)."""
        async with self.uow_factory() as uow:
            return await compose_reminder(
                uow, active, reminder, now=self.clock.now(), timezone=self.config.timezone, record=False,
                leaders_only_on=self.policy.leaders_only_on,
            )

    async def send_digest(self, day_key: str | None = None) -> int | None:
        """The day's digest to STAFF_CHAT, once per day; None when done before or nothing to send."""
        staff_chat = self.config.staff_chat
        if staff_chat is None:
            return None
        now = self.clock.now()
        day = day_key or f"{now.astimezone(self.config.timezone):%Y-%m-%d}"

        async def work(uow: UnitOfWork) -> Sequence[Outgoing]:
            active = await active_campaign(uow)
            if active is None:
                return []
            return [Outgoing(chat=staff_chat, text=await compose_digest(uow, active, now=now, timezone=self.config.timezone))]

        queued = await self.runner.run(WorkKey.job(f"digest:{day}"), work)
        return None if queued is None else len(queued)
