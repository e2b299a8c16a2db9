"""Handle one incoming update exactly once.

The processed-update mark, the handler's writes and its outgoing messages commit in one
transaction: a redelivered update finds its mark and does nothing; a crash before the commit
leaves nothing behind, so the redelivery is handled in full.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError

from handlers import texts
from handlers.core.context import Clock, Context, CoreConfig
from handlers.core.dispatcher import Dispatcher
from handlers.core.messages import Incoming, Outgoing
from storage.models import OutboxMessage
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# Longer messages are cut before matching; nobody types a procedure question this long.
MAX_TEXT_CHARS = 4000
# Runs of one update when its writes collide with a concurrent update's (unique constraints).
ATTEMPTS = 3
_SPACES = re.compile(r"[ \t]+")


def clean_text(text: str) -> str:
    """NFC, no control characters (newlines kept), trimmed, bounded."""
    text = unicodedata.normalize("NFC", text[: MAX_TEXT_CHARS * 2])
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return _SPACES.sub(" ", text).strip()[:MAX_TEXT_CHARS]


def to_outbox(message: Outgoing, now: datetime) -> OutboxMessage:
    return OutboxMessage(
        created_at=now,
        next_attempt_at=now,
        platform=message.chat.platform,
        chat_id=message.chat.chat_id,
        text=message.text,
        reply_to=message.reply_to,
        buttons=json.dumps(list(message.buttons), ensure_ascii=False) if message.buttons else "",
    )


class Inbox:
    def __init__(
        self, *, uow_factory: UnitOfWorkFactory, dispatcher: Dispatcher, clock: Clock, config: CoreConfig
    ) -> None:
        self._uow_factory = uow_factory
        self._dispatcher = dispatcher
        self._clock = clock
        self._config = config

    async def handle(self, incoming: Incoming) -> list[Outgoing] | None:
        """The messages queued for sending, or None when this update was handled before."""
        incoming = replace(incoming, text=clean_text(incoming.text))
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return await self._handle_once(incoming)
            except IntegrityError:
                # Either a concurrent delivery of this update committed first, or a concurrent
                # message wrote the same row (two teachers reporting one class): then run again,
                # and the handler sees the other's write.
                if await self._already_handled(incoming):
                    log.info("update %s:%s already handled", incoming.platform, incoming.update_id)
                    return None
                if attempt == ATTEMPTS:
                    log.exception("update %s:%s kept conflicting", incoming.platform, incoming.update_id)
            except Exception:
                log.exception("handling update %s:%s failed", incoming.platform, incoming.update_id)
                break
        return await self._apologise(incoming)

    async def _already_handled(self, incoming: Incoming) -> bool:
        async with self._uow_factory() as uow:
            return await uow.updates.is_processed(incoming.platform, incoming.update_id)

    async def _handle_once(self, incoming: Incoming) -> list[Outgoing] | None:
        async with self._uow_factory() as uow:
            if await uow.updates.is_processed(incoming.platform, incoming.update_id):
                return None
            uow.updates.mark_processed(incoming.platform, incoming.update_id)
            ctx = await self._context(incoming, uow)
            outgoing = await self._dispatcher.dispatch(ctx)
            self._queue(uow, outgoing)
            await uow.commit()
            return outgoing

    async def _apologise(self, incoming: Incoming) -> list[Outgoing] | None:
        """The handler failed: mark the update so it does not fail again, and say sorry."""
        apology = [Outgoing(chat=incoming.chat, text=texts.INTERNAL_ERROR, reply_to=incoming.message_id)]
        try:
            async with self._uow_factory() as uow:
                uow.updates.mark_processed(incoming.platform, incoming.update_id)
                self._queue(uow, apology)
                await uow.commit()
        except IntegrityError:
            return None
        return apology

    async def _context(self, incoming: Incoming, uow: UnitOfWork) -> Context:
        group = None
        if incoming.in_group:
            group = await uow.groups.get_or_add(incoming.platform, incoming.chat.chat_id, incoming.chat_title)
        member = await uow.members.get(incoming.sender.platform, incoming.sender.user_id)
        return Context(incoming=incoming, uow=uow, clock=self._clock, config=self._config, member=member, group=group)

    def _queue(self, uow: UnitOfWork, outgoing: list[Outgoing]) -> None:
        now = self._clock.now()
        for message in outgoing:
            uow.outbox.add(to_outbox(message, now))
