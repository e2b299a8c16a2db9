"""The reminder plan: when each reminder of the active campaign goes out. Pure (no I/O).

One reminder covers one support group's levels for one track and one due time: the THPT group
serves THPT and GDTX, so when both are due together its members read one reminder, not two.
Its key names the due time too, so a moved deadline gets fresh reminders while the ones already
sent for the old date stay recorded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.core.domain import group_level_of, in_level_order
from handlers.reminders.deadlines import DeadlineFact


@dataclass(frozen=True)
class Offset:
    """'3d', '1d', '2h', '30m': that long before; '08:00': at that hour on the day itself."""

    code: str
    before: timedelta | None = None
    at_time: time | None = None

    def fire_time(self, due: datetime, timezone: ZoneInfo) -> datetime:
        if self.before is not None:
            return due - self.before
        assert self.at_time is not None
        local_day = due.astimezone(timezone).date()
        return datetime.combine(local_day, self.at_time, tzinfo=timezone)


_OFFSET = re.compile(r"^(?:(?P<n>\d{1,3})(?P<unit>[dhm])|(?P<H>\d{1,2})[:h](?P<M>\d{2}))$")
_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


def parse_offset(text: str) -> Offset:
    """Raises ValueError with the offending text."""
    word = text.strip().lower()
    match = _OFFSET.match(word)
    if match is None:
        raise ValueError(f"'{text}' không phải mốc nhắc (ví dụ: 3d, 1d, 08:00, 2h)")
    if match["n"]:
        return Offset(f"{int(match['n'])}{match['unit']}", before=timedelta(**{_UNITS[match["unit"]]: int(match["n"])}))
    at = time(int(match["H"]), int(match["M"]))
    return Offset(f"{at:%H%M}", at_time=at)


def parse_offsets(text: str) -> tuple[Offset, ...]:
    return tuple(parse_offset(part) for part in text.split(",") if part.strip())


DEFAULT_OFFSETS = parse_offsets("3d,1d,08:00,2h")


@dataclass(frozen=True)
class ReminderPolicy:
    offsets: tuple[Offset, ...] = DEFAULT_OFFSETS
    quiet_start: time = time(21, 0)  # nothing goes out from 21h00 ...
    quiet_end: time = time(6, 0)  # ... to 06h00
    quiet_weekends: bool = False
    holidays: frozenset[date] = field(default_factory=frozenset)
    # A reminder missed while the bot was down still goes out this long after its time.
    grace: timedelta = timedelta(hours=6)
    digest_at: time = time(7, 30)
    # Platforms whose monthly quota is tight (Zalo's free plan: 3,000 messages): private reminders
    # there go to school leaders only; groups and district offices are reminded as everywhere.
    leaders_only_on: frozenset[str] = frozenset({"zalo"})


@dataclass(frozen=True)
class Reminder:
    key: str  # the exactly-once key (≤ 64 characters)
    at: datetime  # when it goes out, after quiet hours and days
    nominal_at: datetime  # when the offset alone would send it
    offset: Offset
    group_level: str
    levels: tuple[str, ...]  # the deadline's levels this reminder covers
    track: str
    due_at: datetime
    from_letter: bool

    @property
    def deferred(self) -> bool:
        return self.at != self.nominal_at


def is_quiet(moment: datetime, policy: ReminderPolicy, timezone: ZoneInfo) -> bool:
    local = moment.astimezone(timezone)
    clock = local.time()
    if policy.quiet_start > policy.quiet_end:  # the quiet hours span midnight
        quiet_hour = clock >= policy.quiet_start or clock < policy.quiet_end
    else:
        quiet_hour = policy.quiet_start <= clock < policy.quiet_end
    return quiet_hour or _quiet_day(local.date(), policy)


def _quiet_day(day: date, policy: ReminderPolicy) -> bool:
    return (policy.quiet_weekends and day.weekday() >= 5) or day in policy.holidays


def next_allowed(moment: datetime, policy: ReminderPolicy, timezone: ZoneInfo) -> datetime:
    """`moment`, or the first moment after it outside quiet hours and quiet days."""
    local = moment.astimezone(timezone)
    for _ in range(400):  # bounded: a year of holidays cannot make this loop forever
        if not is_quiet(local, policy, timezone):
            return local
        if _quiet_day(local.date(), policy):
            local = datetime.combine(local.date() + timedelta(days=1), policy.quiet_end, tzinfo=timezone)
        elif local.time() >= policy.quiet_end and policy.quiet_start > policy.quiet_end:
            local = datetime.combine(local.date() + timedelta(days=1), policy.quiet_end, tzinfo=timezone)
        else:
            local = datetime.combine(local.date(), policy.quiet_end, tzinfo=timezone)
    return moment


def reminder_key(campaign_id: int, group_level: str, track: str, offset: Offset, due: datetime) -> str:
    return f"rem:{campaign_id}:{group_level}:{track}:{offset.code}:{int(due.timestamp())}"


def plan_reminders(
    campaign_id: int, deadlines: Iterable[DeadlineFact], policy: ReminderPolicy, timezone: ZoneInfo
) -> list[Reminder]:
    """Every reminder of the campaign, past ones included, in time order.

    A reminder that falls in quiet hours or on a quiet day waits for the next allowed time,
    unless the deadline comes first: then it goes at its own time, since a reminder after the
    deadline is useless. Two that land on the same moment are sent once.
    """
    covered: dict[tuple[str, str, datetime], list[DeadlineFact]] = defaultdict(list)
    for fact in deadlines:
        covered[(group_level_of(fact.level).value, fact.track, fact.due_at)].append(fact)
    reminders: list[Reminder] = []
    for (group_level, track, due), facts in covered.items():
        seen: set[datetime] = set()
        for offset in sorted(policy.offsets, key=lambda o: o.fire_time(due, timezone)):
            nominal = offset.fire_time(due, timezone)
            if nominal >= due:
                continue  # "08h00 on the day" of a deadline at 08h00 or earlier
            at = next_allowed(nominal, policy, timezone)
            if at >= due:
                at = nominal
            if at in seen:
                continue
            seen.add(at)
            reminders.append(
                Reminder(
                    key=reminder_key(campaign_id, group_level, track, offset, due),
                    at=at.astimezone(timezone),
                    nominal_at=nominal.astimezone(timezone),
                    offset=offset,
                    group_level=group_level,
                    levels=in_level_order({f.level for f in facts}),
                    track=track,
                    due_at=due,
                    from_letter=all(f.from_letter for f in facts),
                )
            )
    return sorted(reminders, key=lambda r: (r.at, r.group_level, r.track))


class Due:
    """What to do with a planned reminder at `now`."""

    WAIT = "wait"
    SEND = "send"
    SEND_LATE = "late"
    SKIP = "skip"


# Within this long after its time a reminder counts as on time (the scheduler's own jitter).
ON_TIME = timedelta(minutes=2)


def decide(reminder: Reminder, now: datetime, policy: ReminderPolicy, timezone: ZoneInfo) -> str:
    """A late reminder respects quiet time too: during it, it waits (and is skipped if its grace
    runs out meanwhile), unless the deadline comes before the quiet time ends."""
    if now < reminder.at:
        return Due.WAIT
    if now >= reminder.due_at or now > reminder.at + policy.grace:
        return Due.SKIP
    if now <= reminder.at + ON_TIME:
        return Due.SEND
    if is_quiet(now, policy, timezone) and next_allowed(now, policy, timezone) < reminder.due_at:
        return Due.WAIT
    return Due.SEND_LATE
