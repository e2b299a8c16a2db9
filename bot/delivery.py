"""The sender: drains the outbox through each platform's channel, retrying what can be retried.

Delivery is at least once: a row is marked sent after the platform accepted it, so a crash in
between sends it again after the restart (a duplicate is better than a lost answer).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import timedelta

from bot.channels.base import ChannelSender, ChatMoved, RetryLater, Undeliverable
from handlers import texts
from handlers.core.context import Clock
from handlers.core.messages import ChatRef, Outgoing, Platform
from handlers.core.runner import to_outbox
from storage.models import OutboxMessage, OutboxStatus
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # network failures before a message is given up (flood waits do not count)
MAX_BACKOFF_SECONDS = 300

# Given a ticket's message that will never be delivered (ticket id, its chat, why), what to tell
# someone about it, if anything (the staff chat hears about an answer that did not arrive).
OnTicketFailure = Callable[[int, ChatRef, str], Outgoing | None]


def outbox_to_outgoing(row: OutboxMessage) -> Outgoing:
    buttons = tuple(json.loads(row.buttons)) if row.buttons else ()
    return Outgoing(
        chat=ChatRef(Platform(row.platform), row.chat_id),
        text=row.text,
        reply_to=row.reply_to,
        buttons=buttons,
        quote=row.quote,
        ticket_id=row.ticket_id,
        fallback_chat_id=row.fallback_chat_id,
    )


class OutboxSender:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        channels: Mapping[Platform, ChannelSender],
        clock: Clock,
        batch_size: int = 100,
        concurrency: int = 8,
        poll_seconds: float = 2.0,
        on_ticket_failure: OnTicketFailure | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._channels = channels  # shared: channels may register after the sender is built
        self._clock = clock
        self._batch_size = batch_size
        self._concurrency = asyncio.Semaphore(concurrency)
        self._poll_seconds = poll_seconds
        self._wake = asyncio.Event()
        self._on_ticket_failure = on_ticket_failure
        # One drain at a time in this process: the running sender and an explicit drain (the
        # console's, after each line) would otherwise both pick the same due row and send it twice.
        self._draining = asyncio.Lock()

    def wake(self) -> None:
        """New rows were committed: drain now instead of at the next poll."""
        self._wake.set()

    async def drain_once(self) -> int:
        """Send what is due now; returns how many rows were attempted."""
        async with self._draining:
            async with self._uow_factory() as uow:
                rows = await uow.outbox.due(self._clock.now(), self._batch_size, self._channels)
            by_chat: dict[tuple[str, str], list[OutboxMessage]] = defaultdict(list)
            for row in rows:
                by_chat[(row.platform, row.chat_id)].append(row)
            await asyncio.gather(*(self._send_chat(chat_rows) for chat_rows in by_chat.values()))
            return len(rows)

    async def drain(self) -> None:
        """Send until nothing is due now (used by the console and tests)."""
        while await self.drain_once():
            pass

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                attempted = await self.drain_once()
            except Exception:
                log.exception("draining the outbox failed; retrying shortly")
                attempted = 0
            if attempted:
                continue
            self._wake.clear()
            waits = [asyncio.create_task(self._wake.wait()), asyncio.create_task(stop.wait())]
            await asyncio.wait(waits, timeout=self._poll_seconds, return_when=asyncio.FIRST_COMPLETED)
            for task in waits:
                task.cancel()

    async def _send_chat(self, rows: Sequence[OutboxMessage]) -> None:
        # One chat's messages go in order; a chat that must wait holds its later messages back.
        async with self._concurrency:
            for row in rows:
                if not await self._deliver(row):
                    return

    async def _deliver(self, row: OutboxMessage) -> bool:
        channel = self._channels[Platform(row.platform)]
        try:
            message_id = await channel.send(outbox_to_outgoing(row))
        except RetryLater as exc:
            await self._record(row.id, retry=exc)
            return False
        except ChatMoved as moved:
            await self._readdress(row, moved.new_chat_id)
            return False
        except Undeliverable as exc:
            log.warning("outbox %s to %s:%s undeliverable: %s", row.id, row.platform, row.chat_id, exc)
            if row.fallback_chat_id and row.fallback_chat_id != row.chat_id:
                await self._fall_back(row.id)
            else:
                await self._record(row.id, failure=str(exc))
            return True
        except Exception as exc:  # an adapter bug must not stop the sender
            log.exception("outbox %s: unexpected error", row.id)
            await self._record(row.id, retry=RetryLater(repr(exc)))
            return False
        await self._record(row.id, sent_id=message_id)
        return True

    def _report_failure(self, uow: UnitOfWork, row: OutboxMessage) -> None:
        """A ticket's message given up: the notice is written with the failure, in one commit."""
        if row.ticket_id is None or self._on_ticket_failure is None:
            return
        notice = self._on_ticket_failure(row.ticket_id, ChatRef(Platform(row.platform), row.chat_id), row.last_error or "")
        if notice is not None:
            uow.outbox.add(to_outbox(notice, self._clock.now()))

    async def _fall_back(self, row_id: int) -> None:
        """The chat is gone (the bot left the group): send the message to its fallback chat,
        as a fresh message since the original question is not there."""
        async with self._uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None or row.fallback_chat_id is None:
                return
            row.chat_id, row.fallback_chat_id, row.reply_to = row.fallback_chat_id, None, None
            if row.quote:  # out of its thread, the message says which question it answers
                row.text = f"{texts.REPLY_QUOTE.format(quote=row.quote)}\n{row.text}"
            row.next_attempt_at = self._clock.now()
            uow.outbox.save(row)
            if row.status == OutboxStatus.FAILED:
                self._report_failure(uow, row)
            await uow.commit()

    async def _readdress(self, row: OutboxMessage, new_chat_id: str) -> None:
        """Send this chat's waiting messages to its new id, at once."""
        log.info("chat %s:%s moved to %s", row.platform, row.chat_id, new_chat_id)
        async with self._uow_factory() as uow:
            await uow.outbox.readdress_chat(row.platform, row.chat_id, new_chat_id)
            await uow.commit()

    async def _record(
        self,
        row_id: int,
        *,
        sent_id: str | None = None,
        retry: RetryLater | None = None,
        failure: str | None = None,
    ) -> None:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            row = await uow.outbox.get(row_id)
            if row is None:
                return
            if retry is not None:
                if retry.retry_after is None:
                    row.attempts += 1
                delay = retry.retry_after if retry.retry_after is not None else min(2**row.attempts, MAX_BACKOFF_SECONDS)
                row.next_attempt_at = now + timedelta(seconds=delay)
                row.last_error = str(retry)[:500]
                await uow.outbox.postpone_later_in_chat(row, row.next_attempt_at)
                if row.attempts >= MAX_ATTEMPTS:
                    row.status = OutboxStatus.FAILED
                    log.warning("outbox %s given up after %s attempts: %s", row.id, row.attempts, retry)
            elif failure is not None:
                row.attempts += 1
                row.status = OutboxStatus.FAILED
                row.last_error = failure[:500]
            else:
                row.attempts += 1
                row.status = OutboxStatus.SENT
                row.sent_at = now
                row.sent_message_id = sent_id
            uow.outbox.save(row)
            if row.status == OutboxStatus.FAILED:
                self._report_failure(uow, row)
            await uow.commit()
