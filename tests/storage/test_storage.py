"""The migrations, the unit of work and the UTC column on the real database of this lane."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from storage.models import OutboxMessage


async def test_migrations_build_exactly_the_schema_the_models_describe(engine):
    def diff(connection):
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_leaving_a_unit_of_work_without_commit_rolls_back(uow_factory):
    async with uow_factory() as uow:
        uow.groups.session.add(OutboxMessage(platform="telegram", chat_id="1", text="nháp"))
        await uow.flush()
    async with uow_factory() as uow:
        assert await uow.outbox.count_by_status() == {}


async def test_times_come_back_aware_in_utc(uow_factory):
    hanoi = timezone(timedelta(hours=7))
    written = datetime(2023, 6, 8, 17, 0, tzinfo=hanoi)
    async with uow_factory() as uow:
        row = OutboxMessage(platform="telegram", chat_id="1", text="x", next_attempt_at=written)
        uow.outbox.add(row)
        await uow.commit()
        row_id = row.id
    async with uow_factory() as uow:
        stored = await uow.outbox.get(row_id)
    assert stored is not None
    assert stored.next_attempt_at == written
    assert stored.next_attempt_at.tzinfo == UTC
