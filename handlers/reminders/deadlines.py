"""The active campaign's deadlines as use cases read them, where each date comes from, and the
parsing of what an administrator types.

A deadline counts as the letter's only while the campaign was seeded from the letter and the date
is still the letter's own: a moved date is the department's announcement, a demo date nobody's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.core.domain import LEVELS, Track, in_level_order
from storage.models import Campaign, CampaignSource, Deadline
from storage.uow import UnitOfWork

LETTER_TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
LETTER_REFERENCE = "công văn hướng dẫn quy trình rà soát, cập nhật CSDL Ngành (mục 2.2)"
_EARLY = datetime(2023, 6, 8, 17, 0, tzinfo=LETTER_TIMEZONE)
_LATE = datetime(2023, 6, 15, 17, 0, tzinfo=LETTER_TIMEZONE)
# Mục 2.2: teacher data is due 17h00 08/06/2023 for MN, TH, THCS and 17h00 15/06/2023 for the
# other levels. The letter sets no date for the student track.
LETTER_DEADLINES: dict[tuple[str, str], datetime] = {
    (level, Track.TEACHER.value): _EARLY if level in ("MN", "TH", "THCS") else _LATE for level in LEVELS
}


@dataclass(frozen=True)
class DeadlineFact:
    level: str
    track: str
    due_at: datetime
    from_letter: bool


@dataclass(frozen=True)
class ActiveCampaign:
    campaign: Campaign
    deadlines: tuple[DeadlineFact, ...]

    @property
    def id(self) -> int:
        assert self.campaign.id is not None
        return self.campaign.id

    def due(self, level: str, track: str) -> DeadlineFact | None:
        return next((d for d in self.deadlines if d.level == level and d.track == track), None)

    def earliest(self, levels: Iterable[str], track: str) -> DeadlineFact | None:
        """A school with several levels takes the earliest deadline that applies to it
        (ties go to the first level, MN to GDTX, so the school is counted once)."""
        facts = [fact for level in in_level_order(levels) if (fact := self.due(level, track)) is not None]
        return min(facts, key=lambda fact: fact.due_at, default=None)


def is_letter_date(campaign: Campaign, deadline: Deadline) -> bool:
    return campaign.source == CampaignSource.LETTER and LETTER_DEADLINES.get((deadline.level, deadline.track)) == deadline.due_at


async def active_campaign(uow: UnitOfWork) -> ActiveCampaign | None:
    campaign = await uow.campaigns.active()
    if campaign is None or campaign.id is None:
        return None
    rows = await uow.campaigns.deadlines(campaign.id)
    facts = tuple(
        DeadlineFact(d.level, d.track, d.due_at, is_letter_date(campaign, d))
        for d in sorted(rows, key=lambda d: (d.track, LEVELS.index(d.level) if d.level in LEVELS else 99))
    )
    return ActiveCampaign(campaign, facts)


async def current_deadline_facts(uow: UnitOfWork) -> list[DeadlineFact]:
    """Every deadline of the active campaign, for answers to deadline questions (empty: none set)."""
    active = await active_campaign(uow)
    return list(active.deadlines) if active else []


# --- what an administrator types -------------------------------------------------------------

_TRACK_WORDS = {
    Track.TEACHER: {"teacher", "teachers", "gv", "giaovien", "giáoviên", "cbgv"},
    Track.STUDENT: {"student", "students", "hs", "hocsinh", "họcsinh"},
}
_LOCAL = re.compile(
    r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?:\s+(?P<H>\d{1,2})(?:[:h](?P<M>\d{2})?)?)?$", re.IGNORECASE
)


def parse_track(text: str) -> Track | None:
    word = text.strip().lower().replace(" ", "").replace("-", "").replace("_", "")
    return next((track for track, words in _TRACK_WORDS.items() if word in words), None)


def parse_when(text: str, timezone: ZoneInfo) -> datetime | None:
    """'08/06/2023 17:00', '08/06/2023 17h00', '8/6/2023 17h' (in `timezone`; no time means 17h00,
    the letter's hour) or ISO 8601 ('2023-06-08T17:00', with or without an offset)."""
    text = " ".join(text.strip().split())
    match = _LOCAL.match(text)
    try:
        if match:
            hour = int(match["H"]) if match["H"] else 17
            minute = int(match["M"]) if match["M"] else 0
            return datetime(int(match["y"]), int(match["m"]), int(match["d"]), hour, minute, tzinfo=timezone)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone)
