"""Benchmark the reminder fan-out: 1,000 private reminders through the real sender to a local fake
Telegram Bot API that enforces Telegram's limits, SQLite and PostgreSQL side by side.

    python bench/bench_reminders.py
    python bench/bench_reminders.py --recipients 300 --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

The reminder is the real one: --recipients/2 schools pending on the teacher track, each with a
registered leader and database officer, and one planned reminder fired through ReminderDesk
(exactly-once runner, outbox rows in one transaction). The real OutboxSender then drains the
outbox through the real TelegramChannel sender (python-telegram-bot with its AIORateLimiter) over
HTTP to a fake Bot API on 127.0.0.1. The fake answers 429 with retry_after when a bot goes over
30 messages a second overall (a token bucket: 30 at once, then 30 a second) or 20 a minute in
one group, as Telegram does, and records every accepted message.

Figures, per database: delivered (distinct reminders accepted), lost (queued but never accepted),
duplicates (accepted twice), 429 answers, elapsed (first send to last acceptance) and the achieved
rate as a fraction of the 30/s limit. Target: all delivered, none lost or duplicated, ≥ 0.9.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.channels.telegram import TelegramChannel  # noqa: E402
from bot.delivery import OutboxSender  # noqa: E402
from bot.logs import quiet_flood_waits  # noqa: E402
from handlers.admin.campaigns import create_campaign, set_deadline  # noqa: E402
from handlers.core.context import CoreConfig, SystemClock  # noqa: E402
from handlers.core.messages import Platform  # noqa: E402
from handlers.core.runner import ExactlyOnceRunner  # noqa: E402
from handlers.reminders.jobs import ReminderDesk  # noqa: E402
from handlers.reminders.planning import ReminderPolicy, parse_offsets  # noqa: E402
from storage.database import make_engine, make_session_factory, run_statement, upgrade_schema  # noqa: E402
from storage.models import District, Member, School  # noqa: E402
from storage.uow import SqlModelUnitOfWork  # noqa: E402

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
TOKEN = "4242:BENCH-token"
OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20


class LimitedBotApi:
    """A fake Bot API: getMe, sendMessage; 429 + retry_after past Telegram's limits."""

    def __init__(self) -> None:
        self.accepted: Counter[tuple[str, str]] = Counter()
        self.rejected = 0
        self.first = self.last = 0.0
        self._tokens = float(OVERALL_PER_SECOND)
        self._refilled = time.monotonic()
        self._group_sends: dict[str, list[float]] = {}
        self._ids = 0
        self.base_url = ""

    async def start(self) -> web.AppRunner:
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self.dispatch)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}/bot"
        return runner

    def _take(self, chat_id: str) -> float | None:
        """None when the message may go; else seconds to wait."""
        now = time.monotonic()
        self._tokens = min(OVERALL_PER_SECOND, self._tokens + (now - self._refilled) * OVERALL_PER_SECOND)
        self._refilled = now
        if self._tokens < 1:
            return (1 - self._tokens) / OVERALL_PER_SECOND
        if chat_id.startswith("-"):
            recent = [t for t in self._group_sends.get(chat_id, []) if now - t < 60]
            if len(recent) >= GROUP_PER_MINUTE:
                return 60 - (now - recent[0])
            self._group_sends[chat_id] = [*recent, now]
        self._tokens -= 1
        return None

    async def dispatch(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "getMe":
            return web.json_response({"ok": True, "result": {
                "id": 4242, "is_bot": True, "first_name": "Trợ lý", "username": "BenchBot",
                "can_join_groups": True, "can_read_all_group_messages": True, "supports_inline_queries": False}})
        if method != "sendMessage":
            return web.json_response({"ok": True, "result": True})
        params = dict(await request.post()) if request.content_type != "application/json" else await request.json()
        chat_id = str(params["chat_id"])
        wait = self._take(chat_id)
        if wait is not None:
            self.rejected += 1
            retry = max(1, round(wait + 0.49))
            return web.json_response({"ok": False, "error_code": 429, "description": f"Too Many Requests: retry after {retry}",
                                      "parameters": {"retry_after": retry}}, status=429)
        now = time.monotonic()
        self.first = self.first or now
        self.last = now
        self.accepted[(chat_id, str(params["text"]))] += 1
        self._ids += 1
        return web.json_response({"ok": True, "result": {
            "message_id": self._ids, "date": int(time.time()), "text": params["text"],
            "chat": {"id": int(chat_id), "type": "private"}}})


async def seed(uow_factory, recipients: int, now: datetime) -> ReminderDesk:
    async with uow_factory() as uow:
        district = District(code="BENCH", name="Quận Thử")
        uow.districts.add(district)
        await uow.flush()
        for number in range(recipients // 2):
            school = await uow.schools.add_with_levels(
                School(code=f"B{number:05d}", name=f"Trường THCS Thử {number}", district_id=district.id, expected_classes=10), ["THCS"])
            for role, offset in (("leader", 0), ("staff", 1)):
                uow.members.add(Member(platform="telegram", user_id=str(100_000 + number * 2 + offset), role=role, school_id=school.id))
        campaign = await create_campaign(uow, "Đợt thử", from_letter=False, now=now)
        await set_deadline(uow, campaign, "THCS", "teacher", datetime(2030, 6, 8, 17, 0, tzinfo=HANOI))
        await uow.commit()
    # The outbox rows are stamped with the real time (so the sender finds them due now), while the
    # reminder is composed as at its planned time in 2030.
    runner = ExactlyOnceRunner(uow_factory=uow_factory, clock=SystemClock())
    return ReminderDesk(uow_factory=uow_factory, runner=runner, clock=PlannedTime(), config=CoreConfig(timezone=HANOI),
                        policy=ReminderPolicy(offsets=parse_offsets("3d")))


class PlannedTime:
    at = datetime(2030, 6, 5, 17, 0, tzinfo=HANOI)  # 3 days before the deadline seeded above

    def now(self) -> datetime:
        return self.at


async def run_one(url: str, recipients: int, engine_kwargs: dict) -> dict[str, object]:
    engine = make_engine(url, **engine_kwargs)
    await upgrade_schema(engine)
    uow_factory = lambda: SqlModelUnitOfWork(make_session_factory(engine))  # noqa: E731
    api = LimitedBotApi()
    server = await api.start()
    channel = TelegramChannel(token=TOKEN, base_url=api.base_url, on_incoming=lambda incoming: asyncio.sleep(0))
    await channel.application.initialize()
    try:
        desk = await seed(uow_factory, recipients, SystemClock().now())
        _, plan = await desk.plan()
        fired = time.perf_counter()
        outcome = await desk.fire(plan[0].key)  # the scheduler job's own path
        queued = outcome.messages if outcome and outcome.messages else 0
        composed = time.perf_counter() - fired
        sender = OutboxSender(uow_factory=uow_factory, channels={Platform.TELEGRAM: channel.sender}, clock=SystemClock())
        stop = asyncio.Event()
        task = asyncio.create_task(sender.run(stop))
        while sum(1 for count in api.accepted.values() if count) < queued:
            async with uow_factory() as uow:
                statuses = await uow.outbox.count_by_status()
            if not statuses.get("pending"):
                break
            await asyncio.sleep(0.2)
        stop.set()
        await task
        async with uow_factory() as uow:
            statuses = await uow.outbox.count_by_status()
    finally:
        await channel.application.shutdown()
        await server.cleanup()
        await engine.dispose()
    delivered = len(api.accepted)
    elapsed = api.last - api.first if delivered > 1 else 0.0
    rate = (delivered - 1) / elapsed if elapsed else 0.0
    return {
        "queued": queued, "compose_s": composed, "delivered": delivered, "lost": queued - delivered,
        "duplicates": sum(count - 1 for count in api.accepted.values()), "http_429": api.rejected,
        "elapsed_s": elapsed, "rate": rate, "fraction": rate / OVERALL_PER_SECOND, "failed_rows": statuses.get("failed", 0),
    }


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipients", type=int, default=1000)
    parser.add_argument("--postgres-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    quiet_flood_waits()  # as `python -m bot run` does: flood waits are counted below instead
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as folder:
        results["SQLite"] = await run_one(f"sqlite+aiosqlite:///{folder}/bench.db", args.recipients, {})
    if not args.no_postgres:
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        try:
            await run_statement(args.postgres_url, f'CREATE SCHEMA "{schema}"')
        except Exception as error:  # noqa: BLE001  (no PostgreSQL here: SQLite alone)
            print(f"PostgreSQL skipped: {error}")
        else:
            try:
                kwargs = {"connect_args": {"server_settings": {"search_path": schema}}}
                results["PostgreSQL"] = await run_one(args.postgres_url, args.recipients, kwargs)
            finally:
                await run_statement(args.postgres_url, f'DROP SCHEMA "{schema}" CASCADE')
    names = list(results)
    print(f"{args.recipients} private reminders, fake Bot API limit {OVERALL_PER_SECOND}/s overall, {GROUP_PER_MINUTE}/min per group")
    print(f"{'':24}" + "".join(f"{name:>14}" for name in names))
    rows = [
        ("queued", "{:d}"), ("delivered", "{:d}"), ("lost", "{:d}"), ("duplicates", "{:d}"), ("http_429", "{:d}"),
        ("failed_rows", "{:d}"), ("compose_s", "{:.2f}"), ("elapsed_s", "{:.1f}"), ("rate", "{:.1f}/s"), ("fraction", "{:.2f}"),
    ]
    for key, fmt in rows:
        print(f"{key:24}" + "".join(f"{fmt.format(results[name][key]):>14}" for name in names))


if __name__ == "__main__":
    asyncio.run(main())
