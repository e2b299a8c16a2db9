"""The outbox sender: order per chat, retries with backoff, flood waits, failures."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.delivery import MAX_ATTEMPTS, OutboxSender, RetryLater, Undeliverable
from handlers.core.messages import ChatRef, Outgoing, Platform
from handlers.core.runner import to_outbox


class ScriptedChannel:
    """Records what it sends; raises the scripted errors first."""

    platform = Platform.TELEGRAM

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.sent: list[Outgoing] = []

    async def send(self, message: Outgoing) -> str | None:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append(message)
        return str(len(self.sent))


async def queue(uow_factory, clock, *messages: Outgoing) -> None:
    async with uow_factory() as uow:
        for message in messages:
            uow.outbox.add(to_outbox(message, clock.now()))
        await uow.commit()


def message(text: str, chat: str = "-1") -> Outgoing:
    return Outgoing(chat=ChatRef(Platform.TELEGRAM, chat), text=text, reply_to="5", buttons=("Có", "Không"))


async def statuses(uow_factory) -> dict[str, int]:
    async with uow_factory() as uow:
        return await uow.outbox.count_by_status()


async def test_messages_are_sent_in_order_and_marked_sent(uow_factory, clock):
    channel = ScriptedChannel()
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock)
    await queue(uow_factory, clock, message("một"), message("hai"), message("ba", chat="-2"))
    await sender.drain()
    assert [m.text for m in channel.sent if m.chat.chat_id == "-1"] == ["một", "hai"]
    assert channel.sent[0] == message("một")
    assert await statuses(uow_factory) == {"sent": 3}


async def test_a_flood_wait_holds_the_chat_back_until_it_has_passed(uow_factory, clock):
    channel = ScriptedChannel(RetryLater("flood", retry_after=30))
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock)
    await queue(uow_factory, clock, message("một"), message("hai"))
    await sender.drain()
    assert channel.sent == []
    clock.advance(seconds=29)
    await sender.drain()
    assert channel.sent == []
    clock.advance(seconds=1)
    await sender.drain()
    assert [m.text for m in channel.sent] == ["một", "hai"]


async def test_network_errors_back_off_and_finally_give_up(uow_factory, clock):
    channel = ScriptedChannel(*[RetryLater("network down")] * MAX_ATTEMPTS)
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock)
    await queue(uow_factory, clock, message("một"))
    for _ in range(MAX_ATTEMPTS):
        await sender.drain()
        clock.advance(seconds=300)
    assert channel.sent == []
    assert await statuses(uow_factory) == {"failed": 1}


async def test_a_network_error_is_retried_after_the_backoff(uow_factory, clock):
    channel = ScriptedChannel(RetryLater("timeout"))
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock)
    await queue(uow_factory, clock, message("một"))
    await sender.drain()
    clock.advance(seconds=2)
    await sender.drain()
    assert [m.text for m in channel.sent] == ["một"]


async def test_an_undeliverable_message_is_marked_failed_and_the_next_one_still_goes(uow_factory, clock):
    channel = ScriptedChannel(Undeliverable("bot was blocked by the user"))
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock)
    await queue(uow_factory, clock, message("một"), message("hai"))
    await sender.drain()
    assert [m.text for m in channel.sent] == ["hai"]
    assert await statuses(uow_factory) == {"failed": 1, "sent": 1}


async def test_messages_for_a_platform_without_a_channel_wait(uow_factory, clock):
    sender = OutboxSender(uow_factory=uow_factory, channels={}, clock=clock)
    await queue(uow_factory, clock, message("một"))
    assert await sender.drain_once() == 0
    assert await statuses(uow_factory) == {"pending": 1}


async def test_a_message_queued_during_a_flood_wait_does_not_overtake_the_waiting_one(uow_factory, clock):
    channel = ScriptedChannel(RetryLater("flood", retry_after=30))
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock)
    await queue(uow_factory, clock, message("một"))
    await sender.drain()
    await queue(uow_factory, clock, message("hai"))  # queued while "một" waits, due at once
    await sender.drain()
    assert channel.sent == []
    clock.advance(seconds=30)
    await sender.drain()
    assert [m.text for m in channel.sent] == ["một", "hai"]


async def test_a_chat_that_must_wait_does_not_hold_other_chats_back(uow_factory, clock):
    channel = ScriptedChannel(RetryLater("flood", retry_after=60))
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock, batch_size=5, per_chat=2)
    await queue(uow_factory, clock, *[message(f"nhóm {n}", chat="-1") for n in range(20)])
    await queue(uow_factory, clock, *[message(f"riêng {n}", chat=str(n)) for n in range(1, 6)])
    await sender.drain()
    assert sorted(m.text for m in channel.sent) == sorted(f"riêng {n}" for n in range(1, 6))


class SlowChannel:
    """Accepts every message after yielding to the event loop, so two senders interleave."""

    platform = Platform.TELEGRAM

    def __init__(self, log: list[tuple[str, str]], name: str) -> None:
        self.log = log
        self.name = name

    async def send(self, message: Outgoing) -> str | None:
        await asyncio.sleep(0)
        self.log.append((message.chat.chat_id, message.text))
        return self.name


async def test_two_senders_on_one_database_never_send_a_row_twice_nor_out_of_order(uow_factory, clock):
    # Each sender's claims run in their own transactions; on PostgreSQL they really overlap.
    await queue(uow_factory, clock, *[message(f"{chat}:{n:03d}", chat=str(chat)) for n in range(30) for chat in range(10)])
    log: list[tuple[str, str]] = []
    senders = [
        OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: SlowChannel(log, name)}, clock=clock,
                     owner=name, batch_size=25, per_chat=5)
        for name in ("a", "b")
    ]
    await asyncio.gather(*(sender.drain() for sender in senders))
    await asyncio.gather(*(sender.drain() for sender in senders))
    texts_sent = [text for _, text in log]
    assert len(texts_sent) == 300 and len(set(texts_sent)) == 300
    for chat in range(10):
        mine = [text for chat_id, text in log if chat_id == str(chat)]
        assert mine == sorted(mine)
    assert await statuses(uow_factory) == {"sent": 300}


async def test_a_row_still_held_by_this_sender_but_not_queued_holds_its_chat_back(uow_factory, clock):
    # The moment a chat's worker gives its rows back after a flood wait: they are still leased
    # to this sender in the database, yet no longer queued; a later row must not pass them.
    channel = ScriptedChannel()
    sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel}, clock=clock, owner="me")
    await queue(uow_factory, clock, message("một"), message("hai"))
    async with uow_factory() as uow:
        first = await uow.outbox.get(1)
        first.lease_owner, first.lease_until = "me", clock.now() + timedelta(seconds=30)
        uow.outbox.save(first)
        await uow.commit()
    await sender.drain()
    assert channel.sent == []
    clock.advance(seconds=31)
    await sender.drain()
    assert [m.text for m in channel.sent] == ["một", "hai"]
