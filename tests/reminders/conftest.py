"""A province for reminder tests: the demo's 40 schools, a campaign from the letter with its
dates moved to December 2026, support groups and registered staff."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from handlers.admin.campaigns import create_campaign, set_deadline
from handlers.admin.demo import load_demo
from handlers.admin.groups import assign_group_level
from handlers.core.context import CoreConfig
from handlers.core.domain import Level
from handlers.core.messages import ChatRef, Platform
from handlers.core.runner import ExactlyOnceRunner
from handlers.reminders.jobs import ReminderDesk
from handlers.reminders.planning import ReminderPolicy
from storage.models import Member
from tests.conftest import ADMIN, FakeClock

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
STAFF_CHAT = ChatRef(Platform.TELEGRAM, "-999")
THCS_GROUP = ChatRef(Platform.TELEGRAM, "-100300")
THPT_GROUP = ChatRef(Platform.TELEGRAM, "-100400")
THCS_DUE = datetime(2026, 12, 8, 17, 0, tzinfo=HANOI)
THPT_DUE = datetime(2026, 12, 15, 17, 0, tzinfo=HANOI)


def local(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=HANOI)


@dataclass
class Province:
    desk: ReminderDesk
    clock: FakeClock
    campaign_id: int
    thcs_school_id: int  # DEMO-THCS-01, its leader (user 5001) and database officer (user 5002)
    district_id: int  # DEMO-THCS-01's district, whose officer is user 6001


def make_desk(uow_factory, clock, policy: ReminderPolicy | None = None) -> ReminderDesk:
    config = CoreConfig(admin_ids=frozenset({ADMIN}), timezone=HANOI, staff_chat=STAFF_CHAT)
    runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=clock)
    return ReminderDesk(uow_factory=uow_factory, runner=runner, clock=clock, config=config, policy=policy or ReminderPolicy())


@pytest.fixture
async def province(uow_factory) -> Province:
    clock = FakeClock(local("01/12/2026 09:00"))
    async with uow_factory() as uow:
        await load_demo(uow, now=clock.now(), timezone=HANOI)
        campaign = await create_campaign(uow, "Đợt rà soát tháng 12/2026", from_letter=True, now=clock.now())
        for level in ("MN", "TH", "THCS"):
            await set_deadline(uow, campaign, level, "teacher", THCS_DUE)
        for level in ("THPT", "GDTX"):
            await set_deadline(uow, campaign, level, "teacher", THPT_DUE)
        await assign_group_level(uow, THCS_GROUP, "Nhóm THCS", Level.THCS, clock.now())
        await assign_group_level(uow, THPT_GROUP, "Nhóm THPT", Level.THPT, clock.now())
        school = await uow.schools.by_code("DEMO-THCS-01")
        assert school is not None and school.id is not None
        uow.members.add(Member(platform="telegram", user_id="5001", role="leader", school_id=school.id))
        uow.members.add(Member(platform="telegram", user_id="5002", role="staff", school_id=school.id))
        uow.members.add(Member(platform="telegram", user_id="5003", role="staff", school_id=school.id, homeroom_class="6A1"))
        uow.members.add(Member(platform="telegram", user_id="6001", role="district", district_id=school.district_id))
        await uow.commit()
        assert campaign.id is not None and school.district_id is not None
        return Province(make_desk(uow_factory, clock), clock, campaign.id, school.id, school.district_id)
