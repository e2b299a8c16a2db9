"""Campaigns and deadlines: the use cases the command line and the chat share, /hanchot to read
(and, for administrators, to set with a confirmation step) and /nhacnho to remind now.

The confirmation is stateless: the preview carries a button whose text is the same command with
"xacnhan" added, so nothing half-decided is stored and a stale preview cannot set another date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import (
    LEVELS,
    Level,
    Track,
    format_when,
    group_level_of,
    levels_served_by,
    parse_level,
    time_left,
)
from handlers.core.messages import Outgoing
from handlers.reminders.deadlines import (
    LETTER_DEADLINES,
    LETTER_REFERENCE,
    ActiveCampaign,
    DeadlineFact,
    active_campaign,
    parse_track,
    parse_when,
)
from handlers.reminders.fanout import compose_reminder, source_text
from handlers.reminders.planning import Offset, Reminder
from handlers.reports.progress import levels_title
from storage.models import Campaign, CampaignSource, Deadline
from storage.uow import UnitOfWork

# --- use cases shared with the command line ----------------------------------------------------


async def create_campaign(uow: UnitOfWork, name: str, *, from_letter: bool, now: datetime) -> Campaign:
    """A new campaign, made the active one; from the letter it starts with the letter's dates."""
    campaign = Campaign(
        name=name,
        source=CampaignSource.LETTER if from_letter else CampaignSource.ADMIN,
        reference=LETTER_REFERENCE if from_letter else "",
        created_at=now,
    )
    deadlines = [
        Deadline(campaign_id=0, level=level, track=track, due_at=due) for (level, track), due in LETTER_DEADLINES.items()
    ] if from_letter else []
    await uow.campaigns.add_with_deadlines(campaign, deadlines)
    await uow.campaigns.activate(campaign)
    return campaign


async def activate_campaign(uow: UnitOfWork, campaign_id: int) -> Campaign | None:
    campaign = await uow.campaigns.get(campaign_id)
    if campaign is not None:
        await uow.campaigns.activate(campaign)
    return campaign


async def set_deadline(uow: UnitOfWork, campaign: Campaign, level: str, track: str, due: datetime) -> datetime | None:
    """Set (or move) one deadline; returns the previous due time, if there was one."""
    assert campaign.id is not None
    deadline = await uow.campaigns.deadline(campaign.id, level, track)
    if deadline is None:
        uow.campaigns.save(Deadline(campaign_id=campaign.id, level=level, track=track, due_at=due))
        return None
    previous = deadline.due_at
    deadline.due_at = due
    uow.campaigns.save(deadline)
    return previous


async def remove_deadline(uow: UnitOfWork, campaign: Campaign, level: str, track: str) -> datetime | None:
    """Remove one deadline; returns its due time, or None when there was none."""
    assert campaign.id is not None
    deadline = await uow.campaigns.deadline(campaign.id, level, track)
    if deadline is None:
        return None
    await uow.campaigns.remove_deadline(deadline)
    return deadline.due_at


# --- /hanchot: read ----------------------------------------------------------------------------


def describe_deadlines(
    active: ActiveCampaign, facts: Sequence[DeadlineFact], *, now: datetime, timezone: ZoneInfo, header: str
) -> str:
    """One line per track and due time (levels sharing a date together), with the time left and
    where the date comes from."""
    together: dict[tuple[str, datetime, bool], list[str]] = defaultdict(list)
    for fact in facts:
        together[(fact.track, fact.due_at, fact.from_letter)].append(fact.level)
    lines = [header]
    for (track, due, from_letter), levels in sorted(together.items(), key=lambda item: (item[0][0], item[0][1])):
        lines.append(
            texts.DEADLINE_ITEM.format(
                track=texts.TRACK_NAMES[track].capitalize(), levels=levels_title(frozenset(levels)),
                when=format_when(due, timezone), left=time_left(now, due), source=source_text(active.campaign.source, from_letter),
            )
        )
    if any(fact.due_at <= now for fact in facts):
        lines.append(texts.DEADLINE_PAST_NOTE)
    return "\n".join(lines)


async def read_deadlines(ctx: Context, level: Level | None = None) -> str:
    """The deadlines of the level asked, else of the asker's school, else of the group's level, else
    all: the order the answers to "hạn chót là khi nào" follow, so both say the same."""
    active = await active_campaign(ctx.uow)
    if active is None or not active.deadlines:
        return texts.NO_DEADLINE
    now, timezone = ctx.clock.now(), ctx.config.timezone
    header = texts.DEADLINES_HEADER.format(campaign=active.campaign.name)
    if level is not None:
        facts = [f for f in active.deadlines if f.level == level]
        what = texts.LEVEL_NAMES[level]
    elif ctx.member is not None and ctx.member.school_id is not None:
        school = await ctx.uow.schools.get(ctx.member.school_id)
        levels = await ctx.uow.schools.levels_of(ctx.member.school_id)
        # Each of the school's levels with its date; a school with several levels takes the
        # earliest that applies to it (design.md), which a note names when the dates differ.
        facts = [f for f in active.deadlines if f.level in levels]
        what = school.name if school else ""
        header = texts.DEADLINE_SCHOOL_HEADER.format(school=what, campaign=active.campaign.name)
        coming = [f for f in facts if f.due_at > now]  # a past date is no longer one to meet
        if len({(f.track, f.due_at) for f in coming}) > 1:
            body = describe_deadlines(active, facts, now=now, timezone=timezone, header=header)
            first = min(coming, key=lambda f: f.due_at)
            return body + "\n" + texts.DEADLINE_SCHOOL_EARLIEST.format(when=format_when(first.due_at, timezone))
    elif ctx.group is not None and ctx.group.level:
        facts = [f for f in active.deadlines if f.level in (levels_served_by(ctx.group.level) or ())]
        what = texts.GROUP_NAMES[ctx.group.level]
    else:
        facts = list(active.deadlines)
        what = ""
    if not facts:
        return texts.NO_DEADLINE_FOR.format(what=what or texts.PROVINCE)
    return describe_deadlines(active, facts, now=now, timezone=timezone, header=header)


# --- /hanchot: set, with a confirmation ---------------------------------------------------------


@dataclass(frozen=True)
class DeadlineChange:
    level: Level
    track: Track
    due: datetime | None  # None: remove
    confirmed: bool


def parse_change(args: str, timezone: ZoneInfo) -> DeadlineChange | str:
    """'THCS gv 08/06/2027 17:00 [xacnhan]' or 'xoa THCS gv [xacnhan]'; a usage text otherwise."""
    words = args.split()
    confirmed = bool(words) and words[-1].lower() == texts.CONFIRM_WORD
    if confirmed:
        words = words[:-1]
    removing = bool(words) and words[0].lower() in {"xoa", "xóa", "bo", "bỏ"}
    if removing:
        words = words[1:]
    if len(words) < 2 or (not removing and len(words) < 3):
        return texts.DEADLINE_USAGE
    level = parse_level(words[0])
    if level is None:
        return texts.DEADLINE_BAD_LEVEL.format(text=words[0][:20])
    track = parse_track(words[1])
    if track is None:
        return texts.DEADLINE_BAD_TRACK.format(text=words[1][:20])
    if removing:
        return DeadlineChange(level, track, None, confirmed) if len(words) == 2 else texts.DEADLINE_USAGE
    when_text = " ".join(words[2:])
    due = parse_when(when_text, timezone)
    if due is None:
        return texts.DEADLINE_BAD_WHEN.format(text=when_text[:40])
    return DeadlineChange(level, track, due, confirmed)


async def deadlines_command(ctx: Context, args: str) -> list[Outgoing]:
    """/hanchot: the deadlines here; /hanchot CẤP: that level's; administrators also set them."""
    args = args.strip()
    if not args:
        return [ctx.reply(await read_deadlines(ctx))]
    if len(args.split()) == 1 and (level := parse_level(args)) is not None:
        return [ctx.reply(await read_deadlines(ctx, level))]
    if not ctx.is_admin:
        # setting a date is the Sở's: say so to someone who tried, the usage to someone who did not
        tried = not isinstance(parse_change(args, ctx.config.timezone), str)
        return [ctx.reply(texts.DEADLINE_SET_ADMIN_ONLY if tried else texts.DEADLINE_USAGE)]
    change = parse_change(args, ctx.config.timezone)
    if isinstance(change, str):
        return [ctx.reply(change)]
    campaign = await ctx.uow.campaigns.active()
    if campaign is None:
        return [ctx.reply(texts.DEADLINE_NO_CAMPAIGN)]
    return [await (_confirmed(ctx, campaign, change) if change.confirmed else _preview(ctx, campaign, change, args))]


async def _preview(ctx: Context, campaign: Campaign, change: DeadlineChange, args: str) -> Outgoing:
    assert campaign.id is not None
    timezone, now = ctx.config.timezone, ctx.clock.now()
    track, level = texts.TRACK_NAMES[change.track], texts.LEVEL_NAMES[change.level]
    current = await ctx.uow.campaigns.deadline(campaign.id, change.level, change.track)
    confirm = f"/hanchot {args} {texts.CONFIRM_WORD}"
    if change.due is None:
        if current is None:
            return ctx.reply(texts.DEADLINE_NOT_FOUND.format(campaign=campaign.name, track=track, level=level))
        text = texts.DEADLINE_REMOVE_CONFIRM.format(track=track, level=level, when=format_when(current.due_at, timezone), campaign=campaign.name)
    else:
        previous = texts.DEADLINE_CONFIRM_PREVIOUS.format(when=format_when(current.due_at, timezone)) if current else ""
        text = texts.DEADLINE_CONFIRM.format(
            track=track, level=level, when=format_when(change.due, timezone), left=time_left(now, change.due),
            campaign=campaign.name, previous=previous,
        )
        if change.due <= now:
            text += texts.DEADLINE_CONFIRM_PAST
    reply = ctx.reply(text)
    return Outgoing(chat=reply.chat, text=reply.text, reply_to=reply.reply_to, quote=reply.quote, buttons=(confirm,))


async def _confirmed(ctx: Context, campaign: Campaign, change: DeadlineChange) -> Outgoing:
    timezone, now = ctx.config.timezone, ctx.clock.now()
    track, level = texts.TRACK_NAMES[change.track], texts.LEVEL_NAMES[change.level]
    if change.due is None:
        removed = await remove_deadline(ctx.uow, campaign, change.level, change.track)
        if removed is None:
            return ctx.reply(texts.DEADLINE_NOT_FOUND.format(campaign=campaign.name, track=track, level=level))
        return ctx.reply(texts.DEADLINE_REMOVED.format(track=track, level=level, campaign=campaign.name))
    await set_deadline(ctx.uow, campaign, change.level, change.track, change.due)
    return ctx.reply(
        texts.DEADLINE_SET.format(
            track=track, level=level, when=format_when(change.due, timezone), left=time_left(now, change.due), campaign=campaign.name
        )
    )


# --- /nhacnho: remind now ------------------------------------------------------------------------

MANUAL = Offset("now")


async def remind_now(ctx: Context, args: str) -> list[Outgoing]:
    """The reminder for the next deadline of this group's level (or the level and track named),
    sent now to the groups, the responsible staff and the district offices."""
    words = args.split()
    level = next((lv for w in words if (lv := parse_level(w)) is not None), None)
    track = next((tr for w in words if (tr := parse_track(w)) is not None), None)
    unknown = [w for w in words if parse_level(w) is None and parse_track(w) is None]
    if unknown:
        return [ctx.reply(texts.NHACNHO_UNKNOWN_WORD.format(word=unknown[0]))]
    group_level = group_level_of(level) if level else (ctx.group.level if ctx.group and ctx.group.level else None)
    if group_level is None:
        return [ctx.reply(texts.NHACNHO_LEVEL_NEEDED)]  # never a guess at which level to remind
    active = await active_campaign(ctx.uow)
    what = texts.GROUP_NAMES[group_level] if group_level else texts.PROVINCE
    if active is None:
        return [ctx.reply(texts.NO_DEADLINE)]
    now = ctx.clock.now()
    candidates = [
        f for f in active.deadlines
        if f.due_at > now
        and (group_level is None or group_level_of(f.level) == group_level)
        and (level is None or f.level == level)
        and (track is None or f.track == track)
    ]
    if not candidates:
        return [ctx.reply(texts.REMINDER_NONE_DUE.format(what=what))]
    first = min(candidates, key=lambda f: f.due_at)
    together = [f for f in candidates if f.due_at == first.due_at and f.track == first.track and group_level_of(f.level) == group_level_of(first.level)]
    reminder = Reminder(
        key="", at=now, nominal_at=now, offset=MANUAL, group_level=group_level_of(first.level).value,
        levels=tuple(lv for lv in LEVELS if lv in {f.level for f in together}), track=first.track,
        due_at=first.due_at, from_letter=all(f.from_letter for f in together),
    )
    fan_out = await compose_reminder(ctx.uow, active, reminder, now=now, timezone=ctx.config.timezone)
    sent_text = texts.REMINDER_SENT_NOW if fan_out.messages else texts.REMINDER_NOTHING_TO_SEND
    summary = sent_text.format(
        track=texts.TRACK_NAMES[reminder.track], levels=levels_title(frozenset(reminder.levels)),
        when=format_when(reminder.due_at, ctx.config.timezone), groups=len(fan_out.groups),
        private=len(fan_out.private), district=len(fan_out.district),
    )
    return [*fan_out.messages, ctx.reply(summary)]
