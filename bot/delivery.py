"""The sender: drains the outbox through each platform's channel, retrying what can be retried.

Delivery is at least once: a row is marked sent after the platform accepted it, so a crash in
between sends it again after the restart (a duplicate is better than a lost answer).

Several processes may share one database: rows are leased before they are sent (on PostgreSQL
with FOR UPDATE SKIP LOCKED), so no row is sent by two of them. Within a process every chat has
its own queue and worker, so a chat waiting for a flood wait or a group's per-minute limit never
delays another chat; a chat's later messages never overtake an earlier one that waits for a
retry (the claim only takes a chat's rows from its earliest pending one). The platform's own
global budget (PTB's rate limiter for Telegram) spaces the sends of all chats together.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import socket
import uuid
from collections import deque
from collections.abc import Callable, Mapping
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
CLAIM_ROUNDS = 5  # claims in a row that may skip chats found held back, before waiting

Chat = tuple[str, str]


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


def process_owner() -> str:
    """A name no other sender process has, for the leases it takes."""
    return f"{socket.gethostname()[:48]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


class OutboxSender:
    def __init__(
        self,
        *,
        uow_factory: UnitOfWorkFactory,
        channels: Mapping[Platform, ChannelSender],
        clock: Clock,
        owner: str | None = None,
        batch_size: int = 100,
        per_chat: int = 10,
        max_in_flight: int = 500,
        concurrency: int = 32,
        lease_seconds: float = 30.0,
        poll_seconds: float = 2.0,
        stop_grace_seconds: float = 5.0,
        on_ticket_failure: OnTicketFailure | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._channels = channels  # shared: channels may register after the sender is built
        self._clock = clock
        self.owner = owner or process_owner()
        self._batch_size = batch_size
        self._per_chat = per_chat  # bounds how long one chat holds its lease and the memory
        self._max_in_flight = max_in_flight
        self._sending = asyncio.Semaphore(concurrency)
        self._lease = timedelta(seconds=lease_seconds)
        self._poll_seconds = poll_seconds
        self._stop_grace = stop_grace_seconds
        self._wake = asyncio.Event()
        self._worker_done = asyncio.Event()
        self._queues: dict[Chat, deque[OutboxMessage]] = {}
        self._workers: dict[Chat, asyncio.Task[None]] = {}
        self._held = 0  # rows leased and not yet done with: memory stays bounded by max_in_flight
        self._stopping = False
        self._renewed_at = clock.now()
        self._on_ticket_failure = on_ticket_failure

    def wake(self) -> None:
        """New rows were committed: claim now instead of at the next poll."""
        self._wake.set()

    async def drain_once(self) -> int:
        """Claim what is due now and send it; returns how many rows were claimed."""
        claimed = await self._claim_rounds()
        await self._workers_idle()
        return claimed

    async def drain(self) -> None:
        """Send until nothing is due now (used by the console and tests)."""
        while await self.drain_once():
            pass

    async def run(self, stop: asyncio.Event) -> None:
        """Claim and send until `stop`; then finish what is in flight within the grace period and
        give the rest back to the database for the next start."""
        await self._release_left_by_earlier_runs()
        while not stop.is_set():
            try:
                await self._renew_leases()
                claimed = await self._claim_rounds()
            except Exception as error:  # the database is down: retry, the rows stay in it
                log.warning("Không đọc được hàng đợi tin gửi đi (sẽ thử lại): %s", error)
                claimed = 0
            if claimed and self._held < self._max_in_flight:
                continue
            self._wake.clear()
            self._worker_done.clear()
            waits = [asyncio.create_task(event.wait()) for event in (self._wake, stop, self._worker_done)]
            timeout = min(self._poll_seconds, self._lease.total_seconds() / 3)
            await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
            for task in waits:
                task.cancel()
        await self._finish()

    async def _release_left_by_earlier_runs(self) -> None:
        try:
            async with self._uow_factory() as uow:
                await uow.outbox.release_left_by_earlier_runs()
                await uow.commit()
        except Exception as error:  # the leases run out by themselves
            log.warning("Không trả lại được tin còn giữ từ lần chạy trước: %s", error)

    async def _renew_leases(self) -> None:
        """Every third of a lease, extend the leases of the rows this process still holds."""
        now = self._clock.now()
        if not self._held or now - self._renewed_at < self._lease / 3:
            return
        until = now + self._lease
        held = [row.id for queue in self._queues.values() for row in queue if row.id is not None]
        async with self._uow_factory() as uow:
            await uow.outbox.renew(self.owner, held, until)
            await uow.commit()
        self._renewed_at = now
        for queue in self._queues.values():
            for row in queue:
                row.lease_until = until

    async def _finish(self) -> None:
        self._stopping = True
        workers = list(self._workers.values())
        if not workers:
            return
        _, late = await asyncio.wait(workers, timeout=self._stop_grace)
        for task in late:  # a send still waiting: its row is given back and sent after the restart
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)

    async def _workers_idle(self) -> None:
        while self._workers:
            await asyncio.gather(*list(self._workers.values()), return_exceptions=True)

    async def _claim_rounds(self) -> int:
        """Claim until nothing more is due; chats found held back are skipped for this turn."""
        total, blocked = 0, set[Chat]()
        for _ in range(CLAIM_ROUNDS):
            claimed, newly_blocked = await self._claim(blocked)
            total += claimed
            if not claimed and not newly_blocked - blocked:
                break
            blocked |= newly_blocked
            if self._held >= self._max_in_flight:
                break
        return total

    async def _claim(self, blocked: set[Chat]) -> tuple[int, set[Chat]]:
        room = self._max_in_flight - self._held
        if room <= 0 or not self._channels:
            return 0, set()
        now = self._clock.now()
        async with self._uow_factory() as uow:
            claim = await uow.outbox.claim(
                owner=self.owner,
                now=now,
                until=now + self._lease,
                limit=min(self._batch_size, room),
                platforms=list(self._channels),
                per_chat=self._per_chat,
                skip_chats=set(self._queues) | blocked,
            )
            await uow.commit()
        for row in claim.rows:
            self._enqueue(row)
        return len(claim.rows), claim.blocked

    def _enqueue(self, row: OutboxMessage) -> None:
        chat = (row.platform, row.chat_id)
        self._queues.setdefault(chat, deque()).append(row)
        self._held += 1
        if chat not in self._workers:
            self._workers[chat] = asyncio.create_task(self._work_chat(chat), name=f"outbox {chat[0]}:{chat[1]}")

    async def _work_chat(self, chat: Chat) -> None:
        """Send one chat's rows in order; stop at the first that must wait."""
        queue = self._queues[chat]
        try:
            while queue and not self._stopping:
                row = queue[0]
                if row.lease_until is None or row.lease_until <= self._clock.now():
                    break  # the lease ran out: another process may have the row now
                async with self._sending:
                    keep_going = await self._deliver(row)
                queue.popleft()
                self._held -= 1
                if not keep_going:
                    break
        except Exception as error:  # the database went away mid-send: the lease runs out, rows stay
            log.warning("Gửi tin cho %s:%s bị gián đoạn (sẽ thử lại): %s", chat[0], chat[1], error)
        finally:
            leftover = [row.id for row in queue if row.id is not None]
            self._held -= len(queue)
            queue.clear()
            del self._queues[chat]
            del self._workers[chat]
            self._worker_done.set()
            if leftover:
                await self._release(leftover)

    async def _release(self, row_ids: list[int]) -> None:
        try:
            async with self._uow_factory() as uow:
                await uow.outbox.release(self.owner, row_ids)
                await uow.commit()
        except Exception as error:  # the leases run out by themselves
            log.warning("Không trả lại được %s tin đang giữ (sẽ tự hết hạn): %s", len(row_ids), error)

    async def _deliver(self, row: OutboxMessage) -> bool:
        """Send one row and record the outcome; False when the chat's later rows must wait."""
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
                await self._fall_back(row.id)  # type: ignore[arg-type]
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
            row.lease_owner, row.lease_until = None, None
            row.next_attempt_at = self._clock.now()
            uow.outbox.save(row)
            await uow.commit()
        self.wake()

    async def _readdress(self, row: OutboxMessage, new_chat_id: str) -> None:
        """Send this chat's waiting messages to its new id, at once."""
        log.info("chat %s:%s moved to %s", row.platform, row.chat_id, new_chat_id)
        async with self._uow_factory() as uow:
            await uow.outbox.readdress_chat(row.platform, row.chat_id, new_chat_id)
            await uow.commit()
        self.wake()

    async def _record(
        self,
        row_id: int | None,
        *,
        sent_id: str | None = None,
        retry: RetryLater | None = None,
        failure: str | None = None,
    ) -> None:
        now = self._clock.now()
        async with self._uow_factory() as uow:
            row = await uow.outbox.get(row_id) if row_id is not None else None
            if row is None:
                return
            row.lease_owner, row.lease_until = None, None
            if retry is not None:
                if retry.retry_after is None:
                    row.attempts += 1
                delay = retry.retry_after if retry.retry_after is not None else min(2**row.attempts, MAX_BACKOFF_SECONDS)
                # The chat's later rows wait too: a claim never passes a chat's earliest pending row.
                row.next_attempt_at = now + timedelta(seconds=delay)
                row.last_error = str(retry)[:500]
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
