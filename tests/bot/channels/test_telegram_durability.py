"""Intake is confirmed only once handled; flood waits and bad gateways keep each chat's order;
a revoked token stops the bot; a 409 says who else is polling. Real PTB against the fake API."""

from __future__ import annotations

import asyncio
import logging
import re
from collections import defaultdict

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import func, select

from bot.app import run_platforms
from bot.channels.base import ChannelFailed
from bot.channels.telegram import Backoff, TelegramChannel, conflict_reason
from storage.models import OutboxMessage, ProcessedUpdate
from tests.bot.channels.test_telegram import make_app, running
from tests.fake_telegram import TOKEN


def channel_for(app, telegram, on_incoming=None, **kwargs) -> TelegramChannel:  # noqa: F811
    return TelegramChannel(
        token=TOKEN, base_url=telegram.base_url, on_incoming=on_incoming or app.receive,
        retry_delays=Backoff(first=0.01, longest=0.05), **kwargs,
    )


async def count(uow_factory, model) -> int:
    async with uow_factory() as uow:
        return (await uow.session.exec(select(func.count()).select_from(model))).one()


async def test_an_update_whose_handling_fails_for_the_database_is_not_confirmed_and_comes_back(telegram, engine):  # noqa: F811
    app = make_app(telegram, engine)
    updates = [telegram.private_message(f"/tiendo thu{n}", user_id=500 + n) for n in range(5)]
    failing = updates[2]["update_id"]
    failures = 3
    confirmed_while_failing: list[int] = []

    async def flaky(incoming):
        nonlocal failures
        if incoming.update_id.endswith(f":{failing}") and failures:
            failures -= 1
            confirmed_while_failing.append(telegram.confirmed_offset)
            raise OperationalError("INSERT", {}, ConnectionRefusedError("database down"))
        await app.receive(incoming)

    for update in updates:
        await telegram.push(update)
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop, [channel_for(app, telegram, flaky, batch_limit=2)]))
    try:
        sent = await telegram.wait_sent(5)
        await telegram.wait_consumed()
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert failures == 0
    assert all(offset <= failing for offset in confirmed_while_failing)  # never confirmed past it
    assert sorted(re.search(r"«(.+?)»", m["text"]).group(1) for m in sent) == [f"thu{n}" for n in range(5)]
    assert await count(app.uow_factory, ProcessedUpdate) == 5
    assert await count(app.uow_factory, OutboxMessage) == 5


async def test_batches_follow_the_limit_and_a_backlog_is_handled_in_order(telegram, engine):  # noqa: F811
    app = make_app(telegram, engine)
    for n in range(25):
        await telegram.push(telegram.private_message(f"/tiendo so{n:02d}", user_id=900))
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop, [channel_for(app, telegram, batch_limit=7)]))
    try:
        sent = await telegram.wait_sent(25, timeout=30)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
    assert [re.search(r"«(.+?)»", m["text"]).group(1) for m in sent] == [f"so{n:02d}" for n in range(25)]


async def test_flood_waits_and_bad_gateways_never_reorder_a_chats_replies(telegram, engine):  # noqa: F811
    telegram.flaky_sends((200, 200, 429, 200, 502, 200, 200, 200, 200, 200))  # 20% refused
    app = make_app(telegram, engine)
    for n in range(6):
        for chat in range(5):
            await telegram.push(telegram.private_message(f"/tiendo c{chat}m{n}", user_id=3000 + chat))
    async with running(app):
        await telegram.wait_sent(30, timeout=40)
    by_chat: dict[int, list[str]] = defaultdict(list)
    for message in telegram.sent:
        by_chat[int(message["chat_id"])].append(re.search(r"«(.+?)»", message["text"]).group(1))
    assert telegram._send_calls > 30  # some were refused and sent again
    for chat in range(5):
        assert by_chat[3000 + chat] == [f"c{chat}m{n}" for n in range(6)]


async def test_a_revoked_token_ends_run_platforms_with_channel_failed(telegram, engine):  # noqa: F811
    app = make_app(telegram, engine)
    telegram.fail_next("getUpdates", 401, "Unauthorized")
    stop = asyncio.Event()
    with pytest.raises(ChannelFailed) as caught:
        await asyncio.wait_for(run_platforms(app, stop), 30)
    assert "401" in str(caught.value) and "\n" not in str(caught.value) and TOKEN not in str(caught.value)


async def test_a_second_poller_is_told_apart_from_a_webhook(telegram, engine, caplog):  # noqa: F811
    telegram.fail_next("getUpdates", 409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")
    telegram.fail_next("getUpdates", 409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
    app = make_app(telegram, engine)
    await telegram.push(telegram.private_message("/help"))
    with caplog.at_level(logging.ERROR, logger="bot.channels.telegram"):
        stop = asyncio.Event()
        task = asyncio.create_task(run_platforms(app, stop, [channel_for(app, telegram)]))
        try:
            await telegram.wait_sent(1)
        finally:
            stop.set()
            await asyncio.wait_for(task, 30)
    messages = [record.getMessage() for record in caplog.records]
    assert conflict_reason("terminated by other getUpdates request") in messages
    assert conflict_reason("can't use getUpdates method while webhook is active") in messages
    assert conflict_reason("webhook") != conflict_reason("other getUpdates")
