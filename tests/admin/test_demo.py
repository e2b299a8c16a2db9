"""Demo data: Hải Phòng's districts, 40 schools across the levels, a campaign a few days ahead."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import select

from handlers.admin.demo import RealDataPresent, load_demo
from storage.models import Deadline, School, SchoolLevel

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)


async def test_demo_fills_an_empty_database(uow_factory):
    async with uow_factory() as uow:
        summary = await load_demo(uow, now=NOW, timezone=HANOI)
        await uow.commit()
    assert (summary.districts, summary.schools, summary.already_present) == (15, 40, False)
    async with uow_factory() as uow:
        schools = (await uow.session.exec(select(School))).all()
        levels = Counter((await uow.session.exec(select(SchoolLevel.level))).all())
        deadlines = (await uow.session.exec(select(Deadline))).all()
    assert all(s.is_demo and s.name.endswith("(demo)") and s.expected_classes > 0 for s in schools)
    assert len({s.code for s in schools}) == 40
    assert set(levels) == {"MN", "TH", "THCS", "THPT", "GDTX"}
    assert not any(s.managed_by_district for s in schools if s.code.startswith("DEMO-THPT"))
    due = {d.level: d.due_at.astimezone(HANOI) for d in deadlines}
    assert due["THCS"].strftime("%H:%M") == "17:00"
    assert timedelta(days=1) < due["THCS"] - NOW < timedelta(days=5)
    assert due["THPT"] > due["THCS"]


async def test_demo_twice_leaves_the_demo_data_as_it_was(uow_factory):
    for _ in range(2):
        async with uow_factory() as uow:
            summary = await load_demo(uow, now=NOW, timezone=HANOI)
            await uow.commit()
    assert summary.already_present and summary.schools == 40


async def test_demo_refuses_a_database_with_real_schools(uow_factory):
    async with uow_factory() as uow:
        await uow.schools.add_with_levels(School(code="79000001", name="Trường THCS Thật"), ["THCS"])
        await uow.commit()
    async with uow_factory() as uow:
        with pytest.raises(RealDataPresent) as refusal:
            await load_demo(uow, now=NOW, timezone=HANOI)
    assert refusal.value.real_schools == 1
    async with uow_factory() as uow:
        assert await uow.schools.count() == 1
