"""In-memory fakes of the unit of work, so a use case can be tested without a database.

They keep rows in plain lists shared by every unit of work of one `FakeDatabase`; like the real
one, a unit of work's writes become visible to the next only when it commits, and a unique
key already taken makes `commit()` raise `Conflict`. Only what the tested use cases need is here;
the database tests keep covering the real repositories.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType

from storage.errors import Conflict
from storage.models import Group, JoinCode, Member, OutboxMessage, RegistrationFailure, School, Ticket


@dataclass
class FakeDatabase:
    processed: set[tuple[str, str]] = field(default_factory=set)
    outbox: list[OutboxMessage] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    schools: list[School] = field(default_factory=list)
    school_levels: dict[int, list[str]] = field(default_factory=dict)
    join_codes: list[JoinCode] = field(default_factory=list)
    registration_failures: list[RegistrationFailure] = field(default_factory=list)
    tickets: list[Ticket] = field(default_factory=list)
    ids: itertools.count = field(default_factory=lambda: itertools.count(1))
    commits: int = 0

    def uow_factory(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)


class _Staged:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self._uow = uow
        self._db = uow.db

    def _stage(self, kind: str, row: object) -> None:
        if getattr(row, "id", 0) is None:
            row.id = next(self._db.ids)  # type: ignore[attr-defined]
        self._uow.staged.append((kind, row))

    def _visible(self, kind: str) -> list:
        return [*getattr(self._db, kind), *(row for k, row in self._uow.staged if k == kind)]


class FakeUpdates(_Staged):
    def mark_processed(self, platform: str, update_id: str, at: datetime | None = None) -> None:
        self._uow.staged.append(("processed", (platform, update_id)))

    async def is_processed(self, platform: str, update_id: str) -> bool:
        return (platform, update_id) in self._db.processed


class FakeOutbox(_Staged):
    def add(self, message: OutboxMessage) -> None:
        self._stage("outbox", message)


class FakeGroups(_Staged):
    async def get(self, platform: str, chat_id: str) -> Group | None:
        return next((g for g in self._visible("groups") if (g.platform, g.chat_id) == (platform, chat_id)), None)

    async def get_or_add(self, platform: str, chat_id: str, title: str, now: datetime) -> Group:
        group = await self.get(platform, chat_id)
        if group is None:
            group = Group(platform=platform, chat_id=chat_id, title=title, updated_at=now)
            self._stage("groups", group)
        return group

    def save(self, row: Group) -> None:
        if row not in self._visible("groups"):
            self._stage("groups", row)


class FakeMembers(_Staged):
    async def get(self, platform: str, user_id: str, *, include_removed: bool = False) -> Member | None:
        members = (m for m in self._visible("members") if include_removed or m.removed_at is None)
        return next((m for m in members if (m.platform, m.user_id) == (platform, user_id)), None)

    def add(self, member: Member) -> None:
        if member not in self._visible("members"):
            self._stage("members", member)


class FakeSchools(_Staged):
    async def get(self, school_id: int) -> School | None:
        return next((s for s in self._db.schools if s.id == school_id), None)

    async def levels_of(self, school_id: int) -> list[str]:
        return list(self._db.school_levels.get(school_id, []))

    async def class_list(self, school_id: int) -> list[str]:
        return []  # the fakes' schools have no exact class list: classes follow levels and count


class FakeJoinCodes(_Staged):
    async def by_code(self, code: str) -> JoinCode | None:
        return next((c for c in self._db.join_codes if c.code == code), None)


class FakeRegistrationFailures(_Staged):
    async def hold_user(self, platform: str, user_id: str) -> None:
        pass  # one process, no concurrent attempts to serialise

    def add(self, platform: str, user_id: str, at: datetime) -> None:
        self._stage("registration_failures", RegistrationFailure(platform=platform, user_id=user_id, at=at))

    async def count_since(self, platform: str, user_id: str, since: datetime) -> int:
        rows = self._visible("registration_failures")
        return sum(1 for r in rows if (r.platform, r.user_id) == (platform, user_id) and r.at >= since)


class FakeTickets(_Staged):
    async def count_since(self, platform: str, user_id: str, since: datetime) -> int:
        rows = self._visible("tickets")
        return sum(1 for t in rows if (t.platform, t.user_id) == (platform, user_id) and t.created_at > since)

    async def add(self, ticket: Ticket) -> Ticket:
        self._stage("tickets", ticket)
        return ticket


class FakeChoices(_Staged):
    """No remembered numbered choices: the tested platforms show buttons."""

    async def get(self, platform: str, chat_id: str) -> None:
        return None


class FakeCampaigns(_Staged):
    async def active_deadlines(self) -> dict:
        return {}


class FakeUnitOfWork:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.staged: list[tuple[str, object]] = []
        self.committed = False
        self.updates = FakeUpdates(self)
        self.outbox = FakeOutbox(self)
        self.groups = FakeGroups(self)
        self.members = FakeMembers(self)
        self.schools = FakeSchools(self)
        self.join_codes = FakeJoinCodes(self)
        self.registration_failures = FakeRegistrationFailures(self)
        self.tickets = FakeTickets(self)
        self.campaigns = FakeCampaigns(self)
        self.choices = FakeChoices(self)

    async def __aenter__(self) -> FakeUnitOfWork:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.staged.clear()  # leaving without commit() rolls back

    async def flush(self) -> None:
        pass

    async def commit(self) -> None:
        processed = [key for kind, key in self.staged if kind == "processed"]
        if any(key in self.db.processed for key in processed):
            raise Conflict("processed_updates (platform, update_id)")
        for kind, row in self.staged:
            if kind == "processed":
                self.db.processed.add(row)  # type: ignore[arg-type]
            else:
                getattr(self.db, kind).append(row)
        self.staged.clear()
        self.committed = True
        self.db.commits += 1


def add_school(db: FakeDatabase, school: School, levels: Iterable[str]) -> School:
    school.id = next(db.ids)
    db.schools.append(school)
    db.school_levels[school.id] = list(levels)
    return school
