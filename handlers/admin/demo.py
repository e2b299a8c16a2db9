"""Demo data: Hải Phòng's districts, 40 demo schools across the levels, and a campaign.

Every demo school's name ends in "(demo)" and carries is_demo, so nobody mistakes it for a real
one, and `load_demo` refuses a database that already holds real schools. `clear_demo` removes
the demo entirely (schools, districts, codes, members who tried it, their reports, the demo
campaign), so a department can load its real list after trying the bot; the school import
refuses to mix real schools with the demo until then.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from handlers.core.domain import Level, Track
from handlers.schools.join_codes import ensure_codes
from storage.models import Campaign, CampaignSource, Deadline, District, School
from storage.uow import UnitOfWork

# The 15 districts (quận/huyện) of Hải Phòng named in 2023, the year of the letter.
HAI_PHONG_DISTRICTS = (
    ("HB", "Quận Hồng Bàng"),
    ("NQ", "Quận Ngô Quyền"),
    ("LC", "Quận Lê Chân"),
    ("HA", "Quận Hải An"),
    ("KA", "Quận Kiến An"),
    ("DS", "Quận Đồ Sơn"),
    ("DK", "Quận Dương Kinh"),
    ("TN", "Huyện Thủy Nguyên"),
    ("AD", "Huyện An Dương"),
    ("AL", "Huyện An Lão"),
    ("KT", "Huyện Kiến Thụy"),
    ("TL", "Huyện Tiên Lãng"),
    ("VB", "Huyện Vĩnh Bảo"),
    ("CH", "Huyện Cát Hải"),
    ("BLV", "Huyện Bạch Long Vĩ"),
)

_PATRONS = (
    "Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Chu Văn An", "Lý Tự Trọng", "Hoa Sen", "Bình Minh",
    "Hoa Phượng", "Quang Trung", "Võ Thị Sáu",
)

# (levels, name prefix, how many, classes, staff per class, managed by the district office)
_DEMO_SCHOOL_KINDS = (
    ((Level.MN,), "Trường Mầm non", 10, 12, 2.5, True),
    ((Level.TH,), "Trường Tiểu học", 10, 25, 1.6, True),
    ((Level.THCS,), "Trường THCS", 10, 20, 2.0, True),
    ((Level.TH, Level.THCS), "Trường TH và THCS", 2, 18, 1.9, True),
    ((Level.THPT,), "Trường THPT", 6, 36, 2.2, False),
    ((Level.GDTX,), "Trung tâm GDNN-GDTX", 2, 12, 2.0, False),
)

# Seeded like the letter: MN, TH, THCS due first, the other levels a week later, at 17h00.
_FIRST_DEADLINE_IN_DAYS = 3
_SECOND_DEADLINE_IN_DAYS = 10
_DEADLINE_TIME = time(17, 0)


class RealDataPresent(Exception):
    def __init__(self, real_schools: int) -> None:
        super().__init__(real_schools)
        self.real_schools = real_schools


@dataclass(frozen=True)
class DemoSummary:
    districts: int
    schools: int
    campaign: str
    deadlines: tuple[tuple[str, datetime], ...]
    already_present: bool = False


def demo_schools() -> list[tuple[School, tuple[Level, ...], int]]:
    """(school, levels, district index) for the 40 demo schools, the same on every run."""
    schools = []
    serial = 0
    for levels, prefix, count, classes, staff_per_class, by_district in _DEMO_SCHOOL_KINDS:
        code_level = "-".join(levels)
        for number in range(1, count + 1):
            patron = _PATRONS[(number - 1 + serial) % len(_PATRONS)]
            district_index = (serial * 7 + number) % (len(HAI_PHONG_DISTRICTS) - 1)  # not Bạch Long Vĩ
            district_name = HAI_PHONG_DISTRICTS[district_index][1].split(" ", 1)[1]
            school_classes = classes + (number * 3) % 7
            school = School(
                code=f"DEMO-{code_level}-{number:02d}",
                name=f"{prefix} {patron} {district_name} (demo)",
                managed_by_district=by_district,
                expected_classes=school_classes,
                expected_staff=round(school_classes * staff_per_class),
                is_demo=True,
            )
            schools.append((school, levels, district_index))
        serial += count
    return schools


def demo_deadlines(today: date, timezone: ZoneInfo) -> list[Deadline]:
    deadlines = []
    for level in Level:
        days = _FIRST_DEADLINE_IN_DAYS if level in (Level.MN, Level.TH, Level.THCS) else _SECOND_DEADLINE_IN_DAYS
        due = datetime.combine(today + timedelta(days=days), _DEADLINE_TIME, tzinfo=timezone)
        deadlines.append(Deadline(campaign_id=0, level=level, track=Track.TEACHER, due_at=due))
    return deadlines


async def load_demo(uow: UnitOfWork, *, now: datetime, timezone: ZoneInfo) -> DemoSummary:
    """Fill an empty database; leave demo data alone; refuse a database with real schools."""
    real = await uow.schools.count(demo=False)
    if real:
        raise RealDataPresent(real)
    if await uow.schools.count(demo=True):
        campaign = await uow.campaigns.active()
        deadlines = await uow.campaigns.deadlines(campaign.id) if campaign and campaign.id else []
        return DemoSummary(
            districts=len(HAI_PHONG_DISTRICTS),
            schools=await uow.schools.count(demo=True),
            campaign=campaign.name if campaign else "",
            deadlines=tuple((d.level, d.due_at) for d in deadlines),
            already_present=True,
        )
    districts = []
    for code, name in HAI_PHONG_DISTRICTS:
        district = District(code=f"DEMO-{code}", name=name, is_demo=True)
        uow.districts.add(district)
        districts.append(district)
    await uow.flush()
    schools = demo_schools()
    for school, levels, district_index in schools:
        school.district_id = districts[district_index].id
        await uow.schools.add_with_levels(school, levels)
    deadlines = demo_deadlines(now.astimezone(timezone).date(), timezone)
    campaign = Campaign(name="Đợt rà soát dữ liệu CSDL Ngành (demo)", is_demo=True, source=CampaignSource.DEMO)
    await uow.campaigns.add_with_deadlines(campaign, deadlines)
    await ensure_codes(uow)
    return DemoSummary(
        districts=len(districts),
        schools=len(schools),
        campaign=campaign.name,
        deadlines=tuple((d.level, d.due_at) for d in deadlines),
    )


@dataclass(frozen=True)
class DemoCleared:
    schools: int
    districts: int
    members: int
    campaigns: int


async def clear_demo(uow: UnitOfWork) -> DemoCleared:
    """Remove everything the demo created and everyone who registered with a demo code."""
    schools = [school for school in await uow.schools.all() if school.is_demo]
    districts = [district for district in await uow.districts.all() if district.is_demo]
    members = await uow.members.listed(
        school_ids=[s.id for s in schools if s.id is not None],
        district_ids=[d.id for d in districts if d.id is not None],
        include_removed=True,
    )
    # Detach first: members point at schools, and the schools' reports point at members.
    for member in members:
        member.school_id = member.district_id = None
        uow.members.save(member)
    await uow.flush()
    for school in schools:
        await uow.schools.remove(school)
    for member in members:
        await uow.members.delete(member)
    for district in districts:
        await uow.districts.remove(district)
    campaigns = [campaign for campaign in await uow.campaigns.all() if campaign.is_demo]
    for campaign in campaigns:
        await uow.campaigns.remove(campaign)
    return DemoCleared(len(schools), len(districts), len(members), len(campaigns))
