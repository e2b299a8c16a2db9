"""Benchmark report storage and handling on a generated province, SQLite and PostgreSQL side by side.

    python bench/bench_reports.py                      # 1,500 schools, SQLite + PostgreSQL
    python bench/bench_reports.py --schools 300 --messages 500
    python bench/bench_reports.py --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

The province (seeded with random.Random(2026), so runs are comparable): 15 districts; schools of
every level (MN, TH, THCS, TH+THCS, THPT, GDTX) whose expected classes sum to about 40,000 for
1,500 schools; staff and a leader per school; ~70% of the classes reported done (class_reports);
the teacher-data status of ~60% of the schools and the leader confirmation of ~40%; and the
audit trail (report_events: class_done, teacher_done, school_confirmed, some undone with their
undo events) making 60,000 reports. Everything scales with --schools. The schema is built by the
real Alembic migrations; rows go in by bulk Core inserts.

Figures, per database:
- seed time: migrations plus bulk inserts;
- storage.progress.schools_progress for the whole province, one district's schools and one
  school (a session per call, after a warm-up; median and p95 of --repeat calls), and the
  province query's SQL alone (the captured statement re-run through the driver, rows fetched,
  no ORM) to tell database time from Python time;
- report throughput: --messages report messages (/xong 6A1, "lớp 6A2 đã xong ạ", /xonggv 45/45,
  /xacnhan, /huy) from registered staff through the real Inbox and dispatcher, one at a time,
  each its own transaction (processed mark, writes, audit event, outbox).

SQLite runs on a temporary file (WAL, as the bot runs it; no ANALYZE, as in production);
PostgreSQL in a schema created for the run and dropped at the end (ANALYZE after the load, which
autovacuum would soon do on its own). The generated rows are kept out of the garbage collector's
sight (gc.freeze) so its full collections over them do not show up as p95 spikes.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import math
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import event, func, insert, select, text  # noqa: E402
from sqlalchemy.ext.asyncio import AsyncEngine  # noqa: E402

from bot.settings import DEFAULT_KNOWLEDGE_PATH  # noqa: E402
from handlers import texts  # noqa: E402
from handlers.answers.knowledge import load_knowledge  # noqa: E402
from handlers.answers.matcher import Matcher  # noqa: E402
from handlers.answers.questions import QuestionDesk  # noqa: E402
from handlers.core.context import CoreConfig  # noqa: E402
from handlers.core.inbox import Inbox  # noqa: E402
from handlers.core.messages import ChatKind, ChatRef, Incoming, Platform, UserRef  # noqa: E402
from handlers.registry import build_dispatcher  # noqa: E402
from storage.database import make_engine, make_session_factory, run_statement, upgrade_schema  # noqa: E402
from storage.models import (  # noqa: E402
    ClassReport,
    District,
    Member,
    ReportEvent,
    School,
    SchoolConfirmation,
    SchoolLevel,
    TeacherReport,
)
from storage.progress import ProgressScope, schools_progress  # noqa: E402
from storage.uow import SqlModelUnitOfWork  # noqa: E402

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
SEED = 2026
DISTRICTS = 15
CLASSES_PER_SCHOOL = 40_000 / 1_500
REPORTS_PER_SCHOOL = 60_000 / 1_500
TARGET_MS = 100.0
WARMUP = 3
THROUGHPUT_WARMUP = 20

CAMPAIGN_START = datetime(2026, 5, 4, 1, 0, tzinfo=UTC)
CAMPAIGN_END = datetime(2026, 5, 31, 10, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)

# (levels, share of schools, raw class range, staff range); class counts are then scaled so the
# province's expected classes add up to CLASSES_PER_SCHOOL per school.
SCHOOL_KINDS: list[tuple[tuple[str, ...], float, tuple[int, int], tuple[int, int]]] = [
    (("MN",), 0.30, (6, 20), (15, 40)),
    (("TH",), 0.28, (15, 40), (25, 60)),
    (("THCS",), 0.22, (12, 40), (30, 70)),
    (("TH", "THCS"), 0.06, (20, 45), (45, 90)),
    (("THPT",), 0.10, (24, 54), (45, 100)),
    (("GDTX",), 0.04, (8, 24), (15, 35)),
]
GRADES = {"TH": (1, 2, 3, 4, 5), "THCS": (6, 7, 8, 9), "THPT": (10, 11, 12), "GDTX": (10, 11, 12)}
MN_GROUPS = ("Nhà trẻ", "Mầm", "Chồi", "Lá")
# Levels whose class names the bench may send in messages (MN and GDTX names are left out).
MESSAGE_LEVELS = frozenset({"TH", "THCS", "THPT"})
LEVEL_GROUP_CHATS = {level: f"-100{n:03d}" for n, level in enumerate(("MN", "TH", "THCS", "THPT", "GDTX"), start=1)}


class FixedClock:
    def now(self) -> datetime:
        return NOW


# --- the province -----------------------------------------------------------------------------


@dataclass
class SchoolPlan:
    id: int
    levels: tuple[str, ...]
    classes: list[str]
    reported: set[str] = field(default_factory=set)
    staff: list[int] = field(default_factory=list)  # member ids
    leader: int = 0


@dataclass
class Province:
    rows: dict[str, list[dict[str, Any]]]  # table name → rows, in insert order
    schools: list[SchoolPlan]
    next_member_id: int


def class_names(levels: Sequence[str], count: int) -> list[str]:
    """`count` class names spread over the grades of the levels: 6A1, 6A2, 7A1..., Lá 1..."""
    if levels == ("MN",):
        groups = [[f"{g} {k}" for k in range(1, count + 1)] for g in MN_GROUPS]
    else:
        grades = [g for level in levels for g in GRADES[level]]
        groups = [[f"{g}A{k}" for k in range(1, count + 1)] for g in grades]
    names: list[str] = []
    k = 0
    while len(names) < count:  # round-robin over grades: 6A1, 7A1, 8A1, 9A1, 6A2...
        names.extend(group[k] for group in groups if len(names) < count and k < len(group))
        k += 1
    return names


def random_time(rng: random.Random, start: datetime = CAMPAIGN_START, end: datetime = CAMPAIGN_END) -> datetime:
    span = (end - start).total_seconds()
    return start + timedelta(seconds=rng.uniform(0, max(span, 1.0)))


def generate_province(school_count: int, rng: random.Random) -> Province:
    rows: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in (
            "districts", "schools", "school_levels", "members", "class_reports",
            "teacher_reports", "school_confirmations", "report_events",
        )
    }
    for d in range(1, DISTRICTS + 1):
        rows["districts"].append({"id": d, "code": f"PGD{d:02d}", "name": f"Quận/Huyện {d:02d}", "is_demo": False})

    kinds = rng.choices(SCHOOL_KINDS, weights=[k[1] for k in SCHOOL_KINDS], k=school_count)
    raw = [rng.randint(*kind[2]) for kind in kinds]
    target = round(school_count * CLASSES_PER_SCHOOL)
    scale = target / sum(raw)
    sizes = [max(3, round(r * scale)) for r in raw]
    while sum(sizes) != target:  # settle the rounding on random schools
        i = rng.randrange(school_count)
        step = 1 if sum(sizes) < target else -1
        if sizes[i] + step >= 3:
            sizes[i] += step

    schools: list[SchoolPlan] = []
    member_id = 0
    for i, (kind, size) in enumerate(zip(kinds, sizes, strict=True), start=1):
        levels = kind[0]
        district = rng.randint(1, DISTRICTS)
        tag = "-".join(levels)
        rows["schools"].append({
            "id": i, "code": f"{tag}-{i:05d}", "name": f"Trường {tag} số {i}", "district_id": district,
            "managed_by_district": not set(levels) & {"THPT", "GDTX"}, "expected_classes": size,
            "expected_staff": rng.randint(*kind[3]), "is_demo": False, "created_at": CAMPAIGN_START,
            "updated_at": CAMPAIGN_START,
        })
        rows["school_levels"].extend({"school_id": i, "level": level} for level in levels)
        plan = SchoolPlan(id=i, levels=levels, classes=class_names(levels, size))
        for role in ["leader"] + ["staff"] * rng.randint(2, 6):
            member_id += 1
            platform = Platform.ZALO if rng.random() < 0.2 else Platform.TELEGRAM
            homeroom = rng.choice(plan.classes) if role == "staff" and rng.random() < 0.5 else None
            rows["members"].append({
                "id": member_id, "platform": platform, "user_id": str(100_000 + member_id),
                "display_name": f"Thầy/cô {member_id}", "role": role, "school_id": i, "district_id": None,
                "homeroom_class": homeroom, "registered_at": CAMPAIGN_START,
            })
            if role == "leader":
                plan.leader = member_id
            else:
                plan.staff.append(member_id)
        schools.append(plan)
    member_user = {m["id"]: (m["platform"], m["user_id"]) for m in rows["members"]}

    events: list[dict[str, Any]] = []

    def add_event(plan: SchoolPlan, member: int, kind: str, detail: str, at: datetime, **extra: Any) -> dict:
        platform, user_id = member_user[member]
        chat = user_id if rng.random() < 0.3 else LEVEL_GROUP_CHATS[plan.levels[0]]
        row = {
            "school_id": plan.id, "member_id": member, "kind": kind, "detail": detail, "platform": platform,
            "user_id": user_id, "chat_id": chat, "at": at, "undone_at": None, "undoes_id": None, **extra,
        }
        events.append(row)
        return row

    class_report_id = 0
    undone_pairs: list[tuple[SchoolPlan, str, datetime]] = []
    for plan in schools:
        share = min(1.0, max(0.0, rng.gauss(0.72, 0.22)))
        order = plan.classes[:]
        rng.shuffle(order)
        done = order[: round(share * len(order))]
        k = 0
        while k < len(done):  # one message reports 1 class, sometimes 2 or 3
            chunk = done[k : k + rng.choices((1, 2, 3), weights=(0.85, 0.12, 0.03))[0]]
            k += len(chunk)
            member = rng.choice(plan.staff)
            at = random_time(rng)
            for name in chunk:
                class_report_id += 1
                rows["class_reports"].append({
                    "id": class_report_id, "school_id": plan.id, "class_name": name, "member_id": member,
                    "reported_at": at,
                })
                plan.reported.add(name)
            add_event(plan, member, "class_done", ",".join(chunk), at)
        if rng.random() < 0.6:  # teacher data: partial reports, then the latest status
            staff = rows["schools"][plan.id - 1]["expected_staff"]
            times = sorted(random_time(rng) for _ in range(rng.randint(1, 3)))
            for n, at in enumerate(times, start=1):
                last = n == len(times)
                reviewed = staff if last and rng.random() < 0.8 else rng.randint(1, staff - 1)
                member = rng.choice(plan.staff)
                add_event(plan, member, "teacher_done", f"{reviewed}/{staff}", at)
            rows["teacher_reports"].append({
                "school_id": plan.id, "reviewed": reviewed, "total": staff, "complete": reviewed >= staff,
                "member_id": member, "reported_at": at,
            })
        if rng.random() < 0.4:
            at = random_time(rng, CAMPAIGN_START + (CAMPAIGN_END - CAMPAIGN_START) * 0.6)
            rows["school_confirmations"].append({"school_id": plan.id, "member_id": plan.leader, "confirmed_at": at})
            add_event(plan, plan.leader, "school_confirmed", "", at)

    # The rest of the trail: classes reported by mistake and undone (the report, marked undone,
    # and the undo event), and further partial teacher-data reports.
    remaining = round(school_count * REPORTS_PER_SCHOOL) - len(events)
    undo_pairs = max(0, remaining) * 6 // 10 // 2
    for _ in range(undo_pairs):
        plan = rng.choice(schools)
        name = rng.choice(plan.classes)
        member = rng.choice(plan.staff)
        at = random_time(rng, CAMPAIGN_START, CAMPAIGN_END - timedelta(hours=2))
        undone_at = at + timedelta(minutes=rng.uniform(1, 90))
        original = add_event(plan, member, "class_done", name, at, undone_at=undone_at)
        undo = add_event(plan, member, "class_done", name, undone_at)
        undone_pairs.append((plan, name, at))
        undo["_undoes"] = original
    teacher_schools = [s for s in schools if rows["schools"][s.id - 1]["expected_staff"] > 1]
    while len(events) < round(school_count * REPORTS_PER_SCHOOL):
        plan = rng.choice(teacher_schools)
        staff = rows["schools"][plan.id - 1]["expected_staff"]
        add_event(plan, rng.choice(plan.staff), "teacher_done", f"{rng.randint(1, staff - 1)}/{staff}", random_time(rng))

    events.sort(key=lambda e: e["at"])
    for n, row in enumerate(events, start=1):
        row["id"] = n
    for row in events:
        original = row.pop("_undoes", None)
        if original is not None:
            row["undoes_id"] = original["id"]
    rows["report_events"] = events
    return Province(rows=rows, schools=schools, next_member_id=member_id + 1)


# --- loading ----------------------------------------------------------------------------------

TABLES = {
    "districts": District, "schools": School, "school_levels": SchoolLevel, "members": Member,
    "class_reports": ClassReport, "teacher_reports": TeacherReport,
    "school_confirmations": SchoolConfirmation, "report_events": ReportEvent,
}
SERIAL_TABLES = ("districts", "schools", "members", "class_reports", "report_events")
CHUNK = 5_000


async def load_province(engine: AsyncEngine, province: Province) -> None:
    """Bulk Core inserts in one transaction, then sequences moved past the explicit ids (PostgreSQL)."""
    async with engine.begin() as connection:
        for name, model in TABLES.items():
            table = model.__table__  # type: ignore[attr-defined]
            rows = province.rows[name]
            for start in range(0, len(rows), CHUNK):
                await connection.execute(insert(table), rows[start : start + CHUNK])
        if engine.dialect.name == "postgresql":
            for name in SERIAL_TABLES:
                await connection.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))")
                )
    if engine.dialect.name == "postgresql":
        async with engine.connect() as connection:
            await connection.execution_options(isolation_level="AUTOCOMMIT")
            await connection.execute(text("ANALYZE"))


# --- query timings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    median: float
    p95: float


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


async def timed(call: Callable[[], Awaitable[Any]], repeat: int) -> Timing:
    for _ in range(WARMUP):
        await call()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        await call()
        timings.append((time.perf_counter() - start) * 1000)
    return Timing(statistics.median(timings), percentile(timings, 0.95))


@dataclass
class Result:
    label: str
    counts: dict[str, int] = field(default_factory=dict)
    seed_s: float = 0.0
    province: Timing | None = None
    province_sql: Timing | None = None
    district: Timing | None = None
    school: Timing | None = None
    province_rows: int = 0
    district_rows: int = 0
    throughput: float = 0.0
    message_ms: Timing | None = None
    outcome: str = ""
    plans: list[tuple[str, list[str]]] = field(default_factory=list)
    indexes: dict[str, str] = field(default_factory=dict)


async def capture_statements(engine: AsyncEngine, call: Callable[[], Awaitable[Any]]) -> list[tuple[str, Any]]:
    captured: list[tuple[str, Any]] = []

    def listener(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
        captured.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", listener)
    try:
        await call()
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", listener)
    return captured


async def explain(engine: AsyncEngine, statement: str, parameters: Any = ()) -> list[str]:
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            result = await connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            rows = result.all()
            depth = {0: -1}
            lines = []
            for node, parent, _, detail in rows:
                depth[node] = depth.get(parent, -1) + 1
                lines.append("  " * depth[node] + detail)
            return lines
        result = await connection.exec_driver_sql(f"EXPLAIN {statement}", parameters)
        return [row[0] for row in result.all()]


async def measure_queries(engine: AsyncEngine, province: Province, result: Result, repeat: int) -> None:
    sessions = make_session_factory(engine)
    counts = Counter(row["district_id"] for row in province.rows["schools"] if row["managed_by_district"])
    district_id = counts.most_common(1)[0][0]  # the largest district
    reports = Counter(row["school_id"] for row in province.rows["class_reports"])
    school_id = reports.most_common(1)[0][0]  # the school with the most class reports

    async def progress(scope: ProgressScope) -> int:
        async with sessions() as session:
            return len(await schools_progress(session, scope))

    province_scope = ProgressScope()
    district_scope = ProgressScope(district_id=district_id, managed_by_district=True)
    result.province_rows = await progress(province_scope)
    result.district_rows = await progress(district_scope)
    result.province = await timed(partial(progress, province_scope), repeat)
    result.district = await timed(partial(progress, district_scope), repeat)
    result.school = await timed(partial(progress, ProgressScope(school_id=school_id)), repeat)

    # The province query's SQL alone: the statement schools_progress sends, run and fetched raw.
    main_sql, main_params = await main_statement(engine, partial(progress, province_scope))

    async def raw() -> None:
        async with engine.connect() as connection:
            (await connection.exec_driver_sql(main_sql, main_params)).all()

    result.province_sql = await timed(raw, repeat)

    # The per-school count that storage/progress.py correlates with each listed school.
    counts_query = select(func.count()).select_from(ClassReport).where(ClassReport.school_id == school_id)
    counts_sql = str(counts_query.compile(dialect=engine.dialect, compile_kwargs={"literal_binds": True}))
    result.plans.append(("class count for one school: " + " ".join(counts_sql.split()), await explain(engine, counts_sql)))
    result.plans.append(("province-wide query: schools_progress(ProgressScope())", await explain(engine, main_sql, main_params)))
    district_sql, district_params = await main_statement(engine, partial(progress, district_scope))
    result.plans.append(
        (f"district: schools_progress(ProgressScope(district_id={district_id}, managed_by_district=True))",
         await explain(engine, district_sql, district_params))
    )
    school_sql, school_params = await main_statement(engine, partial(progress, ProgressScope(school_id=school_id)))
    result.plans.append(
        (f"one school: schools_progress(ProgressScope(school_id={school_id}))", await explain(engine, school_sql, school_params))
    )
    result.indexes = await class_report_indexes(engine)


async def main_statement(engine: AsyncEngine, call: Callable[[], Awaitable[Any]]) -> tuple[str, Any]:
    """The statement (and parameters) of schools_progress's main query, as sent to the driver."""
    statements = await capture_statements(engine, call)
    return next((s, p) for s, p in statements if "class_reports" in s)


async def class_report_indexes(engine: AsyncEngine) -> dict[str, str]:
    """class_reports' indexes: name → columns (SQLite names a table constraint's index itself)."""
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            found = {}
            for row in (await connection.exec_driver_sql("PRAGMA index_list('class_reports')")).all():
                name, origin = row[1], row[3]
                columns = [r[2] for r in (await connection.exec_driver_sql(f"PRAGMA index_info('{name}')")).all()]
                found[name] = f"({', '.join(columns)}){' UNIQUE constraint' if origin == 'u' else ''}"
            return found
        rows = await connection.exec_driver_sql(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'class_reports' AND schemaname = current_schema()"
        )
        return {name: definition[definition.index("(") :] for name, definition in rows.all()}


# --- report throughput ------------------------------------------------------------------------


@dataclass(frozen=True)
class Message:
    sender: UserRef
    text: str
    group: bool


def plan_messages(province: Province, count: int, rng: random.Random) -> tuple[list[dict[str, Any]], list[Message]]:
    """Members (staff and a leader) for a sample of schools, and `count` report messages from them."""
    candidates = [s for s in province.schools if set(s.levels) <= MESSAGE_LEVELS]
    rng.shuffle(candidates)
    class_messages = math.ceil(count * 0.8)
    sample: list[SchoolPlan] = []
    capacity = 0
    for plan in candidates:  # enough schools that every class message names an unreported class
        if capacity >= class_messages * 1.3 and len(sample) >= 20:
            break
        sample.append(plan)
        capacity += len(plan.classes) - len(plan.reported)
    members: list[dict[str, Any]] = []
    senders: dict[int, tuple[list[UserRef], UserRef]] = {}
    pending: dict[int, list[str]] = {}
    member_id = province.next_member_id
    for plan in sample:
        staff = []
        for role in ("leader", "staff", "staff", "staff"):
            user = UserRef(Platform.TELEGRAM, str(900_000 + member_id))
            members.append({
                "id": member_id, "platform": user.platform, "user_id": user.user_id,
                "display_name": f"Bench {member_id}", "role": role, "school_id": plan.id, "district_id": None,
                "homeroom_class": None, "registered_at": CAMPAIGN_START,
            })
            member_id += 1
            if role == "leader":
                leader = user
            else:
                staff.append(user)
        senders[plan.id] = (staff, leader)
        todo = [name for name in plan.classes if name not in plan.reported]
        rng.shuffle(todo)
        pending[plan.id] = todo
    staff_totals = {row["id"]: row["expected_staff"] for row in province.rows["schools"]}

    messages: list[Message] = []
    open_schools = sample[:]  # those with classes still to report
    while len(messages) < count:
        roll = rng.random()
        group = rng.random() < 0.7
        open_schools = [plan for plan in open_schools if pending[plan.id]]
        plan = rng.choice(open_schools if roll < 0.80 and open_schools else sample)
        staff, leader = senders[plan.id]
        if roll < 0.80 and pending[plan.id]:
            name = pending[plan.id].pop()
            if roll < 0.45:
                body = f"/xong {name}"
            else:
                body = rng.choice((f"lớp {name} đã xong ạ", f"lop {name} xong roi a", f"{name} đã hoàn thành"))
            messages.append(Message(rng.choice(staff), body, group))
        elif roll < 0.92:
            total = staff_totals[plan.id]
            reviewed = total if rng.random() < 0.7 else rng.randint(1, total)
            messages.append(Message(rng.choice(staff), f"/xonggv {reviewed}/{total}", group))
        elif roll < 0.96:
            messages.append(Message(leader, "/xacnhan", group))
        else:
            messages.append(Message(rng.choice(staff), "/huy", group))
    return members, messages


def to_incoming(message: Message, n: int) -> Incoming:
    group_chat = f"-100{900 + n % 4}"
    return Incoming(
        update_id=f"bench-{n}",
        chat=ChatRef(message.sender.platform, group_chat if message.group else message.sender.user_id),
        chat_kind=ChatKind.GROUP if message.group else ChatKind.PRIVATE,
        sender=message.sender,
        text=message.text,
        received_at=NOW,
        message_id=str(n),
        chat_title=f"Nhóm hỗ trợ {n % 4}" if message.group else "",
        addressed=message.text.startswith("/"),
    )


async def event_kinds(engine: AsyncEngine) -> Counter[str]:
    async with engine.connect() as connection:
        rows = (await connection.execute(select(ReportEvent.kind, func.count()).group_by(ReportEvent.kind))).all()
    return Counter({kind: n for kind, n in rows})


async def table_count(engine: AsyncEngine, model: type) -> int:
    async with engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(model))).scalar_one()  # type: ignore[arg-type]


async def measure_throughput(
    engine: AsyncEngine, members: list[dict[str, Any]], messages: list[Message], result: Result
) -> None:
    async with engine.begin() as connection:
        await connection.execute(insert(Member.__table__), members)  # type: ignore[attr-defined]
        if engine.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT setval(pg_get_serial_sequence('members', 'id'), (SELECT max(id) FROM members))")
            )
    inbox = Inbox(
        uow_factory=partial(SqlModelUnitOfWork, make_session_factory(engine)),
        dispatcher=build_dispatcher(QuestionDesk(Matcher(load_knowledge(DEFAULT_KNOWLEDGE_PATH)))),
        clock=FixedClock(),
        config=CoreConfig(),
    )
    warmup, measured = messages[:THROUGHPUT_WARMUP], messages[THROUGHPUT_WARMUP:]
    for n, message in enumerate(warmup):
        await inbox.handle(to_incoming(message, n))
    kinds_before = await event_kinds(engine)
    classes_before = await table_count(engine, ClassReport)
    replies: Counter[str] = Counter()
    timings = []
    start = time.perf_counter()
    for n, message in enumerate(measured, start=len(warmup)):
        began = time.perf_counter()
        outgoing = await inbox.handle(to_incoming(message, n))
        timings.append((time.perf_counter() - began) * 1000)
        if outgoing is None:
            replies["no reply (already handled)"] += 1
        elif any(m.text == texts.INTERNAL_ERROR for m in outgoing):
            replies["internal error"] += 1
        elif any(m.text == texts.NOT_REGISTERED for m in outgoing):
            replies["not registered"] += 1
    elapsed = time.perf_counter() - start
    result.throughput = len(measured) / elapsed
    result.message_ms = Timing(statistics.median(timings), percentile(timings, 0.95))
    written = await event_kinds(engine) - kinds_before
    classes = await table_count(engine, ClassReport) - classes_before
    problems = ", ".join(f"{n} {what}" for what, n in replies.items()) or "no errors"
    result.outcome = (
        f"{len(measured)} messages → {classes} class reports, events "
        + ", ".join(f"{kind} {n}" for kind, n in sorted(written.items()))
        + f"; {problems}"
    )


# --- one database -----------------------------------------------------------------------------


async def run_database(
    label: str, url: str, engine_kwargs: dict[str, Any], province: Province,
    members: list[dict[str, Any]], messages: list[Message], repeat: int,
) -> Result:
    result = Result(label)
    engine = make_engine(url, **engine_kwargs)
    try:
        start = time.perf_counter()
        await upgrade_schema(engine)
        await load_province(engine, province)
        result.seed_s = time.perf_counter() - start
        for name, model in TABLES.items():
            result.counts[name] = await table_count(engine, model)
        await measure_queries(engine, province, result, repeat)
        await measure_throughput(engine, members, messages, result)
    finally:
        await engine.dispose()
    return result


# --- output -----------------------------------------------------------------------------------


def print_report(results: list[Result], province: Province, args: argparse.Namespace, pg_note: str) -> None:
    first = results[0]
    expected = sum(row["expected_classes"] for row in province.rows["schools"])
    kinds = Counter(row["kind"] for row in province.rows["report_events"])
    undone = sum(row["undone_at"] is not None for row in province.rows["report_events"])
    undos = sum(row["undoes_id"] is not None for row in province.rows["report_events"])
    levels = Counter("+".join(s.levels) for s in province.schools)
    print(
        f"province (seed {SEED}): {first.counts['districts']} districts, {first.counts['schools']} schools "
        f"({', '.join(f'{k} {n}' for k, n in levels.most_common())}), {expected} expected classes, "
        f"{first.counts['members']} members"
    )
    print(
        f"reports: {first.counts['class_reports']} class_reports "
        f"({first.counts['class_reports'] / expected:.0%} of classes), {first.counts['teacher_reports']} teacher_reports, "
        f"{first.counts['school_confirmations']} school_confirmations, {first.counts['report_events']} report_events "
        f"({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}; {undone} undone, {undos} undo events)"
    )
    print(
        f"queries: {args.repeat} calls after {WARMUP} warm-up, a session each; province {first.province_rows} schools, "
        f"largest district {first.district_rows} schools, one school (the most class reports)"
    )
    print(f"throughput: {args.messages} report messages, one at a time, after {THROUGHPUT_WARMUP} warm-up")
    if pg_note:
        print(pg_note)
    print()

    def cell(result: Result | None, value: Callable[[Result], str]) -> str:
        return "—" if result is None else value(result)

    sqlite = next(r for r in results if r.label == "SQLite")
    postgres = next((r for r in results if r.label == "PostgreSQL"), None)
    ms = lambda t: f"{t:.1f}"  # noqa: E731
    rows = [
        ("seed: migrations + bulk insert (s)", lambda r: f"{r.seed_s:.1f}"),
        ("province query median (ms)", lambda r: ms(r.province.median)),
        ("province query p95 (ms)", lambda r: ms(r.province.p95)),
        ("province query, SQL only, median (ms)", lambda r: ms(r.province_sql.median)),
        ("district query median (ms)", lambda r: ms(r.district.median)),
        ("district query p95 (ms)", lambda r: ms(r.district.p95)),
        ("one school query median (ms)", lambda r: ms(r.school.median)),
        ("one school query p95 (ms)", lambda r: ms(r.school.p95)),
        ("throughput (reports/s)", lambda r: f"{r.throughput:.0f}"),
        ("one report, median / p95 (ms)", lambda r: f"{r.message_ms.median:.1f} / {r.message_ms.p95:.1f}"),
    ]
    width = max(len(name) for name, _ in rows)
    print(f"| {'metric':<{width}} | {'SQLite':>13} | {'PostgreSQL':>13} |")
    print(f"|{'-' * (width + 2)}|{'-' * 15}|{'-' * 15}|")
    for name, value in rows:
        print(f"| {name:<{width}} | {cell(sqlite, value):>13} | {cell(postgres, value):>13} |")
    print()
    for result in results:
        print(f"{result.label} reports: {result.outcome}")
    met = sqlite.province.median < TARGET_MS
    print(
        f"\ntarget: province-wide query under {TARGET_MS:.0f} ms on SQLite — "
        f"{'met' if met else 'NOT met'} (median {sqlite.province.median:.1f} ms, p95 {sqlite.province.p95:.1f} ms)"
    )

    print("\nquery plans:")
    for result in results:
        for title, lines in result.plans:
            print(f"\n{result.label} — {title}")
            for line in lines:
                print(f"    {line}")

    print("\nindexes on class_reports, and how each query reads the table:")
    for result in results:
        for name, columns in result.indexes.items():
            print(f"  {result.label}: {name} {columns}")
    for result in results:
        for title, lines in result.plans:
            access = class_report_access(lines)
            print(f"  {result.label}, {title.split(':')[0]}: {' / '.join(access) or 'no class_reports access'}")
    print(INDEX_NOTE)


def class_report_access(plan: list[str]) -> list[str]:
    """The plan lines that read class_reports (with an index condition that follows one)."""
    access: list[str] = []
    previous = ""
    for line in plan:
        line = PLAN_COST.sub("", line).strip().removeprefix("->  ")
        if "class_reports USING" in line or " on class_reports" in line or " on uq_class_reports" in line:
            access.append(line)
        elif line.startswith("Index Cond:") and access and access[-1] == previous:
            access.append(line)
        previous = line
    return access


PLAN_COST = re.compile(r"\s+\(cost=[^)]*\)")
INDEX_NOTE = """
What serves the progress queries (migrations 0001-0003; the bench adds no index):
- Each listed school's class count is a correlated subquery, count(*) WHERE class_reports.school_id =
  schools.id, answered from uq_class_reports_school_class, the UNIQUE (school_id, class_name) constraint of
  migration 0003 (SQLite names it sqlite_autoindex_class_reports_1: same index, same columns). school_id being
  its first column, each count is one index range read (COVERING INDEX on SQLite, Index Only Scan on
  PostgreSQL), so a district's or one school's progress reads only its own schools' entries.
- ORDER BY schools.code comes from the unique index on schools.code; districts, teacher_reports and
  school_confirmations are joined by primary key (school_id is the key of the last two); the district filter
  has ix_schools_district_id; the level filter has ix_school_levels_level.
- Only the columns progress shows are selected: building 1,500 ORM School rows (with their UTCDateTime
  conversions) used to cost more than the SQL itself; compare "SQL only" with the full query.
"""


# --- main -------------------------------------------------------------------------------------


async def run(args: argparse.Namespace) -> int:
    rng = random.Random(SEED)
    start = time.perf_counter()
    province = generate_province(args.schools, rng)
    members, messages = plan_messages(province, args.messages + THROUGHPUT_WARMUP, rng)
    print(f"generated in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    # The generated rows (~100,000 dicts) live for the whole run; left to the garbage collector,
    # every full collection walks them and lands as a 100+ ms spike in some timed call (a bench
    # artefact: the bot holds no such heap). Freezing moves them out of the collector's sight.
    gc.collect()
    gc.freeze()

    pg_note = ""
    schema: str | None = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        await run_statement(args.postgres_url, f'CREATE SCHEMA "{schema}"')
    except Exception as error:  # noqa: BLE001 - connection refused, unknown database, auth...
        schema = None
        pg_note = f"PostgreSQL not reachable at {args.postgres_url} ({type(error).__name__}: {error}); SQLite only."
        print(pg_note, file=sys.stderr)
        if args.require_postgres:
            return 1

    results: list[Result] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench_reports_") as directory:
            url = f"sqlite+aiosqlite:///{Path(directory) / 'province.db'}"
            print("SQLite…", file=sys.stderr)
            results.append(await run_database("SQLite", url, {}, province, members, messages, args.repeat))
        if schema is not None:
            print("PostgreSQL…", file=sys.stderr)
            kwargs = {"connect_args": {"server_settings": {"search_path": schema}}}
            results.append(
                await run_database("PostgreSQL", args.postgres_url, kwargs, province, members, messages, args.repeat)
            )
    finally:
        if schema is not None:
            await run_statement(args.postgres_url, f'DROP SCHEMA "{schema}" CASCADE')
    print_report(results, province, args, pg_note)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=1_500, help="schools in the province (default 1500)")
    parser.add_argument("--repeat", type=int, default=30, help="timed calls per query (default 30)")
    parser.add_argument("--messages", type=int, default=2_000, help="report messages for throughput (default 2000)")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES_URL)
    parser.add_argument("--require-postgres", action="store_true", help="fail when PostgreSQL cannot be reached")
    args = parser.parse_args(argv)
    if args.schools < 20 or args.repeat < 1 or args.messages < 1:
        parser.error("need --schools >= 20, --repeat >= 1, --messages >= 1")
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
