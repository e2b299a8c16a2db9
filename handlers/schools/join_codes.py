"""Join codes: two per school (staff, leaders), one per district office; random and unguessable."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from handlers.core.domain import Role
from storage.models import District, JoinCode, School
from storage.uow import UnitOfWork

# No 0/O, 1/I/L: codes are read off paper and typed on phones.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10  # 31**10 ≈ 8·10^14 codes; with throttling, guessing is hopeless


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What the user typed, as stored: upper case, no spaces or dashes."""
    return "".join(ch for ch in text.upper() if ch.isalnum())


def display_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}" if code else ""


@dataclass(frozen=True)
class SchoolCodes:
    school_code: str
    school_name: str
    staff_join_code: str
    leader_join_code: str


@dataclass(frozen=True)
class DistrictCodes:
    district_code: str
    district_name: str
    join_code: str


async def _unique_code(uow: UnitOfWork) -> str:
    while True:
        code = new_code()
        if await uow.join_codes.by_code(code) is None:
            return code


SCHOOL_ROLES = (Role.STAFF, Role.LEADER)


async def issue_school_codes(uow: UnitOfWork, school: School, roles: tuple[Role, ...] = SCHOOL_ROLES) -> SchoolCodes:
    """Give the school fresh codes for these roles, replacing (and so invalidating) the old ones;
    a leaked leader code is replaced without making every teacher's slip useless."""
    if school.id is None:
        raise ValueError("school not saved")
    current = await uow.join_codes.of_school(school.id)
    await uow.join_codes.remove([code for code in current if code.role in roles])
    for role in roles:
        uow.join_codes.add(JoinCode(code=await _unique_code(uow), role=role, school_id=school.id))
    await uow.flush()
    by_role = {code.role: code.code for code in await uow.join_codes.of_school(school.id)}
    return SchoolCodes(
        school.code, school.name, display_code(by_role.get(Role.STAFF, "")), display_code(by_role.get(Role.LEADER, ""))
    )


async def issue_district_code(uow: UnitOfWork, district: District) -> DistrictCodes:
    """A fresh code for the district office; the old one stops working at once."""
    if district.id is None:
        raise ValueError("district not saved")
    await uow.join_codes.remove(await uow.join_codes.of_district(district.id))
    code = await _unique_code(uow)
    uow.join_codes.add(JoinCode(code=code, role=Role.DISTRICT, district_id=district.id))
    await uow.flush()
    return DistrictCodes(district.code, district.name, display_code(code))


async def ensure_codes(uow: UnitOfWork) -> int:
    """Issue codes to every school and district office that has none; returns how many got codes."""
    existing = await uow.join_codes.all()
    taken = {c.code for c in existing}
    schools_with = {c.school_id for c in existing if c.school_id is not None}
    districts_with = {c.district_id for c in existing if c.district_id is not None}

    def fresh() -> str:  # checked against the codes read above: one query for thousands of schools
        while (code := new_code()) in taken:
            pass
        taken.add(code)
        return code

    issued = 0
    for school in await uow.schools.all():
        if school.id not in schools_with:
            for role in SCHOOL_ROLES:
                uow.join_codes.add(JoinCode(code=fresh(), role=role, school_id=school.id))
            issued += 1
    for district in await uow.districts.all():
        if district.id not in districts_with:
            uow.join_codes.add(JoinCode(code=fresh(), role=Role.DISTRICT, district_id=district.id))
            issued += 1
    await uow.flush()
    return issued


async def code_table(uow: UnitOfWork) -> tuple[list[SchoolCodes], list[DistrictCodes]]:
    """Every school's and district office's codes, ordered by code, for printing or mailing."""
    codes = await uow.join_codes.all()
    by_school: dict[int, dict[str, str]] = {}
    by_district: dict[int, str] = {}
    for code in codes:
        if code.school_id is not None:
            by_school.setdefault(code.school_id, {})[code.role] = display_code(code.code)
        elif code.district_id is not None:
            by_district[code.district_id] = display_code(code.code)
    schools = [
        SchoolCodes(s.code, s.name, by_school[s.id].get(Role.STAFF, ""), by_school[s.id].get(Role.LEADER, ""))
        for s in await uow.schools.all()
        if s.id in by_school
    ]
    districts = [
        DistrictCodes(d.code, d.name, by_district[d.id]) for d in await uow.districts.all() if d.id in by_district
    ]
    return schools, districts
