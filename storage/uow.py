"""Unit of work: one session and its repositories for one use-case call.

`UnitOfWork` is the protocol use cases are written against; `SqlModelUnitOfWork` is the database
one, and tests/fakes.py has an in-memory one. Leaving `async with` without `commit()` rolls back.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Protocol, Self

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.errors import Conflict
from storage.progress import ProgressRepository
from storage.repositories import (
    CampaignRepository,
    ChoiceRepository,
    DistrictRepository,
    FaqAdditionRepository,
    GroupRepository,
    JoinCodeRepository,
    MemberRepository,
    OutboxRepository,
    RegistrationFailureRepository,
    ReportRepository,
    SchoolRepository,
    TicketRepository,
    UpdateRepository,
    UsageRepository,
)


class UnitOfWork(Protocol):
    updates: UpdateRepository
    outbox: OutboxRepository
    groups: GroupRepository
    members: MemberRepository
    schools: SchoolRepository
    districts: DistrictRepository
    campaigns: CampaignRepository
    tickets: TicketRepository
    faq_additions: FaqAdditionRepository
    join_codes: JoinCodeRepository
    registration_failures: RegistrationFailureRepository
    reports: ReportRepository
    progress: ProgressRepository
    choices: ChoiceRepository
    usage: UsageRepository

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None: ...

    async def commit(self) -> None:
        """Make the writes durable; raises `Conflict` when another transaction took a unique key."""
        ...

    async def flush(self) -> None: ...


class SqlModelUnitOfWork:
    session: AsyncSession

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> SqlModelUnitOfWork:
        self.session = self._session_factory()
        self.updates = UpdateRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.members = MemberRepository(self.session)
        self.schools = SchoolRepository(self.session)
        self.districts = DistrictRepository(self.session)
        self.campaigns = CampaignRepository(self.session)
        self.tickets = TicketRepository(self.session)
        self.faq_additions = FaqAdditionRepository(self.session)
        self.join_codes = JoinCodeRepository(self.session)
        self.registration_failures = RegistrationFailureRepository(self.session)
        self.reports = ReportRepository(self.session)
        self.progress = ProgressRepository(self.session)
        self.choices = ChoiceRepository(self.session)
        self.usage = UsageRepository(self.session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back what was not committed and detaches rows without expiring them,
        # so results stay readable after the unit of work ends.
        await self.session.close()
        if isinstance(exc, IntegrityError):
            # A collision found by an automatic flush inside the use case, not at commit.
            raise Conflict(str(exc.orig)) from exc

    async def commit(self) -> None:
        try:
            await self.session.commit()
        except IntegrityError as error:
            raise Conflict(str(error.orig)) from error

    async def flush(self) -> None:
        try:
            await self.session.flush()
        except IntegrityError as error:
            raise Conflict(str(error.orig)) from error


UnitOfWorkFactory = Callable[[], UnitOfWork]
