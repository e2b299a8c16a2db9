"""Nothing personal lingers: processed-update marks and sent or given-up messages are forgotten
after the retention period (RETENTION_DAYS, 30 by default), by a daily job of the scheduler.

Platforms redeliver an update for a day at most, so an old mark guards nothing; the marks of
scheduled jobs are kept, as they say a reminder went out. Outbox texts may quote what people
wrote, so they go once delivered and old enough.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers.core.runner import JOB_SOURCE
from storage.uow import UnitOfWorkFactory


@dataclass(frozen=True)
class Pruned:
    updates: int
    messages: int


async def prune_expired(uow_factory: UnitOfWorkFactory, now: datetime, retention: timedelta) -> Pruned:
    before = now - retention
    async with uow_factory() as uow:
        updates = await uow.updates.prune(before, keep_sources=[JOB_SOURCE])
        messages = await uow.outbox.prune(before)
        await uow.commit()
    return Pruned(updates=updates, messages=messages)
