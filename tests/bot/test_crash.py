"""The real `python -m bot run`, killed mid-stream: nothing lost, nothing handled twice.

SIGKILL leaves no chance to clean up; every update must still end with one processed mark and
one reply, because the bot confirms an update to Telegram only after its mark has committed.
SIGTERM stops at once and exits 0. A token revoked while running ends the process with one line.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter

from sqlalchemy import text

from storage.database import make_engine
from tests.bot.process_harness import BotProcess, own_database
from tests.fake_telegram import TOKEN

UPDATES = 150
CHATS = 12


def quote_of(message: dict) -> str:
    return re.search(r"«(.+?)»", message["text"]).group(1)


async def counts(url: str) -> tuple[int, int, int]:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            marks = (await connection.execute(text("SELECT count(*) FROM processed_updates"))).scalar_one()
            rows = (await connection.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
            sent = (await connection.execute(text("SELECT count(*) FROM outbox WHERE status = 'sent'"))).scalar_one()
    finally:
        await engine.dispose()
    return marks, rows, sent


async def wait_until(condition, timeout: float = 60) -> None:
    async def poll() -> None:
        while not condition():
            await asyncio.sleep(0.05)  # polls the fake's record, bounded by the timeout

    await asyncio.wait_for(poll(), timeout)


async def test_sigkill_twice_mid_stream_loses_nothing_and_handles_nothing_twice(telegram, test_database, tmp_path):  # noqa: F811
    for n in range(UPDATES):
        await telegram.push(telegram.private_message(f"/tiendo k{n:03d}", user_id=5000 + n % CHATS))
    async with own_database(test_database.url, tmp_path) as url:
        bot = BotProcess(telegram, url, tmp_path)
        for kill_after in (30, 80):
            await bot.start(OUTBOX_LEASE_SECONDS="2")  # PostgreSQL: a dead run's claims end soon
            await wait_until(lambda: len(telegram.sent) >= kill_after)
            assert await bot.kill() != 0
        await bot.start(OUTBOX_LEASE_SECONDS="2")
        expected = {f"k{n:03d}" for n in range(UPDATES)}
        await wait_until(lambda: {quote_of(m) for m in telegram.sent} >= expected and not telegram.updates_left())
        marks, rows, _ = await counts(url)
        assert await bot.terminate() == 0  # SIGTERM: a clean stop
        _, _, sent = await counts(url)
    replies = Counter(quote_of(m) for m in telegram.sent)
    assert set(replies) == expected  # nothing lost
    assert (marks, rows) == (UPDATES, UPDATES)  # nothing handled twice
    assert sent == UPDATES
    # A reply sent just before a kill, and not yet marked, may go once more after the restart.
    assert sum(replies.values()) - UPDATES <= 2 * 32
    for chat in range(CHATS):
        mine = [quote_of(m) for m in telegram.sent if int(m["chat_id"]) == 5000 + chat]
        firsts = list(dict.fromkeys(mine))
        assert firsts == sorted(firsts)  # each chat's replies in the order asked


async def test_a_token_revoked_while_running_ends_the_process_with_one_line(telegram, test_database, tmp_path):  # noqa: F811
    telegram.fail_next("getUpdates", 401, "Unauthorized")
    async with own_database(test_database.url, tmp_path) as url:
        bot = BotProcess(telegram, url, tmp_path)
        await bot.start()
        code = await bot.wait()
    output = bot.output()
    errors = [line for line in output.splitlines() if " ERROR " in line]
    assert code == 2
    assert len(errors) == 1 and "401" in errors[0]
    assert "Traceback" not in output and TOKEN not in output
