"""Durability of intake and delivery, measured as in issue 8, SQLite and PostgreSQL side by side.

    python bench/bench_durability.py                         # 1,000 reports, 10 kills, both databases
    python bench/bench_durability.py --updates 500 --kills 5 --backlogs 20000 50000
    python bench/bench_durability.py --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

Every experiment runs the real `python -m bot run` (or the real OutboxSender) against the fake
Bot API of tests/fake_telegram.py, which behaves like Telegram on offsets and limits:

- kill: --updates private "/tiendo kNNN" messages queued; the bot is SIGKILLed --kills times
  mid-stream (each time after a few more replies went out), then left to finish. Lost = updates
  with no reply; double-counted = outbox rows beyond one per update (an update handled twice);
  sent twice = replies the fake received more than once (a send just before a kill whose "sent"
  mark did not commit: at least once, by design).
- kill at 30/s: the same while the updates arrive at 30 a second.
- SIGTERM: the control, one clean stop mid-stream.
- two senders: two OutboxSenders with their own engines drain the same --updates rows at once.
- outage (PostgreSQL): the database connection cut for --outage seconds through a TCP proxy.
- 429: 20% of sendMessage calls answered 429 (retry_after 1 s); out of order = a chat's reply
  arriving before one queued earlier for the same chat.
- head of line: one group with 60 queued replies (Telegram allows 20 a minute per group) and 10
  private replies; the worst private reply's delay from start.
- memory: resident set of the bot process --settle seconds into a backlog of each --backlogs size.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bot.delivery import OutboxSender  # noqa: E402
from handlers.core.messages import ChatRef, Outgoing, Platform  # noqa: E402
from handlers.core.runner import to_outbox  # noqa: E402
from storage.database import make_engine, make_session_factory, upgrade_schema  # noqa: E402
from storage.uow import SqlModelUnitOfWork  # noqa: E402
from tests.bot.process_harness import BotProcess, own_database  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402
from tests.tcp_proxy import TcpProxy  # noqa: E402

CHATS = 10
Row = dict[str, object]


def quote_of(message: dict) -> str:
    return message["text"].split("'")[1] if "'" in message["text"] else ""


async def until(condition: Callable[[], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(0.05)
    return True


async def outbox_rows(url: str) -> int:
    engine = make_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
    finally:
        await engine.dispose()


def tally(telegram: FakeTelegram, expected: set[str], rows: int | None) -> Row:
    replies = Counter(quote_of(m) for m in telegram.sent if quote_of(m) in expected)
    by_chat: dict[int, list[str]] = defaultdict(list)
    for message in telegram.sent:
        by_chat[int(message["chat_id"])].append(quote_of(message))
    out_of_order = 0
    for quotes in by_chat.values():
        firsts = list(dict.fromkeys(quotes))
        out_of_order += sum(1 for a, b in zip(firsts, firsts[1:], strict=False) if a > b)
    return {
        "lost": len(expected - set(replies)),
        "double-counted": max(0, rows - len(expected)) if rows is not None else "-",
        "sent twice": sum(n - 1 for n in replies.values() if n > 1),
        "out of order": out_of_order,
    }


async def with_fake(work: Callable[[FakeTelegram], object]) -> Row:
    telegram = FakeTelegram()
    await telegram.start()
    try:
        return await work(telegram)  # type: ignore[misc]
    finally:
        await telegram.stop()


async def kill_experiment(db: str, tmp: Path, updates: int, kills: int, *, rate: float | None = None, sigterm: bool = False) -> Row:
    async def work(telegram: FakeTelegram) -> Row:
        expected = {f"k{n:05d}" for n in range(updates)}

        async def feed() -> None:
            for n in range(updates):
                await telegram.push(telegram.private_message(f"/tiendo k{n:05d}", user_id=5000 + n % CHATS))
                if rate:
                    await asyncio.sleep(1 / rate)

        async with own_database(db, tmp) as url:
            bot = BotProcess(telegram, url, tmp)
            feeding = asyncio.create_task(feed())
            step = max(1, updates // (kills + 2))
            for round_ in range(kills):
                await bot.start(OUTBOX_LEASE_SECONDS="2")
                await until(lambda r=round_: len(telegram.sent) >= step * (r + 1), 120)
                await (bot.terminate() if sigterm else bot.kill())
            await feeding
            await bot.start(OUTBOX_LEASE_SECONDS="2")
            await until(lambda: {quote_of(m) for m in telegram.sent} >= expected, 300)
            await bot.terminate()
            rows = await outbox_rows(url)
        return tally(telegram, expected, rows)

    return await with_fake(work)


async def two_senders(db: str, tmp: Path, updates: int) -> Row:
    async with own_database(db, tmp) as url:
        engines = [make_engine(url) for _ in range(2)]
        await upgrade_schema(engines[0])
        factories = [lambda e=e: SqlModelUnitOfWork(make_session_factory(e)) for e in engines]

        class Recorder:
            platform = Platform.TELEGRAM

            def __init__(self, log: list[tuple[str, str]]) -> None:
                self.log = log

            async def send(self, message: Outgoing) -> str:
                await asyncio.sleep(0.001)
                self.log.append((message.chat.chat_id, message.text))
                return "1"

        from handlers.core.context import SystemClock

        clock = SystemClock()
        async with factories[0]() as uow:
            for n in range(updates):
                uow.outbox.add(to_outbox(Outgoing(ChatRef(Platform.TELEGRAM, str(n % CHATS)), f"k{n:05d}"), clock.now()))
            await uow.commit()
        log: list[tuple[str, str]] = []
        senders = [OutboxSender(uow_factory=f, channels={Platform.TELEGRAM: Recorder(log)}, clock=clock, batch_size=50) for f in factories]
        await asyncio.gather(*(s.drain() for s in senders))
        for engine in engines:
            await engine.dispose()
    sent = Counter(text_ for _, text_ in log)
    by_chat: dict[str, list[str]] = defaultdict(list)
    for chat, text_ in log:
        by_chat[chat].append(text_)
    disorder = sum(1 for quotes in by_chat.values() for a, b in zip(quotes, quotes[1:], strict=False) if a > b)
    return {"lost": updates - len(sent), "double-counted": "-", "sent twice": sum(n - 1 for n in sent.values() if n > 1),
            "out of order": disorder}


async def outage(db: str, tmp: Path, updates: int, seconds: float) -> Row:
    async def work(telegram: FakeTelegram) -> Row:
        expected = {f"k{n:05d}" for n in range(updates)}
        async with own_database(db, tmp) as url:
            parsed = make_url(url)
            proxy = TcpProxy(parsed.host or "127.0.0.1", parsed.port or 5432)
            await proxy.start()
            proxied = parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
            bot = BotProcess(telegram, proxied, tmp)
            await bot.start()
            for n in range(updates):
                await telegram.push(telegram.private_message(f"/tiendo k{n:05d}", user_id=5000 + n % CHATS))
            await until(lambda: len(telegram.sent) >= updates // 4, 120)
            await proxy.cut()
            await asyncio.sleep(seconds)  # the outage itself: wall-clock time on purpose
            await proxy.restore()
            await until(lambda: {quote_of(m) for m in telegram.sent} >= expected, 300)
            await bot.terminate()
            await proxy.cut()
            rows = await outbox_rows(url)
        return tally(telegram, expected, rows)

    return await with_fake(work)


async def flood_waits(db: str, tmp: Path, updates: int) -> Row:
    async def work(telegram: FakeTelegram) -> Row:
        telegram.flaky_sends((200, 200, 200, 200, 429))
        expected = {f"k{n:05d}" for n in range(updates)}
        for n in range(updates):
            await telegram.push(telegram.private_message(f"/tiendo k{n:05d}", user_id=5000 + n % CHATS))
        async with own_database(db, tmp) as url:
            bot = BotProcess(telegram, url, tmp)
            await bot.start()
            await until(lambda: {quote_of(m) for m in telegram.sent} >= expected, 600)
            await bot.terminate()
            rows = await outbox_rows(url)
        return tally(telegram, expected, rows)

    return await with_fake(work)


async def head_of_line(db: str, tmp: Path) -> Row:
    async def work(telegram: FakeTelegram) -> Row:
        private = {f"p{n:02d}" for n in range(10)}
        for n in range(60):
            await telegram.push(telegram.group_message(f"/tiendo g{n:02d}", chat_id=-100777, user_id=4000 + n))
        for n in range(10):
            await telegram.push(telegram.private_message(f"/tiendo p{n:02d}", user_id=6000 + n))
        async with own_database(db, tmp) as url:
            bot = BotProcess(telegram, url, tmp)
            await bot.start()
            await until(lambda: bool(telegram.sent), 120)
            started = time.monotonic()  # from the first reply: start-up time is not the sender's
            await until(lambda: {quote_of(m) for m in telegram.sent} >= private, 300)
            delay = time.monotonic() - started
            await bot.terminate()
        group_sent = sum(1 for m in telegram.sent if int(m["chat_id"]) == -100777)
        return {"worst private delay s": round(delay, 1), "group sent by then": group_sent}

    return await with_fake(work)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def memory(db: str, tmp: Path, backlog: int, settle: float) -> Row:
    async def work(telegram: FakeTelegram) -> Row:
        for n in range(backlog):
            await telegram.push(telegram.private_message(f"/tiendo m{n:06d}", user_id=5000 + n % 1000))
        async with own_database(db, tmp) as url:
            bot = BotProcess(telegram, url, tmp)
            await bot.start()
            await asyncio.sleep(settle)  # let it work into the backlog, then look at its memory
            assert bot.process is not None
            resident = rss_mb(bot.process.pid)
            handled = backlog - telegram.updates_left()
            await bot.terminate()
        return {"backlog": backlog, "RSS MB": round(resident, 1), f"handled in {settle:.0f} s": handled}

    return await with_fake(work)


def print_table(title: str, results: dict[str, Row]) -> None:
    print(f"\n{title}")
    columns = list(dict.fromkeys(key for row in results.values() for key in row))
    widths = [max(10, len(c) + 2) for c in columns]
    print(f"{'':38}" + "".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True)))
    for name, row in results.items():
        print(f"{name:38}" + "".join(f"{row.get(c, ''):>{w}}" for c, w in zip(columns, widths, strict=True)))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--updates", type=int, default=1000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--outage", type=float, default=6.0)
    parser.add_argument("--backlogs", type=int, nargs="*", default=[50_000, 100_000])
    parser.add_argument("--settle", type=float, default=10.0)
    parser.add_argument("--postgres-url", default=os.environ.get("TEST_DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--only", nargs="*", help="run only these experiments (kill, rate, sigterm, senders, outage, 429, hol, memory)")
    args = parser.parse_args()
    databases = {"SQLite": "sqlite", "PostgreSQL": args.postgres_url}
    wanted = set(args.only or ["kill", "rate", "sigterm", "senders", "outage", "429", "hol", "memory"])
    results: dict[str, Row] = {}
    memories: dict[str, Row] = {}
    for label, db in databases.items():
        def tmp() -> Path:
            return Path(tempfile.mkdtemp(prefix="bench-durability-"))

        if "kill" in wanted:
            results[f"{label}: SIGKILL x{args.kills}"] = await kill_experiment(db, tmp(), args.updates, args.kills)
        if "rate" in wanted:
            results[f"{label}: SIGKILL x{args.kills}, 30/s"] = await kill_experiment(db, tmp(), args.updates, args.kills, rate=30)
        if "sigterm" in wanted:
            results[f"{label}: SIGTERM x1 (control)"] = await kill_experiment(db, tmp(), args.updates, 1, sigterm=True)
        if "senders" in wanted and db != "sqlite":
            results[f"{label}: two senders"] = await two_senders(db, tmp(), args.updates)
        if "outage" in wanted and db != "sqlite":
            results[f"{label}: database down {args.outage:.0f} s"] = await outage(db, tmp(), args.updates, args.outage)
        if "429" in wanted:
            results[f"{label}: 20% of sends 429"] = await flood_waits(db, tmp(), args.updates)
        if "hol" in wanted:
            results[f"{label}: group with 60 queued"] = await head_of_line(db, tmp())
        if "memory" in wanted:
            for backlog in args.backlogs:
                memories[f"{label}: backlog {backlog:,}"] = await memory(db, tmp(), backlog, args.settle)
    print_table(f"Durability, {args.updates:,} reports (lost, handled twice, sent twice, order):", results)
    if memories:
        print_table("Memory under a backlog:", memories)


if __name__ == "__main__":
    asyncio.run(main())
