"""The daily digest for department staff: progress per level and district, who reported since
yesterday, open tickets, and the next deadline."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.core.domain import LEVELS, format_date, format_when, time_left
from handlers.reminders.deadlines import ActiveCampaign
from handlers.reports.progress import levels_title
from storage.uow import UnitOfWork

MAX_NAMED = 20  # schools named as having reported; the rest are counted


async def compose_digest(uow: UnitOfWork, active: ActiveCampaign, *, now: datetime, timezone: ZoneInfo) -> str:
    rows = await uow.progress.schools()
    lines = [texts.DIGEST_HEADER.format(date=format_date(now, timezone), campaign=active.campaign.name)]
    for level in LEVELS:
        at_level = [r for r in rows if level in r.levels]
        if at_level:
            lines.append(
                texts.DIGEST_LEVEL_LINE.format(
                    level=texts.LEVEL_NAMES[level],
                    teacher=sum(r.teacher_complete for r in at_level),
                    confirmed=sum(r.confirmed for r in at_level),
                    total=len(at_level),
                )
            )
    districts = sorted({r.district_name or texts.NO_DISTRICT for r in rows})
    if districts:
        lines.append(texts.DIGEST_DISTRICTS)
        for name in districts:
            in_district = [r for r in rows if (r.district_name or texts.NO_DISTRICT) == name]
            pending = sum(not r.complete for r in in_district)
            lines.append(texts.DIGEST_DISTRICT_LINE.format(district=name, pending=pending, total=len(in_district)))
    reported = set(await uow.reports.schools_reported_since(now - timedelta(days=1)))
    names = [r.name for r in rows if r.school_id in reported]
    if names:
        shown = ", ".join(names[:MAX_NAMED]) + (f" {texts.REMINDER_MORE.format(more=len(names) - MAX_NAMED)}" if len(names) > MAX_NAMED else "")
        lines.append(texts.DIGEST_REPORTED.format(count=len(names), schools=shown))
    else:
        lines.append(texts.DIGEST_REPORTED_NONE)
    lines.append(texts.DIGEST_TICKETS.format(count=await uow.tickets.count_open()))
    upcoming = sorted((d for d in active.deadlines if d.due_at > now), key=lambda d: d.due_at)
    if upcoming:
        first = upcoming[0]
        together = frozenset(d.level for d in upcoming if d.due_at == first.due_at and d.track == first.track)
        lines.append(
            texts.DIGEST_NEXT.format(
                track=texts.TRACK_NAMES[first.track], levels=levels_title(together),
                when=format_when(first.due_at, timezone), left=time_left(now, first.due_at),
            )
        )
    else:
        lines.append(texts.DIGEST_NO_NEXT)
    return "\n".join(lines)
