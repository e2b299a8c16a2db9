"""Who a platform user is to the bot: staff or leader of a school, district officer, admin."""

from __future__ import annotations

from datetime import datetime

from handlers.core.domain import Role
from handlers.core.messages import UserRef
from storage.models import District, Member, School
from storage.uow import UnitOfWork


class UnknownSchool(LookupError):
    pass


async def link_member(
    uow: UnitOfWork,
    user: UserRef,
    *,
    role: Role,
    name: str = "",
    school: School | None = None,
    district: District | None = None,
    homeroom_class: str | None = None,
    now: datetime,
) -> Member:
    """Create or update the member row of `user`: a school role needs a school, a district role a district."""
    # A removed member registering again gets their row back: one row per platform user.
    member = await uow.members.get(user.platform, user.user_id, include_removed=True)
    if member is None:
        member = Member(platform=user.platform, user_id=user.user_id)
    member.removed_at = None
    member.role = role
    member.display_name = name or member.display_name
    school_role = role in (Role.STAFF, Role.LEADER)
    member.school_id = school.id if school is not None and school_role else None
    # A department administrator belongs to no district office, whatever school the console picked.
    member.district_id = district.id if district is not None else (
        school.district_id if school is not None and school_role else None
    )
    member.homeroom_class = homeroom_class if school_role else None
    member.registered_at = now
    uow.members.add(member)
    return member


async def find_school(uow: UnitOfWork, code: str | None, level: str | None) -> School | None:
    """The school with this code; without a code, the first school of the level (for trying out)."""
    if code:
        school = await uow.schools.by_code(code.strip().upper())
        if school is None:
            raise UnknownSchool(code)
        return school
    return await uow.schools.first(level=level)
