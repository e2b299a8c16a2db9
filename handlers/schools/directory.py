"""Loading the school list into the database: update by code, never duplicate, codes for new ones."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers.answers.vietnamese import fold_diacritics
from handlers.schools.join_codes import ensure_codes
from handlers.schools.school_file import SchoolRow
from storage.models import District, School
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class ImportSummary:
    created: int
    updated: int
    districts_created: int
    codes_issued: int


def district_key(name: str) -> str:
    """'Quận Lê Chân', 'quan le chan', 'Lê Chân' → 'le chan'."""
    folded = " ".join(fold_diacritics(name).lower().split())
    for prefix in ("thanh pho ", "tp ", "quan ", "huyen ", "thi xa "):
        if folded.startswith(prefix):
            return folded.removeprefix(prefix)
    return folded


async def find_district(uow: UnitOfWork, name: str) -> District | None:
    key = district_key(name)
    return next((d for d in await uow.districts.all() if district_key(d.name) == key), None)


def district_code(name: str) -> str:
    """A stable code for a district named in a file: 'Quận Lê Chân' → 'LE-CHAN'."""
    return re.sub(r"[^A-Z0-9]+", "-", fold_diacritics(district_key(name)).upper()).strip("-")[:32]


async def district_for(uow: UnitOfWork, name: str, known: dict[str, District]) -> tuple[District, bool]:
    """The district with this name (any spelling of 'Quận/Huyện'), created when new."""
    key = district_key(name)
    if key in known:
        return known[key], False
    district = District(code=district_code(name), name=" ".join(name.split()))
    uow.districts.add(district)
    await uow.flush()
    known[key] = district
    return district, True


async def import_schools(uow: UnitOfWork, rows: Sequence[SchoolRow], now: datetime) -> ImportSummary:
    """Create or update every school of a validated file; the caller commits all or nothing."""
    known = {district_key(d.name): d for d in await uow.districts.all()}
    created = updated = districts_created = 0
    for row in rows:
        district = None
        if row.district:
            district, is_new = await district_for(uow, row.district, known)
            districts_created += is_new
        school = await uow.schools.by_code(row.code)
        if school is None:
            school = School(code=row.code, name=row.name, created_at=now)
            created += 1
        else:
            updated += 1
        school.name = row.name
        school.district_id = district.id if district else None
        school.managed_by_district = row.managed_by_district
        school.expected_classes = row.classes
        school.expected_staff = row.staff
        school.is_demo = False
        school.updated_at = now
        uow.schools.save(school)
        await uow.flush()
        assert school.id is not None
        await uow.schools.set_levels(school.id, row.levels)
    codes_issued = await ensure_codes(uow)
    return ImportSummary(created, updated, districts_created, codes_issued)
