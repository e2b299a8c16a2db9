"""Exactly-once handling: the processed mark, the writes and the outbox commit together."""

from __future__ import annotations

import asyncio

from sqlmodel import select

from handlers import texts
from handlers.core.dispatcher import Command, Dispatcher
from handlers.core.inbox import Inbox
from storage.models import OutboxMessage, ProcessedUpdate
from tests.conftest import ADMIN, default_dispatcher, make_incoming


def make_inbox(uow_factory, clock, config, dispatcher=None) -> Inbox:
    return Inbox(uow_factory=uow_factory, dispatcher=dispatcher or default_dispatcher(), clock=clock, config=config)


async def outbox_rows(uow_factory) -> list[OutboxMessage]:
    async with uow_factory() as uow:
        return list((await uow.session.exec(select(OutboxMessage).order_by(OutboxMessage.id))).all())


async def test_the_same_update_delivered_twice_is_handled_once(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    update = make_incoming("/help", update_id="telegram-42")
    first = await inbox.handle(update)
    second = await inbox.handle(update)
    assert first and len(first) == 1
    assert second is None
    assert len(await outbox_rows(uow_factory)) == 1


async def test_concurrent_deliveries_of_one_update_write_one_reply(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    update = make_incoming("/nhom THCS", sender=ADMIN, update_id="dup-7")
    results = await asyncio.gather(*(inbox.handle(update) for _ in range(4)))
    assert sum(1 for result in results if result) == 1
    assert len(await outbox_rows(uow_factory)) == 1


async def test_the_reply_is_queued_for_the_chat_and_threads_under_the_question(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    await inbox.handle(make_incoming("/start", message_id="99", chat_id="-1009"))
    [row] = await outbox_rows(uow_factory)
    assert (row.platform, row.chat_id, row.reply_to, row.status) == ("telegram", "-1009", "99", "pending")


async def test_a_failing_handler_writes_nothing_but_an_apology_and_is_not_retried(uow_factory, clock, config):
    async def broken(ctx, args):
        await uow_factory_write(ctx)
        raise RuntimeError("bug")

    async def uow_factory_write(ctx):
        ctx.uow.outbox.add(OutboxMessage(platform="telegram", chat_id="x", text="half-done"))
        await ctx.uow.flush()

    inbox = make_inbox(uow_factory, clock, config, Dispatcher([Command("hong", broken, "")]))
    update = make_incoming("/hong", update_id="boom")
    [apology] = await inbox.handle(update)
    assert apology.text == texts.INTERNAL_ERROR
    assert await inbox.handle(update) is None
    rows = await outbox_rows(uow_factory)
    assert [row.text for row in rows] == [texts.INTERNAL_ERROR]
    assert "Traceback" not in apology.text


async def test_group_messages_record_the_group_once(uow_factory, clock, config):
    inbox = make_inbox(uow_factory, clock, config)
    await inbox.handle(make_incoming("chào cả nhà"))
    await inbox.handle(make_incoming("cảm ơn ạ"))
    async with uow_factory() as uow:
        groups = await uow.groups.list("telegram")
        marks = (await uow.session.exec(select(ProcessedUpdate))).all()
    assert [g.chat_id for g in groups] == ["-100123"]
    assert len(marks) == 2
