"""The scheduler lock: on PostgreSQL one process of many schedules reminders.

A session-level advisory lock lives as long as the connection that took it, so a process that
dies releases it with its connection and another process can take over. SQLite serves one bot
process (a file on one machine), so there the lock is always granted.
"""

from __future__ import annotations

import logging
from contextlib import suppress

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# An arbitrary 64-bit number naming "the reminder scheduler" among this database's advisory locks.
SCHEDULER_LOCK_ID = 7_236_110_031_205

log = logging.getLogger(__name__)


class SchedulerLock:
    def __init__(self, engine: AsyncEngine, lock_id: int = SCHEDULER_LOCK_ID) -> None:
        self._engine = engine
        self._lock_id = lock_id
        self._connection: AsyncConnection | None = None
        self.held = False

    async def try_acquire(self) -> bool:
        if self._engine.dialect.name != "postgresql":
            self.held = True
            return True
        if self._connection is not None:
            return True
        connection = await self._engine.connect()
        try:
            granted = bool((await connection.execute(text("SELECT pg_try_advisory_lock(:id)"), {"id": self._lock_id})).scalar())
            await connection.commit()  # the lock is the session's; no transaction stays open
        except BaseException:
            await connection.close()
            raise
        if not granted:
            await connection.close()
            return False
        self._connection = connection
        self.held = True
        return True

    async def release(self) -> None:
        self.held = False
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            await connection.execute(text("SELECT pg_advisory_unlock(:id)"), {"id": self._lock_id})
            await connection.commit()
        except Exception as error:  # noqa: BLE001 - a lost connection has released the lock already
            log.warning("advisory lock: the connection was lost before unlocking (%s); the server freed it", error)
        finally:
            with suppress(Exception):
                await connection.close()
