"""PostgreSQL unreachable for a while: updates wait in Telegram, nothing is lost or apologised for."""

from __future__ import annotations

import asyncio
import re

import pytest
from sqlalchemy.engine import make_url
from sqlmodel import func, select

from bot.app import run_platforms
from handlers import texts
from storage.database import make_engine
from storage.models import OutboxMessage, ProcessedUpdate
from tests.bot.channels.test_telegram import make_app
from tests.bot.channels.test_telegram_durability import channel_for
from tests.tcp_proxy import TcpProxy


def quote_of(message: dict) -> str:
    return (re.search(r"«(.+?)»", message["text"]).group(1) if "«" in message["text"] else "")


async def wait_for(condition) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.02)  # polls the fake's record, bounded below

    await asyncio.wait_for(poll(), 60)


async def wait_for_polls(telegram, more: int) -> None:  # noqa: F811
    target = telegram.calls.count("getUpdates") + more

    async def poll() -> None:
        while telegram.calls.count("getUpdates") < target:
            await asyncio.sleep(0.02)

    await asyncio.wait_for(poll(), 30)


async def test_a_database_outage_loses_no_update_and_sends_no_apology(telegram, test_database, engine):  # noqa: F811
    if test_database.schema is None:
        pytest.skip("needs PostgreSQL: a database server to lose")
    url = make_url(test_database.url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    proxied = make_engine(
        url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), **test_database.engine_kwargs()
    )
    app = make_app(telegram, proxied)
    for n in range(10):
        await telegram.push(telegram.private_message(f"/tiendo a{n}", user_id=700 + n % 3))
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop, [channel_for(app, telegram)]))
    try:
        await telegram.wait_sent(10, timeout=30)
        await proxy.cut()
        for n in range(10, 30):
            await telegram.push(telegram.private_message(f"/tiendo a{n}", user_id=700 + n % 3))
        await wait_for_polls(telegram, 4)  # the bot keeps failing to store, and keeps the updates
        assert telegram.updates_left() == 20
        await proxy.restore()
        expected = {f"a{n}" for n in range(30)}
        await wait_for(lambda: {quote_of(m) for m in telegram.sent} >= expected)
        await telegram.wait_consumed(timeout=30)
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)
        await proxied.dispose()
        await proxy.cut()
    # A reply sent while its "sent" mark could not be written goes once more: at least once.
    assert {quote_of(m) for m in telegram.sent} == {f"a{n}" for n in range(30)}
    assert all(m["text"] != texts.INTERNAL_ERROR for m in telegram.sent)
    async with engine.connect() as connection:
        marks = (await connection.execute(select(func.count()).select_from(ProcessedUpdate))).scalar_one()
        rows = (await connection.execute(select(func.count()).select_from(OutboxMessage))).scalar_one()
    assert (marks, rows) == (30, 30)
