"""Repositories: add, get and query. They never commit; the unit of work does."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, or_, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel, select
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.errors import Conflict
from storage.models import (
    Campaign,
    ChatChoice,
    ClassReport,
    Deadline,
    District,
    FaqAddition,
    Group,
    JoinCode,
    Member,
    OutboxMessage,
    OutboxStatus,
    PendingTeacherReport,
    ProcessedUpdate,
    RegistrationFailure,
    ReportEvent,
    School,
    SchoolClass,
    SchoolConfirmation,
    SchoolLevel,
    TeacherReport,
    Ticket,
    TicketStatus,
)

# Audit records such as an import that overrode a report are not the member's to undo.
UNDOABLE_KINDS = ("class_done", "teacher_done", "school_confirmed")


@dataclass(frozen=True)
class Claim:
    """Rows leased to one sender, and the chats it found held back (to skip on its next claim)."""

    rows: list[OutboxMessage]
    blocked: set[tuple[str, str]]


class _Repository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    def save(self, row: SQLModel) -> None:
        """Add a new row or keep the changes of one read here; the unit of work commits."""
        self.session.add(row)


class UpdateRepository(_Repository):
    def mark_processed(self, platform: str, update_id: str, at: datetime | None = None) -> None:
        mark = ProcessedUpdate(platform=platform, update_id=update_id)
        if at is not None:
            mark.processed_at = at
        self.session.add(mark)

    async def prune(self, before: datetime, *, keep_sources: Iterable[str] = ()) -> int:
        """Forget update marks older than `before` (platforms redeliver for a day at most);
        marks of the sources in `keep_sources` (scheduled jobs) stay."""
        result = await self.session.exec(
            delete(ProcessedUpdate).where(
                ProcessedUpdate.processed_at < before,
                ProcessedUpdate.platform.not_in(list(keep_sources)),  # type: ignore[attr-defined]
            )
        )
        return result.rowcount or 0

    async def is_processed(self, platform: str, update_id: str) -> bool:
        query = select(ProcessedUpdate.id).where(
            ProcessedUpdate.platform == platform, ProcessedUpdate.update_id == update_id
        )
        return (await self.session.exec(query)).first() is not None


class OutboxRepository(_Repository):
    def add(self, message: OutboxMessage) -> None:
        self.session.add(message)

    async def claim(
        self,
        *,
        owner: str,
        now: datetime,
        until: datetime,
        limit: int,
        platforms: Iterable[str],
        per_chat: int,
        skip_chats: Iterable[tuple[str, str]] = (),
    ) -> Claim:
        """Lease due rows to `owner` until `until`, never out of a chat's order.

        A row is taken only when every earlier pending row of its chat is taken with it: a row
        waiting for a retry, or held by another process, holds its chat's later rows back (the
        caller skips the chats it is still sending to). On PostgreSQL rows locked by a concurrent claim are skipped
        (FOR UPDATE SKIP LOCKED), and since they still look pending to this one, their chats are
        left alone; SQLite has one sender process.
        """
        free = or_(OutboxMessage.lease_until == None, OutboxMessage.lease_until <= now)  # type: ignore[arg-type]  # noqa: E711
        query = (
            select(OutboxMessage)
            .where(
                OutboxMessage.status == OutboxStatus.PENDING,
                OutboxMessage.next_attempt_at <= now,
                OutboxMessage.platform.in_(list(platforms)),  # type: ignore[attr-defined]
                free,
            )
            .order_by(OutboxMessage.id)  # type: ignore[arg-type]
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        skip = list(skip_chats)
        if skip:
            query = query.where(tuple_(OutboxMessage.platform, OutboxMessage.chat_id).not_in(skip))
        candidates = (await self.session.exec(query)).all()
        if not candidates:
            return Claim([], set())
        accepted, blocked = await self._in_chat_order(candidates, per_chat=per_chat)
        if not accepted:
            return Claim([], blocked)
        # Only rows still free are taken: where rows cannot be locked (SQLite), a concurrent
        # claim that got there first wins, and this one keeps just each chat's unbroken start.
        taken = set(
            (
                await self.session.exec(
                    update(OutboxMessage)
                    .where(OutboxMessage.id.in_([row.id for row in accepted]), free)  # type: ignore[union-attr]
                    .values(lease_owner=owner, lease_until=until)
                    .returning(OutboxMessage.id)
                )
            ).scalars()
        )
        kept: list[OutboxMessage] = []
        broken: set[tuple[str, str]] = set()
        for row in accepted:
            chat = (row.platform, row.chat_id)
            if row.id in taken and chat not in broken:
                row.lease_owner, row.lease_until = owner, until
                kept.append(row)
            else:
                broken.add(chat)
        kept_ids = {row.id for row in kept}
        lost = [row.id for row in accepted if row.id in taken and row.id not in kept_ids and row.id is not None]
        if lost:
            await self.release(owner, lost)
        return Claim(kept, blocked)

    async def _in_chat_order(
        self, candidates: Sequence[OutboxMessage], *, per_chat: int
    ) -> tuple[list[OutboxMessage], set[tuple[str, str]]]:
        """The candidates that continue their chat's order, at most `per_chat` in flight per chat."""
        by_id = {row.id: row for row in candidates}
        chats = {(row.platform, row.chat_id) for row in candidates}
        newest = max(row.id for row in candidates if row.id is not None)
        pending = (
            await self.session.exec(
                select(OutboxMessage.id, OutboxMessage.platform, OutboxMessage.chat_id)
                .where(
                    OutboxMessage.status == OutboxStatus.PENDING,
                    tuple_(OutboxMessage.platform, OutboxMessage.chat_id).in_(list(chats)),
                    OutboxMessage.id <= newest,  # type: ignore[operator]
                )
                .order_by(OutboxMessage.id)  # type: ignore[arg-type]
            )
        ).all()
        accepted: list[OutboxMessage] = []
        in_flight: dict[tuple[str, str], int] = {}
        stopped: set[tuple[str, str]] = set()
        for row_id, platform, chat_id in pending:
            chat = (platform, chat_id)
            if chat in stopped:
                continue
            # Any earlier row not taken now stops its chat: one waiting for a retry, one another
            # process holds, or one of this sender's own being given back at this moment.
            if row_id not in by_id or in_flight.get(chat, 0) >= per_chat:
                stopped.add(chat)
                continue
            accepted.append(by_id[row_id])
            in_flight[chat] = in_flight.get(chat, 0) + 1
        blocked = {chat for chat in stopped if not any((r.platform, r.chat_id) == chat for r in accepted)}
        return accepted, blocked

    async def renew(self, owner: str, row_ids: Iterable[int], until: datetime) -> None:
        """Extend the leases of the rows a live sender still holds; a dead one's run out."""
        ids = list(row_ids)
        if ids:
            await self.session.exec(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == owner)  # type: ignore[union-attr]
                .values(lease_until=until)
            )

    async def release_left_by_earlier_runs(self) -> None:
        """On SQLite one process sends, so leases found at its start belong to a run that died;
        on PostgreSQL other live processes may hold theirs, which run out by themselves."""
        if self.session.bind.dialect.name != "sqlite":
            return
        await self.session.exec(
            update(OutboxMessage).where(OutboxMessage.lease_owner != None).values(lease_owner=None, lease_until=None)  # noqa: E711
        )

    async def release(self, owner: str, row_ids: Iterable[int]) -> None:
        """Give leased rows back (the sender is stopping, or their chat must wait)."""
        ids = list(row_ids)
        if ids:
            await self.session.exec(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == owner)  # type: ignore[union-attr]
                .values(lease_owner=None, lease_until=None)
            )

    async def prune(self, before: datetime) -> int:
        """Forget sent and given-up messages created before `before` (their texts may quote people)."""
        result = await self.session.exec(
            delete(OutboxMessage).where(
                OutboxMessage.status.in_([OutboxStatus.SENT, OutboxStatus.FAILED]),  # type: ignore[attr-defined]
                OutboxMessage.created_at < before,
            )
        )
        return result.rowcount or 0

    async def get(self, message_id: int) -> OutboxMessage | None:
        return await self.session.get(OutboxMessage, message_id)

    async def readdress_chat(self, platform: str, old_chat_id: str, new_chat_id: str) -> None:
        await self.session.exec(
            update(OutboxMessage)
            .where(
                OutboxMessage.platform == platform,
                OutboxMessage.chat_id == old_chat_id,
                OutboxMessage.status == OutboxStatus.PENDING,
            )
            .values(chat_id=new_chat_id, lease_owner=None, lease_until=None)
        )

    async def count_by_status(self) -> dict[str, int]:
        query = select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        return {status: count for status, count in (await self.session.exec(query)).all()}


class GroupRepository(_Repository):
    async def get(self, platform: str, chat_id: str) -> Group | None:
        query = select(Group).where(Group.platform == platform, Group.chat_id == chat_id)
        return (await self.session.exec(query)).first()

    async def get_or_add(self, platform: str, chat_id: str, title: str, now: datetime) -> Group:
        group = await self.get(platform, chat_id)
        if group is None:
            group = Group(platform=platform, chat_id=chat_id, title=title, updated_at=now)
            self.session.add(group)
            # Two first messages of a new group at once: the loser learns it here, as a Conflict
            # the runner retries, not later from an autoflush inside some query.
            try:
                await self.session.flush()
            except IntegrityError as error:
                raise Conflict(str(error.orig)) from error
        elif title and group.title != title:
            group.title = title
            group.updated_at = now
        return group

    async def with_level(self, levels: Iterable[str]) -> Sequence[Group]:
        """The support groups bound to any of these levels (by /nhom)."""
        query = select(Group).where(Group.level.in_(sorted(levels))).order_by(Group.id)  # type: ignore[union-attr,arg-type]
        return (await self.session.exec(query)).all()

    async def list(self, platform: str | None = None) -> Sequence[Group]:
        query = select(Group).order_by(Group.id)  # type: ignore[arg-type]
        if platform is not None:
            query = query.where(Group.platform == platform)
        return (await self.session.exec(query)).all()


class MemberRepository(_Repository):
    async def get(self, platform: str, user_id: str, *, include_removed: bool = False) -> Member | None:
        """The user's membership; a removed member is nobody unless asked for (to re-register)."""
        query = select(Member).where(Member.platform == platform, Member.user_id == user_id)
        if not include_removed:
            query = query.where(Member.removed_at == None)  # noqa: E711
        return (await self.session.exec(query)).first()

    async def by_id(self, member_id: int) -> Member | None:
        return await self.session.get(Member, member_id)

    async def listed(
        self,
        *,
        school_ids: Iterable[int] | None = None,
        district_ids: Iterable[int] | None = None,
        include_removed: bool = False,
    ) -> Sequence[Member]:
        """Current members of these schools, or of these district offices and their schools."""
        query = select(Member)
        if not include_removed:
            query = query.where(Member.removed_at == None)  # noqa: E711
        conditions = []
        if school_ids is not None:
            conditions.append(Member.school_id.in_(list(school_ids)))  # type: ignore[union-attr]
        if district_ids is not None:
            conditions.append(Member.district_id.in_(list(district_ids)))  # type: ignore[union-attr]
        if conditions:
            query = query.where(or_(*conditions))
        return (await self.session.exec(query.order_by(Member.registered_at, Member.id))).all()  # type: ignore[arg-type]

    async def count_by_school(self) -> dict[int, int]:
        query = (
            select(Member.school_id, func.count())
            .where(Member.removed_at == None, Member.school_id != None)  # noqa: E711
            .group_by(Member.school_id)
        )
        return {school_id: count for school_id, count in (await self.session.exec(query)).all()}

    async def report_counts(self, member_ids: Iterable[int]) -> dict[int, int]:
        """How many reports (undo records excluded) each member made."""
        ids = list(member_ids)
        if not ids:
            return {}
        query = (
            select(ReportEvent.member_id, func.count())
            .where(ReportEvent.member_id.in_(ids), ReportEvent.undoes_id == None)  # type: ignore[attr-defined]  # noqa: E711
            .group_by(ReportEvent.member_id)
        )
        return {member_id: count for member_id, count in (await self.session.exec(query)).all()}

    def add(self, member: Member) -> None:
        self.session.add(member)

    async def of_schools(self, school_ids: Iterable[int]) -> Sequence[Member]:
        query = select(Member).where(Member.school_id.in_(sorted(school_ids))).order_by(Member.id)  # type: ignore[union-attr,arg-type]
        return (await self.session.exec(query)).all()

    async def of_districts(self, district_ids: Iterable[int], role: str) -> Sequence[Member]:
        query = (
            select(Member)
            .where(Member.district_id.in_(sorted(district_ids)), Member.role == role)  # type: ignore[union-attr]
            .order_by(Member.id)  # type: ignore[arg-type]
        )
        return (await self.session.exec(query)).all()
    async def delete(self, member: Member) -> None:
        """Only for members with no reports (demo users); real removals set `removed_at`."""
        await self.session.delete(member)
        await self.session.flush()


class SchoolRepository(_Repository):
    async def get(self, school_id: int) -> School | None:
        return await self.session.get(School, school_id)

    async def by_code(self, code: str) -> School | None:
        return (await self.session.exec(select(School).where(School.code == code))).first()

    async def levels_of(self, school_id: int) -> list[str]:
        query = select(SchoolLevel.level).where(SchoolLevel.school_id == school_id)
        return list((await self.session.exec(query)).all())

    async def all(self) -> Sequence[School]:
        return (await self.session.exec(select(School).order_by(School.code))).all()  # type: ignore[arg-type]

    async def levels_by_school(self) -> dict[int, list[str]]:
        """Every school's levels in one query (imports compare thousands of schools)."""
        found: dict[int, list[str]] = {}
        for school_id, level in (await self.session.exec(select(SchoolLevel.school_id, SchoolLevel.level))).all():
            found.setdefault(school_id, []).append(level)
        return found

    async def set_levels(self, school_id: int, levels: Iterable[str]) -> None:
        current = (await self.session.exec(select(SchoolLevel).where(SchoolLevel.school_id == school_id))).all()
        wanted = set(levels)
        for row in current:
            if row.level not in wanted:
                await self.session.delete(row)
        have = {row.level for row in current}
        self.session.add_all(SchoolLevel(school_id=school_id, level=level) for level in wanted - have)

    async def first(self, *, level: str | None = None) -> School | None:
        query = select(School).order_by(School.id)  # type: ignore[arg-type]
        if level is not None:
            query = query.join(SchoolLevel).where(SchoolLevel.level == level)
        return (await self.session.exec(query)).first()

    async def count(self, *, demo: bool | None = None) -> int:
        query = select(func.count()).select_from(School)
        if demo is not None:
            query = query.where(School.is_demo == demo)
        return (await self.session.exec(query)).one()

    async def remove(self, school: School) -> None:
        """Delete a school with its levels, codes and reports (the caller checked it may go)."""
        for table in (
            SchoolLevel, SchoolClass, JoinCode, ClassReport, TeacherReport, PendingTeacherReport, SchoolConfirmation
        ):
            rows = (await self.session.exec(select(table).where(table.school_id == school.id))).all()  # type: ignore[attr-defined]
            for row in rows:
                await self.session.delete(row)
        await self.session.flush()  # the pending report points at an event deleted next
        events = (await self.session.exec(select(ReportEvent).where(ReportEvent.school_id == school.id))).all()
        for event in sorted(events, key=lambda e: e.undoes_id is None):  # undo records first: they point back
            await self.session.delete(event)
            await self.session.flush()
        await self.session.delete(school)
        await self.session.flush()

    async def class_list(self, school_id: int) -> list[str]:
        """The school's exact classes, when its import gave them; empty otherwise."""
        query = select(SchoolClass.class_name).where(SchoolClass.school_id == school_id)
        return sorted((await self.session.exec(query)).all())

    async def class_lists(self) -> dict[int, list[str]]:
        """Every school's exact class list, for the schools that have one."""
        found: dict[int, list[str]] = {}
        for school_id, name in (await self.session.exec(select(SchoolClass.school_id, SchoolClass.class_name))).all():
            found.setdefault(school_id, []).append(name)
        return {school_id: sorted(names) for school_id, names in found.items()}

    async def set_class_list(self, school_id: int, names: Iterable[str]) -> None:
        """Replace the school's class list (an empty one: back to levels and class count)."""
        current = (await self.session.exec(select(SchoolClass).where(SchoolClass.school_id == school_id))).all()
        wanted = set(names)
        for row in current:
            if row.class_name not in wanted:
                await self.session.delete(row)
        have = {row.class_name for row in current}
        self.session.add_all(SchoolClass(school_id=school_id, class_name=name) for name in sorted(wanted - have))

    def add_levels(self, school_id: int, levels: Iterable[str]) -> None:
        self.session.add_all(SchoolLevel(school_id=school_id, level=level) for level in levels)

    async def add_with_levels(self, school: School, levels: Iterable[str]) -> School:
        self.session.add(school)
        await self.session.flush()
        assert school.id is not None
        self.session.add_all(SchoolLevel(school_id=school.id, level=level) for level in levels)
        return school


class DistrictRepository(_Repository):
    async def get(self, district_id: int) -> District | None:
        return await self.session.get(District, district_id)

    async def by_code(self, code: str) -> District | None:
        return (await self.session.exec(select(District).where(District.code == code))).first()

    def add(self, district: District) -> None:
        self.session.add(district)

    async def remove(self, district: District) -> None:
        for code in (await self.session.exec(select(JoinCode).where(JoinCode.district_id == district.id))).all():
            await self.session.delete(code)
        await self.session.flush()
        await self.session.delete(district)
        await self.session.flush()

    async def all(self) -> Sequence[District]:
        return (await self.session.exec(select(District).order_by(District.code))).all()  # type: ignore[arg-type]


class CampaignRepository(_Repository):
    async def active(self) -> Campaign | None:
        query = select(Campaign).where(Campaign.is_active == True).order_by(Campaign.id.desc())  # type: ignore[union-attr]  # noqa: E712
        return (await self.session.exec(query)).first()

    async def active_deadlines(self) -> dict[tuple[str, str], datetime]:
        """(track, level) → due time of the active campaign; empty when none is set."""
        campaign = await self.active()
        if campaign is None or campaign.id is None:
            return {}
        return {(d.track, d.level): d.due_at for d in await self.deadlines(campaign.id)}

    async def deadlines(self, campaign_id: int) -> Sequence[Deadline]:
        query = select(Deadline).where(Deadline.campaign_id == campaign_id)
        return (await self.session.exec(query)).all()

    async def get(self, campaign_id: int) -> Campaign | None:
        return await self.session.get(Campaign, campaign_id)

    async def all(self) -> Sequence[Campaign]:
        return (await self.session.exec(select(Campaign).order_by(Campaign.id))).all()  # type: ignore[arg-type]

    async def activate(self, campaign: Campaign) -> None:
        """Make `campaign` the only active one."""
        await self.session.exec(update(Campaign).where(Campaign.id != campaign.id).values(is_active=False))  # type: ignore[call-overload]
        campaign.is_active = True
        self.session.add(campaign)

    async def deadline(self, campaign_id: int, level: str, track: str) -> Deadline | None:
        query = select(Deadline).where(Deadline.campaign_id == campaign_id, Deadline.level == level, Deadline.track == track)
        return (await self.session.exec(query)).first()

    async def remove_deadline(self, deadline: Deadline) -> None:
        await self.session.delete(deadline)

    async def remove(self, campaign: Campaign) -> None:
        for deadline in await self.deadlines(campaign.id):  # type: ignore[arg-type]
            await self.session.delete(deadline)
        await self.session.flush()
        await self.session.delete(campaign)
        await self.session.flush()

    async def add_with_deadlines(self, campaign: Campaign, deadlines: Iterable[Deadline]) -> Campaign:
        self.session.add(campaign)
        await self.session.flush()
        assert campaign.id is not None
        for deadline in deadlines:
            deadline.campaign_id = campaign.id
            self.session.add(deadline)
        return campaign


class TicketRepository(_Repository):
    async def count_since(self, platform: str, user_id: str, since: datetime) -> int:
        query = select(func.count()).select_from(Ticket).where(
            Ticket.platform == platform, Ticket.user_id == user_id, Ticket.created_at > since
        )
        return (await self.session.exec(query)).one()

    async def count_open(self) -> int:
        query = select(func.count()).select_from(Ticket).where(Ticket.status == TicketStatus.OPEN)
        return (await self.session.exec(query)).one()

    async def add(self, ticket: Ticket) -> Ticket:
        self.session.add(ticket)
        await self.session.flush()  # the ticket number is shown to the asker
        return ticket

    async def get(self, ticket_id: int) -> Ticket | None:
        return await self.session.get(Ticket, ticket_id)

    async def open_primaries(self, limit: int = 500) -> Sequence[Ticket]:
        """Open tickets that others may join, oldest first."""
        query = (
            select(Ticket)
            .where(Ticket.status == TicketStatus.OPEN, Ticket.joined_to == None)  # noqa: E711 (SQL IS NULL)
            .order_by(Ticket.created_at, Ticket.id)  # type: ignore[arg-type]
            .limit(limit)
        )
        return (await self.session.exec(query)).all()

    async def joined(self, ticket_id: int) -> Sequence[Ticket]:
        """The tickets of later askers who joined this one."""
        query = select(Ticket).where(Ticket.joined_to == ticket_id).order_by(Ticket.id)  # type: ignore[arg-type]
        return (await self.session.exec(query)).all()

    async def of_asker(self, platform: str, user_id: str, limit: int) -> Sequence[Ticket]:
        query = (
            select(Ticket)
            .where(Ticket.platform == platform, Ticket.user_id == user_id)
            .order_by(Ticket.id.desc())  # type: ignore[union-attr]
            .limit(limit)
        )
        return (await self.session.exec(query)).all()

    async def forwarded_as(self, platform: str, chat_id: str, sent_message_id: str) -> Ticket | None:
        """The ticket whose forward (or re-announcement) was sent as this message."""
        query = (
            select(Ticket)
            .join(OutboxMessage, OutboxMessage.ticket_id == Ticket.id)  # type: ignore[arg-type]
            .where(
                OutboxMessage.platform == platform,
                OutboxMessage.chat_id == chat_id,
                OutboxMessage.sent_message_id == sent_message_id,
            )
        )
        return (await self.session.exec(query)).first()


class FaqAdditionRepository(_Repository):
    async def add(self, addition: FaqAddition) -> FaqAddition:
        self.session.add(addition)
        await self.session.flush()
        return addition

    async def get(self, addition_id: int) -> FaqAddition | None:
        return await self.session.get(FaqAddition, addition_id)

    async def of_ticket(self, ticket_id: int) -> FaqAddition | None:
        query = select(FaqAddition).where(FaqAddition.ticket_id == ticket_id)
        return (await self.session.exec(query)).first()

    async def in_force(self) -> Sequence[FaqAddition]:
        query = select(FaqAddition).where(FaqAddition.withdrawn_at == None).order_by(FaqAddition.id)  # type: ignore[arg-type]  # noqa: E711
        return (await self.session.exec(query)).all()

    async def all(self) -> Sequence[FaqAddition]:
        return (await self.session.exec(select(FaqAddition).order_by(FaqAddition.id))).all()  # type: ignore[arg-type]

    async def version(self) -> tuple[int, int]:
        """(count in force, highest id): changes whenever one is added or withdrawn."""
        query = select(func.count(), func.max(FaqAddition.id)).where(FaqAddition.withdrawn_at == None)  # noqa: E711
        count, highest = (await self.session.exec(query)).one()
        return int(count), int(highest or 0)


class JoinCodeRepository(_Repository):
    async def by_code(self, code: str) -> JoinCode | None:
        return (await self.session.exec(select(JoinCode).where(JoinCode.code == code))).first()

    async def of_school(self, school_id: int) -> Sequence[JoinCode]:
        return (await self.session.exec(select(JoinCode).where(JoinCode.school_id == school_id))).all()

    async def of_district(self, district_id: int) -> Sequence[JoinCode]:
        return (await self.session.exec(select(JoinCode).where(JoinCode.district_id == district_id))).all()

    async def all(self) -> Sequence[JoinCode]:
        return (await self.session.exec(select(JoinCode))).all()

    async def remove(self, codes: Iterable[JoinCode]) -> None:
        for code in codes:
            await self.session.delete(code)
        await self.session.flush()

    def add(self, code: JoinCode) -> None:
        self.session.add(code)


class RegistrationFailureRepository(_Repository):
    async def hold_user(self, platform: str, user_id: str) -> None:
        """Make this user's other registration attempts wait until this transaction ends.

        PostgreSQL: a transaction-scoped advisory lock on the user. SQLite lets one writer in at a
        time and refuses a write based on a stale read, so the race cannot pass there either."""
        if self.session.bind.dialect.name != "postgresql":
            return
        key = f"registration:{platform}:{user_id}"
        await self.session.exec(select(func.pg_advisory_xact_lock(func.hashtextextended(key, 0))))

    def add(self, platform: str, user_id: str, at: datetime) -> None:
        self.session.add(RegistrationFailure(platform=platform, user_id=user_id, at=at))

    async def count_since(self, platform: str, user_id: str, since: datetime) -> int:
        query = select(func.count()).select_from(RegistrationFailure).where(
            RegistrationFailure.platform == platform,
            RegistrationFailure.user_id == user_id,
            RegistrationFailure.at >= since,
        )
        return (await self.session.exec(query)).one()


class ReportRepository(_Repository):
    async def reported_classes(self, school_id: int, *, current_only: bool = False) -> list[str]:
        """The school's reported classes; `current_only` leaves out classes an import removed."""
        query = select(ClassReport.class_name).where(ClassReport.school_id == school_id).order_by(ClassReport.id)  # type: ignore[arg-type]
        if current_only:
            query = query.where(ClassReport.obsolete == False)  # noqa: E712
        return list((await self.session.exec(query)).all())

    async def class_report(self, school_id: int, class_name: str) -> ClassReport | None:
        query = select(ClassReport).where(ClassReport.school_id == school_id, ClassReport.class_name == class_name)
        return (await self.session.exec(query)).first()

    async def class_names_by_school(self, *, current_only: bool = False) -> dict[int, list[str]]:
        """Reported classes per school; `current_only` leaves out reports on classes an import removed."""
        query = select(ClassReport.school_id, ClassReport.class_name).order_by(ClassReport.id)  # type: ignore[arg-type]
        if current_only:
            query = query.where(ClassReport.obsolete == False)  # noqa: E712
        found: dict[int, list[str]] = {}
        for school_id, name in (await self.session.exec(query)).all():
            found.setdefault(school_id, []).append(name)
        return found

    async def teacher_statuses(self) -> dict[int, TeacherReport]:
        return {row.school_id: row for row in (await self.session.exec(select(TeacherReport))).all()}

    async def class_reports(self, school_id: int) -> Sequence[ClassReport]:
        query = select(ClassReport).where(ClassReport.school_id == school_id).order_by(ClassReport.id)  # type: ignore[arg-type]
        return (await self.session.exec(query)).all()

    def add_class(self, report: ClassReport) -> None:
        self.session.add(report)

    async def remove_class(self, school_id: int, class_name: str) -> None:
        report = await self.class_report(school_id, class_name)
        if report is not None:
            await self.session.delete(report)

    async def teacher_status(self, school_id: int) -> TeacherReport | None:
        return await self.session.get(TeacherReport, school_id)

    async def confirmation(self, school_id: int) -> SchoolConfirmation | None:
        return await self.session.get(SchoolConfirmation, school_id)

    def put(self, row: TeacherReport | SchoolConfirmation | PendingTeacherReport) -> None:
        self.session.add(row)

    async def delete(self, row: TeacherReport | SchoolConfirmation | PendingTeacherReport) -> None:
        await self.session.delete(row)

    async def pending_teacher(self, school_id: int) -> PendingTeacherReport | None:
        """The school's teacher-data report waiting for its leader, if any."""
        return await self.session.get(PendingTeacherReport, school_id)

    async def event(self, event_id: int) -> ReportEvent | None:
        return await self.session.get(ReportEvent, event_id)

    async def add_event(self, event: ReportEvent) -> ReportEvent:
        self.session.add(event)
        await self.session.flush()
        return event

    async def schools_reported_since(self, since: datetime) -> list[int]:
        """Schools with a report (not an undo) since `since`, for the daily digest."""
        query = (
            select(ReportEvent.school_id)
            .where(ReportEvent.at >= since, ReportEvent.undoes_id == None)  # noqa: E711
            .distinct()
        )
        return list((await self.session.exec(query)).all())

    async def last_undoable_event(self, member_id: int) -> ReportEvent | None:
        """The member's latest report that has not been undone (undo events themselves excluded)."""
        query = (
            select(ReportEvent)
            .where(
                ReportEvent.member_id == member_id,
                ReportEvent.kind.in_(UNDOABLE_KINDS),  # type: ignore[attr-defined]
                ReportEvent.undone_at == None,  # noqa: E711
                ReportEvent.undoes_id == None,  # noqa: E711
            )
            .order_by(ReportEvent.id.desc())  # type: ignore[union-attr]
        )
        return (await self.session.exec(query)).first()

    async def teacher_event_in_force(self, school_id: int, *, excluding: int | None = None) -> ReportEvent | None:
        """The school's latest teacher-data report that stands (not undone, not an undo record)."""
        query = (
            select(ReportEvent)
            .where(
                ReportEvent.school_id == school_id,
                ReportEvent.kind == "teacher_done",
                ReportEvent.undone_at == None,  # noqa: E711
                ReportEvent.undoes_id == None,  # noqa: E711
            )
            .order_by(ReportEvent.id.desc())  # type: ignore[union-attr]
        )
        if excluding is not None:
            query = query.where(ReportEvent.id != excluding)
        return (await self.session.exec(query)).first()


class ChoiceRepository(_Repository):
    """Numbered choices offered per chat (see handlers/core/choices.py)."""

    async def get(self, platform: str, chat_id: str) -> ChatChoice | None:
        query = select(ChatChoice).where(ChatChoice.platform == platform, ChatChoice.chat_id == chat_id)
        return (await self.session.exec(query)).first()

    async def forget(self, row: ChatChoice) -> None:
        await self.session.delete(row)


class UsageRepository(_Repository):
    """What the bot spent of a platform's quota."""

    async def messages_sent(self, platform: str, since: datetime, until: datetime) -> int:
        """Platform messages sent in [since, until): a long text counts once per started 2,000 characters,
        the way a platform that splits it counts it."""
        pieces = 1 + func.length(OutboxMessage.text) / 2000
        query = select(func.coalesce(func.sum(pieces), 0)).where(
            OutboxMessage.platform == platform,
            OutboxMessage.status == OutboxStatus.SENT,
            OutboxMessage.sent_at >= since,  # type: ignore[operator]
            OutboxMessage.sent_at < until,  # type: ignore[operator]
        )
        return int((await self.session.exec(query)).one())
