"""Tickets left open too long are re-announced to the staff chat, once each.

"Too long" counts working hours only (Monday to Friday, by default 07h30 to 17h00 local time and
4 hours: settings OFFICE_HOURS and TICKET_OVERDUE_HOURS),
so a question asked on Friday evening is not overdue on Saturday morning. The job runs each
ticket's re-announcement through the exactly-once runner under a key of its own: a second run,
another process or a restart finds the key and sends nothing again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.core.context import Clock, CoreConfig, JobContext
from handlers.core.messages import Outgoing
from handlers.core.runner import ExactlyOnceRunner, WorkKey
from handlers.escalation.tickets import staff_forward
from storage.models import TicketStatus
from storage.uow import UnitOfWork, UnitOfWorkFactory

OVERDUE_JOB = "ticket-overdue"


@dataclass(frozen=True)
class WorkingHours:
    """The department's working time, in its own timezone."""

    timezone: ZoneInfo = ZoneInfo("Asia/Ho_Chi_Minh")
    start: time = time(7, 30)
    end: time = time(17, 0)
    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0

    def between(self, since: datetime, until: datetime) -> timedelta:
        """Working time elapsed from `since` to `until`."""
        if until <= since:
            return timedelta(0)
        total = timedelta(0)
        day = since.astimezone(self.timezone).date()
        last = until.astimezone(self.timezone).date()
        while day <= last:
            if day.weekday() in self.weekdays:
                opens = datetime.combine(day, self.start, self.timezone)
                closes = datetime.combine(day, self.end, self.timezone)
                overlap = min(closes, until) - max(opens, since)
                if overlap > timedelta(0):
                    total += overlap
            day += timedelta(days=1)
        return total


@dataclass(frozen=True)
class OverduePolicy:
    hours: WorkingHours = field(default_factory=WorkingHours)
    after: timedelta = timedelta(hours=4)  # of working time

    @classmethod
    def of(cls, config: CoreConfig) -> OverduePolicy:
        """The policy the settings give (TICKET_OVERDUE_HOURS, OFFICE_HOURS)."""
        start, end = config.office_hours
        return cls(WorkingHours(config.timezone, start, end), timedelta(hours=config.ticket_overdue_hours))


def overdue_key(ticket_id: int) -> WorkKey:
    return WorkKey.job(f"{OVERDUE_JOB}:{ticket_id}")


async def reannounce_overdue(
    runner: ExactlyOnceRunner,
    *,
    uow_factory: UnitOfWorkFactory,
    clock: Clock,
    config: CoreConfig,
    now: datetime,
    policy: OverduePolicy | None = None,
) -> list[int]:
    """Re-announce every ticket open past the policy's working time; the ticket numbers sent."""
    policy = policy or OverduePolicy.of(config)
    if config.staff_chat is None:
        return []
    async with uow_factory() as uow:
        candidates = [
            t.id for t in await uow.tickets.open_primaries() if t.id is not None and policy.hours.between(t.created_at, now) >= policy.after
        ]
    sent = []
    for ticket_id in candidates:
        queued = await runner.run(overdue_key(ticket_id), _reannouncement(ticket_id, clock, config, policy, now))
        if queued:
            sent.append(ticket_id)
    return sent


def _reannouncement(ticket_id: int, clock: Clock, config: CoreConfig, policy: OverduePolicy, now: datetime):  # noqa: ANN202
    async def work(uow: UnitOfWork) -> list[Outgoing]:
        ticket = await uow.tickets.get(ticket_id)
        if ticket is None or ticket.status != TicketStatus.OPEN:
            return []  # answered meanwhile: the key is spent, nothing to say
        member = await uow.members.get(ticket.platform, ticket.user_id)
        forward = await staff_forward(JobContext(uow=uow, clock=clock, config=config), ticket, member)
        if forward is None:
            return []
        hours = int(policy.hours.between(ticket.created_at, now).total_seconds() // 3600)
        holder = texts.STAFF_TICKET_OVERDUE_HOLDER.format(holder=ticket.holder) if ticket.holder else ""
        overdue = texts.STAFF_TICKET_OVERDUE.format(ticket=ticket_id, hours=hours, holder=holder)
        return [Outgoing(chat=forward.chat, text=f"{overdue}\n\n{forward.text}", buttons=forward.buttons, ticket_id=ticket_id)]

    return work
