"""Benchmark webhook intake: Zalo deliveries posted to the bot's webhook server over real HTTP,
each answered 200 only after its update is committed, SQLite and PostgreSQL side by side.

    python bench/bench_webhook.py                        # 300 deliveries, SQLite (+ PostgreSQL if reachable)
    python bench/bench_webhook.py --deliveries 1000 --concurrency 1 8
    python bench/bench_webhook.py --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

The bot runs in-process as `python -m bot run` does in webhook mode (run_platforms with
WEBHOOK_BASE_URL), against the fake Zalo Bot API of the tests on 127.0.0.1, so replies really go
out over HTTP too. Each delivery is "/help" from its own private chat (the handler is cheap, so the
figures show intake: secret check, JSON, mapping, the exactly-once transaction). Figures per
database and concurrency (requests in flight at once): deliveries per second, and the median and
p95 time until the 200 — what Zalo waits for, and must stay well under its timeout.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import BotApp, run_platforms  # noqa: E402
from bot.channels.webhook import ZALO_SECRET_HEADER, webhook_path  # noqa: E402
from bot.settings import load_settings  # noqa: E402
from storage.database import make_engine, run_statement, upgrade_schema  # noqa: E402
from tests.fake_zalo import TOKEN, FakeZalo  # noqa: E402

SECRET = "bench-webhook-secret-0123"
DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


async def run_case(url: str, engine_kwargs: dict, deliveries: int, concurrency: int) -> tuple[float, float, float]:
    engine = make_engine(url, **engine_kwargs)
    await upgrade_schema(engine)
    zalo = FakeZalo()
    await zalo.start()
    settings = load_settings(
        zalo_bot_token=TOKEN, zalo_api_base_url=zalo.base_url, webhook_base_url="https://bench.invalid",
        webhook_secret=SECRET, port=0, database_url="sqlite+aiosqlite:///unused.db", _env_file=None,
    )
    app = BotApp(settings, engine=engine)
    stop = asyncio.Event()
    task = asyncio.create_task(run_platforms(app, stop))
    await app.ready.wait()
    assert app.webhooks is not None
    latencies: list[float] = []
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for n in range(deliveries):
        queue.put_nowait(zalo.text_update("/help", user_id=f"u{n:019d}", message_id=uuid.uuid4().hex))

    async def worker(client: httpx.AsyncClient) -> None:
        while not queue.empty():
            body = queue.get_nowait()
            started = time.perf_counter()
            response = await client.post(webhook_path("zalo", SECRET), json=body, headers={ZALO_SECRET_HEADER: SECRET})
            latencies.append(time.perf_counter() - started)
            assert response.status_code == 200, response.text

    try:
        limits = httpx.Limits(max_connections=concurrency)
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{app.webhooks.port}", limits=limits) as client:
            started = time.perf_counter()
            await asyncio.gather(*(worker(client) for _ in range(concurrency)))
            elapsed = time.perf_counter() - started
        await zalo.wait_sent(deliveries, timeout=120)
    finally:
        stop.set()
        await task
        await zalo.stop()
        await engine.dispose()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))]
    return deliveries / elapsed, statistics.median(latencies) * 1000, p95 * 1000


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=300)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 8])
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES)
    args = parser.parse_args()
    databases: list[tuple[str, str, dict, str | None]] = []
    folder = tempfile.mkdtemp()
    databases.append(("SQLite", f"sqlite+aiosqlite:///{folder}/bench.db", {}, None))
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    try:
        await run_statement(args.postgres_url, f'CREATE SCHEMA "{schema}"')
        databases.append(("PostgreSQL", args.postgres_url,
                          {"connect_args": {"server_settings": {"search_path": schema}}}, schema))
    except Exception as error:  # no PostgreSQL here: SQLite alone
        print(f"PostgreSQL skipped: {error}")
    print(f"{args.deliveries} Zalo webhook deliveries of /help, each committed before its 200\n")
    print(f"{'database':<12}{'in flight':>10}{'deliveries/s':>14}{'median ms':>11}{'p95 ms':>9}")
    try:
        for name, url, kwargs, _ in databases:
            for concurrency in args.concurrency:
                rate, median, p95 = await run_case(url, kwargs, args.deliveries, concurrency)
                print(f"{name:<12}{concurrency:>10}{rate:>14.0f}{median:>11.1f}{p95:>9.1f}")
    finally:
        for _, _, _, owned in databases:
            if owned:
                await run_statement(args.postgres_url, f'DROP SCHEMA "{owned}" CASCADE')


if __name__ == "__main__":
    asyncio.run(main())
