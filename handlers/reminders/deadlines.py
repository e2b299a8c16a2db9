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

from handlers.answers.deadlines import LETTER_DUE, DeadlineFact, current_deadlines
from handlers.core.domain import Track, in_level_order
from storage.models import Campaign
from storage.uow import UnitOfWork

LETTER_REFERENCE = "công văn hướng dẫn quy trình rà soát, cập nhật CSDL Ngành (mục 2.2)"
# Mục 2.2's dates by (level, track); the letter sets no date for the student track.
LETTER_DEADLINES = LETTER_DUE


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


async def active_campaign(uow: UnitOfWork) -> ActiveCampaign | None:
    campaign = await uow.campaigns.active()
    if campaign is None or campaign.id is None:
        return None
    return ActiveCampaign(campaign, tuple(await current_deadlines(uow)))


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
