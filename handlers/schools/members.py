"""Who registered: listed within the viewer's scope, and removed without losing the audit trail.

A leader sees their own school; a district officer sees their office and the schools it manages;
an administrator sees everyone. Removal keeps the member's row (their reports stay attributed in
the audit trail) and makes them unregistered: their old code no longer applies to them, and a
leaked code is contained by rotating it and removing whoever used it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from handlers import texts
from handlers.core.context import Context
from handlers.core.domain import Role, format_stamp
from handlers.core.messages import Outgoing
from storage.models import Member
from storage.uow import UnitOfWork

MAX_LISTED_IN_CHAT = 150  # a chat message is no place for thousands of names; the CLI lists all


@dataclass(frozen=True)
class MemberLine:
    member_id: int
    name: str
    role: str  # Role value
    unit: str  # school or district office name
    registered_at: datetime
    platform: str
    user_id: str
    homeroom_class: str | None
    reports: int


@dataclass(frozen=True)
class MemberScope:
    school_ids: tuple[int, ...] | None = None  # None: no limit
    district_ids: tuple[int, ...] | None = None


async def list_members(uow: UnitOfWork, scope: MemberScope) -> list[MemberLine]:
    members: Sequence[Member]
    if scope.school_ids is None and scope.district_ids is None:
        members = await uow.members.listed()
    else:
        members = await uow.members.listed(school_ids=scope.school_ids or (), district_ids=scope.district_ids or ())
        if scope.district_ids:
            # A district office sees its own officers and the schools it manages, not every
            # member whose school merely lies in the district (THPT schools answer to the Sở).
            allowed = set(scope.school_ids or ())
            members = [
                m for m in members
                if (m.school_id is None and m.role == Role.DISTRICT) or (m.school_id is not None and m.school_id in allowed)
            ]
    schools = {s.id: s.name for s in await uow.schools.all()}
    districts = {d.id: d.name for d in await uow.districts.all()}
    counts = await uow.members.report_counts([m.id for m in members if m.id is not None])
    lines = []
    for member in members:
        assert member.id is not None
        if member.school_id is not None:
            unit = schools.get(member.school_id, "")
        elif member.role == Role.ADMIN or member.district_id is None:
            unit = texts.MEMBERS_ADMIN_UNIT if member.role == Role.ADMIN else texts.DEPARTMENT
        else:
            unit = texts.MEMBERS_DISTRICT_UNIT.format(district=districts.get(member.district_id, ""))
        lines.append(
            MemberLine(
                member.id, member.display_name or texts.MEMBERS_NO_NAME, member.role, unit, member.registered_at,
                member.platform, member.user_id, member.homeroom_class, counts.get(member.id, 0),
            )
        )
    return sorted(lines, key=lambda line: (line.unit, line.role != Role.LEADER, line.registered_at))


async def district_scope(uow: UnitOfWork, district_id: int) -> MemberScope:
    managed = [s.id for s in await uow.schools.all() if s.district_id == district_id and s.managed_by_district]
    return MemberScope(school_ids=tuple(i for i in managed if i is not None), district_ids=(district_id,))


async def remove_member(uow: UnitOfWork, member: Member, now: datetime) -> list[str]:
    """Unregister: the row stays for the audit trail, with when it was removed. What only this
    person could vouch for stops counting (a leader's confirmation of the school, a teacher total
    still waiting for a leader): a leaked code's holder leaves no confirmation behind. Returns
    what was withdrawn, to tell the officer."""
    member.removed_at = now
    uow.members.save(member)
    withdrawn: list[str] = []
    if member.school_id is not None:
        school = await uow.schools.get(member.school_id)
        name = school.name if school else ""
        confirmation = await uow.reports.confirmation(member.school_id)
        if confirmation is not None and confirmation.member_id == member.id:
            await uow.reports.delete(confirmation)
            withdrawn.append(texts.MEMBER_REMOVED_CONFIRMATION.format(school=name))
        pending = await uow.reports.pending_teacher(member.school_id)
        if pending is not None and pending.member_id == member.id:
            await uow.reports.delete(pending)
            withdrawn.append(texts.MEMBER_REMOVED_PENDING.format(school=name))
    await uow.flush()
    return withdrawn


def describe_line(line: MemberLine, timezone: ZoneInfo) -> str:
    role = texts.ROLE_NAMES.get(line.role, line.role)
    homeroom = texts.MEMBERS_HOMEROOM.format(name=line.homeroom_class) if line.homeroom_class else ""
    return texts.MEMBERS_LINE.format(
        name=line.name, role=role, homeroom=homeroom, platform=texts.PLATFORM_NAMES.get(line.platform, line.platform),
        when=format_stamp(line.registered_at, timezone), reports=line.reports,
    )


async def show_members(ctx: Context, args: str) -> list[Outgoing]:
    """/thanhvien: a leader sees their school, a district officer the schools of their office."""
    member = ctx.member
    if ctx.is_admin:
        scope = MemberScope()
    elif member is not None and member.role == Role.LEADER and member.school_id is not None:
        scope = MemberScope(school_ids=(member.school_id,))
    elif member is not None and member.role == Role.DISTRICT and member.district_id is not None:
        scope = await district_scope(ctx.uow, member.district_id)
    else:
        return [ctx.reply(texts.MEMBERS_NOT_ALLOWED)]
    if ctx.incoming.in_group:
        return [ctx.reply(texts.MEMBERS_IN_PRIVATE)]  # names and roles are not for the whole group
    lines = await list_members(ctx.uow, scope)
    if not lines:
        return [ctx.reply(texts.MEMBERS_NONE)]
    out = [texts.MEMBERS_HEADER.format(count=len(lines))]
    unit = None
    for line in lines[:MAX_LISTED_IN_CHAT]:
        if line.unit != unit:
            unit = line.unit
            out.append(f"\n{unit}:")
        out.append(describe_line(line, ctx.config.timezone))
    if len(lines) > MAX_LISTED_IN_CHAT:
        out.append(texts.MEMBERS_MORE.format(count=len(lines) - MAX_LISTED_IN_CHAT))
    out.append(texts.MEMBERS_REMOVE_HINT)
    return [ctx.reply("\n".join(out))]
