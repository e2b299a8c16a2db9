"""Run a piece of work exactly once under a key: the key's mark, the work's writes and its
outgoing messages commit in one transaction.

A key found marked means the work was done before: nothing happens. A crash before the commit
leaves nothing behind, so the next run does the work in full. Incoming updates use the
platform's update id as their key; scheduled jobs (a reminder, a re-announcement) use their own.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from handlers.core.context import Clock
from handlers.core.messages import Outgoing
from handlers.core.personal_data import mask_citizen_ids
from storage.errors import Conflict, is_conflict
from storage.models import OutboxMessage
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Runs of one piece of work whose writes collide with a concurrent one's (unique constraints).
ATTEMPTS = 3
JOB_SOURCE = "job"  # the key space of scheduled work, beside the platforms' update ids

Work = Callable[[UnitOfWork], Awaitable[Sequence[Outgoing]]]


@dataclass(frozen=True)
class WorkKey:
    """What makes a piece of work recognisable: a platform and its update id, or a job's name."""

    source: str
    key: str

    @classmethod
    def job(cls, key: str) -> WorkKey:
        return cls(JOB_SOURCE, key)

    def __str__(self) -> str:
        return f"{self.source}:{self.key}"


def to_outbox(message: Outgoing, now: datetime) -> OutboxMessage:
    return OutboxMessage(
        created_at=now,
        next_attempt_at=now,
        platform=message.chat.platform,
        chat_id=message.chat.chat_id,
        # What is stored never keeps an ID number, whoever's words a message carries.
        text=mask_citizen_ids(message.text),
        reply_to=message.reply_to,
        quote=mask_citizen_ids(message.quote),
        buttons=json.dumps(list(message.buttons), ensure_ascii=False) if message.buttons else "",
        ticket_id=message.ticket_id,
        fallback_chat_id=message.fallback_chat_id,
    )


class ExactlyOnceRunner:
    def __init__(self, *, uow_factory: UnitOfWorkFactory, clock: Clock, wake: Callable[[], None] = lambda: None) -> None:
        self._uow_factory = uow_factory
        self._clock = clock
        # Tells the sender that new rows are committed (set once the sender exists).
        self.wake = wake

    async def run(self, key: WorkKey, work: Work) -> list[Outgoing] | None:
        """The messages queued, or None when this key's work was done before.

        A collision with a concurrent transaction runs the work again (it then sees the other's
        writes); any other error, or collisions past ATTEMPTS, propagate with nothing written.
        """
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._run_once(key, work)
            except Exception as error:
                if not is_conflict(error):
                    raise
                if await self.is_done(key):
                    log.info("%s already done", key)
                    return None
                if attempt == ATTEMPTS:
                    raise Conflict(str(error)) from error
        raise AssertionError("unreachable")  # pragma: no cover

    async def is_done(self, key: WorkKey) -> bool:
        async with self._uow_factory() as uow:
            return await uow.updates.is_processed(key.source, key.key)

    async def _run_once(self, key: WorkKey, work: Work) -> list[Outgoing] | None:
        async with self._uow_factory() as uow:
            if await uow.updates.is_processed(key.source, key.key):
                return None
            uow.updates.mark_processed(key.source, key.key, self._clock.now())
            outgoing = list(await work(uow))
            now = self._clock.now()
            for message in outgoing:
                uow.outbox.add(to_outbox(message, now))
            await uow.commit()
        if outgoing:
            self.wake()
        return outgoing
