"""What one reminder sends: a post to each support group of its level, a private message to the
responsible staff of each pending school, and a summary to each district office.

Composed from the database as it is when the reminder goes out, so a school that reported a
minute before is not reminded. Nothing here sends: the messages go to the outbox with the
reminder's exactly-once mark (handlers/core/runner.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.core.domain import Role, format_when, time_left
from handlers.core.messages import ChatRef, Outgoing, Platform
from handlers.reminders.deadlines import ActiveCampaign
from handlers.reminders.planning import Reminder, ReminderPolicy
from handlers.reports.progress import levels_title
from storage.models import Member
from storage.progress import ProgressScope, SchoolProgress
from storage.uow import UnitOfWork

MAX_LISTED = 30  # schools named in a group post; the rest are counted and point to /chuaxong
MAX_LISTED_PRIVATE = 40  # schools named in a district office's summary
CONGRATULATED = "congrats"  # key prefix: a group with nothing pending is congratulated once


@dataclass
class FanOut:
    groups: list[Outgoing] = field(default_factory=list)
    private: list[Outgoing] = field(default_factory=list)
    district: list[Outgoing] = field(default_factory=list)

    @property
    def messages(self) -> list[Outgoing]:
        return [*self.groups, *self.private, *self.district]


def source_text(campaign_source: str, from_letter: bool) -> str:
    """The letter only for the letter's own dates; a moved date is the department's."""
    if campaign_source == "letter" and not from_letter:
        return texts.DEADLINE_SOURCES["admin"]
    return texts.DEADLINE_SOURCES.get(campaign_source, texts.DEADLINE_SOURCES["admin"])


def is_pending(row: SchoolProgress, track: str) -> bool:
    return not row.teacher_complete if track == "teacher" else not row.confirmed


def _chat(member: Member) -> ChatRef:
    # A private chat's id is the user's id on Telegram and in the console.
    return ChatRef(Platform(member.platform), member.user_id)


async def compose_reminder(
    uow: UnitOfWork,
    active: ActiveCampaign,
    reminder: Reminder,
    *,
    now: datetime,
    timezone: ZoneInfo,
    late: bool = False,
    record: bool = True,
    leaders_only_on: frozenset[str] = ReminderPolicy().leaders_only_on,
) -> FanOut:
    """The reminder's messages; with `record`, a congratulation is marked so it is said once."""
    rows = await uow.progress.schools(ProgressScope(levels=frozenset(reminder.levels)))
    pending = [row for row in rows if is_pending(row, reminder.track)]
    when = format_when(reminder.due_at, timezone)
    left = time_left(now, reminder.due_at)
    source = source_text(active.campaign.source, reminder.from_letter)
    track = texts.TRACK_NAMES[reminder.track]
    levels = levels_title(frozenset(reminder.levels))
    lead = texts.REMINDER_LATE.format(when=format_when(reminder.at, timezone)) + "\n" if late else ""
    fan_out = FanOut()
    groups = await uow.groups.with_level([reminder.group_level])
    if pending:
        text = lead + group_post(pending, len(rows), reminder.track, track=track, levels=levels, when=when, left=left, source=source)
        fan_out.groups = [Outgoing(chat=ChatRef(Platform(g.platform), g.chat_id), text=text) for g in groups]
    elif rows and groups and await _congratulate_once(uow, active.id, reminder, record):
        text = texts.REMINDER_ALL_DONE.format(total=len(rows), levels=levels, track=track, when=when)
        fan_out.groups = [Outgoing(chat=ChatRef(Platform(g.platform), g.chat_id), text=text) for g in groups]
    # A school with several levels is reminded privately under its earliest deadline only.
    own = [row for row in pending if _assigned_here(active, row, reminder)]
    fan_out.private = await private_reminders(
        uow, own, reminder.track, lead=lead, track=track, when=when, left=left, source=source, leaders_only_on=leaders_only_on
    )
    fan_out.district = await district_summaries(uow, own, lead=lead, track=track, levels=levels, when=when, left=left)
    return fan_out


def _assigned_here(active: ActiveCampaign, row: SchoolProgress, reminder: Reminder) -> bool:
    earliest = active.earliest(row.levels, reminder.track)
    return earliest is not None and earliest.level in reminder.levels and earliest.due_at == reminder.due_at


async def _congratulate_once(uow: UnitOfWork, campaign_id: int, reminder: Reminder, record: bool) -> bool:
    key = f"{CONGRATULATED}:{campaign_id}:{reminder.group_level}:{reminder.track}:{int(reminder.due_at.timestamp())}"
    if await uow.updates.is_processed("job", key):
        return False
    if record:
        uow.updates.mark_processed("job", key)
    return True


def group_post(
    pending: Sequence[SchoolProgress], total: int, track_key: str, *, track: str, levels: str, when: str, left: str, source: str
) -> str:
    """Header, the pending schools by district (cut after MAX_LISTED), and how to report."""
    lines = [
        texts.REMINDER_HEADER.format(track=track, levels=levels, when=when, left=left, source=source),
        texts.REMINDER_PENDING.format(pending=len(pending), total=total),
    ]
    by_district: dict[str, list[str]] = defaultdict(list)
    for row in pending:
        by_district[row.district_name or texts.NO_DISTRICT].append(row.name)
    listed = 0
    for district in sorted(by_district, key=lambda name: (-len(by_district[name]), name)):
        room = MAX_LISTED - listed
        if room <= 0:
            break
        names = by_district[district][:room]
        listed += len(names)
        lines.append(texts.REMINDER_DISTRICT_LINE.format(district=district, count=len(by_district[district]), schools=", ".join(names)))
    if len(pending) > listed:
        lines.append(texts.REMINDER_MORE.format(more=len(pending) - listed))
    lines.append(texts.REMINDER_HOW[track_key])
    return "\n".join(lines)


async def private_reminders(
    uow: UnitOfWork,
    pending: Sequence[SchoolProgress],
    track_key: str,
    *,
    lead: str,
    track: str,
    when: str,
    left: str,
    source: str,
    leaders_only_on: frozenset[str] = frozenset(),
) -> list[Outgoing]:
    """Teacher track: leaders and the database officer (staff registered without a class).
    Student track: leaders, and homeroom teachers of classes not yet reported."""
    if not pending:
        return []
    by_school = {row.school_id: row for row in pending}
    messages = []
    for member in await uow.members.of_schools(by_school):
        row = by_school[member.school_id]  # type: ignore[index]
        common = {"school": row.name, "track": track, "when": when, "left": left, "source": source}
        if member.platform in leaders_only_on and member.role != Role.LEADER:
            continue  # a platform with a tight monthly quota: leaders only
        if member.role == Role.LEADER:
            text = texts.REMINDER_PRIVATE.format(**common)
        elif track_key == "teacher" and member.homeroom_class is None:
            text = texts.REMINDER_PRIVATE.format(**common)
        elif track_key == "student" and member.homeroom_class:
            if member.homeroom_class in await uow.reports.reported_classes(row.school_id):
                continue
            text = texts.REMINDER_PRIVATE_CLASS.format(classes=member.homeroom_class, **common)
        else:
            continue
        messages.append(Outgoing(chat=_chat(member), text=lead + text + "\n" + texts.REMINDER_HOW[track_key]))
    return messages


async def district_summaries(
    uow: UnitOfWork, pending: Sequence[SchoolProgress], *, lead: str, track: str, levels: str, when: str, left: str
) -> list[Outgoing]:
    by_district: dict[int, list[SchoolProgress]] = defaultdict(list)
    for row in pending:
        if row.managed_by_district and row.district_id is not None:
            by_district[row.district_id].append(row)
    if not by_district:
        return []
    messages = []
    for officer in await uow.members.of_districts(by_district, Role.DISTRICT):
        rows = by_district[officer.district_id]  # type: ignore[index]
        office = texts.DISTRICT_OFFICE.format(district=rows[0].district_name)
        lines = [texts.REMINDER_DISTRICT.format(office=office, pending=len(rows), levels=levels, track=track, when=when, left=left)]
        lines += [texts.REMINDER_DISTRICT_SCHOOL.format(school=row.name) for row in rows[:MAX_LISTED_PRIVATE]]
        if len(rows) > MAX_LISTED_PRIVATE:
            lines.append(texts.REMINDER_MORE.format(more=len(rows) - MAX_LISTED_PRIVATE))
        messages.append(Outgoing(chat=_chat(officer), text=lead + "\n".join(lines)))
    return messages
