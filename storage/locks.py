"""The scheduler lock: on PostgreSQL one process of many schedules reminders.

A session-level advisory lock lives as long as the connection that took it, so a process that
dies releases it with its connection and another process can take over. The same happens to a
live process in a database outage or restart: its connection dies and the lock with it, so the
holder checks now and then (`check`) that its connection still answers. SQLite serves one bot
process (a file on one machine), so there the lock is always granted.
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import suppress

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

# An arbitrary 64-bit number naming "the reminder scheduler" among this database's advisory locks.
SCHEDULER_LOCK_ID = 7_236_110_031_205
# How long the lock's connection may take to answer a check before the lock counts as lost.
CHECK_TIMEOUT_SECONDS = 10.0

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

    async def check(self) -> bool:
        """Whether the lock is still held. On PostgreSQL the lock's connection must answer: one
        that died (an outage, a server restart, a terminated session) took the lock with it. A
        lost lock is let go of here, so that `try_acquire` can take it again later."""
        connection = self._connection
        if connection is None:
            return self.held  # SQLite: held once granted; PostgreSQL: never taken
        try:
            await asyncio.wait_for(self._ping(connection), CHECK_TIMEOUT_SECONDS)
        except Exception as error:  # noqa: BLE001 - any failure means the session is gone or unusable
            log.warning("advisory lock: its connection no longer answers (%s); the lock is lost", error or type(error).__name__)
            await self._drop(connection)
            return False
        return True

    @staticmethod
    async def _ping(connection: AsyncConnection) -> None:
        await connection.execute(text("SELECT 1"))
        await connection.commit()

    async def _drop(self, connection: AsyncConnection) -> None:
        """Forget a dead connection without waiting on the network: invalidate closes it at once."""
        if self._connection is connection:
            self._connection = None
            self.held = False
        with suppress(Exception):
            await connection.invalidate()
        with suppress(Exception):
            await connection.close()

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
