"""Unit of work: one session and its repositories for one use-case call."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.repositories import (
    CampaignRepository,
    DistrictRepository,
    GroupRepository,
    JoinCodeRepository,
    MemberRepository,
    OutboxRepository,
    RegistrationFailureRepository,
    ReportRepository,
    SchoolRepository,
    TicketRepository,
    UpdateRepository,
)


class UnitOfWork:
    """`async with uow:` opens a session; leaving without `commit()` rolls back."""

    session: AsyncSession

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self._session_factory = session_factory

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._session_factory()
        self.updates = UpdateRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.groups = GroupRepository(self.session)
        self.members = MemberRepository(self.session)
        self.schools = SchoolRepository(self.session)
        self.districts = DistrictRepository(self.session)
        self.campaigns = CampaignRepository(self.session)
        self.tickets = TicketRepository(self.session)
        self.join_codes = JoinCodeRepository(self.session)
        self.registration_failures = RegistrationFailureRepository(self.session)
        self.reports = ReportRepository(self.session)
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # close() rolls back what was not committed and detaches rows without expiring them,
        # so results stay readable after the unit of work ends.
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()

    async def flush(self) -> None:
        await self.session.flush()


UnitOfWorkFactory = Callable[[], UnitOfWork]
