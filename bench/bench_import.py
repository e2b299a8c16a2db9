"""Benchmark the school import: reading a file, planning a re-import (the dry run) and applying it,
SQLite and PostgreSQL side by side.

    python bench/bench_import.py                      # 1,500 schools, SQLite (+ PostgreSQL if reachable)
    python bench/bench_import.py --schools 10000
    python bench/bench_import.py --postgres-url postgresql+asyncpg://postgres@127.0.0.1:5432/test

The file (random.Random(2026)): schools across 15 districts and every level, written as .xlsx. Figures:
read (parse and validate the file), first import (plan + apply + commit on an empty database),
re-import plan of a corrected file (5% of the schools changed: more classes, a new name), and its
apply. SQLite runs on a temporary file; PostgreSQL in a schema created for the run and dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from handlers.schools.directory import apply_import, plan_import  # noqa: E402
from handlers.schools.school_file import read_school_list  # noqa: E402
from storage.database import make_engine, make_session_factory, run_statement, upgrade_schema  # noqa: E402
from storage.uow import SqlModelUnitOfWork  # noqa: E402

LEVELS = ("MN", "TH", "THCS", "TH, THCS", "THPT", "GDTX")
DISTRICTS = ("Hồng Bàng", "Ngô Quyền", "Lê Chân", "Hải An", "Kiến An", "Đồ Sơn", "Dương Kinh", "Thủy Nguyên",
             "An Dương", "An Lão", "Kiến Thụy", "Tiên Lãng", "Vĩnh Bảo", "Cát Hải", "Bạch Long Vĩ")
NOW = datetime(2026, 12, 1, tzinfo=UTC)


def write_file(path: Path, schools: int, *, changed_share: float = 0.0) -> None:
    rng = random.Random(2026)
    changer = random.Random(7)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Mã trường", "Tên trường", "Cấp học", "Quận/Huyện", "Số lớp", "Số CB-GV-NV"])
    for number in range(schools):
        classes = rng.randint(8, 45)
        name = f"Trường số {number} {rng.choice(DISTRICTS)}"
        if changer.random() < changed_share:
            classes, name = classes + 1, name + " (sửa)"
        sheet.append([f"HP{number:05d}", name, rng.choice(LEVELS), rng.choice(DISTRICTS), classes, classes * 2])
    workbook.save(path)


async def measure(url: str, first: Path, second: Path, engine_kwargs: dict) -> dict[str, float]:
    engine = make_engine(url, **engine_kwargs)
    await upgrade_schema(engine)
    factory = partial(SqlModelUnitOfWork, make_session_factory(engine))
    figures: dict[str, float] = {}
    try:
        listing = read_school_list(first)
        started = time.perf_counter()
        async with factory() as uow:
            await apply_import(uow, listing, NOW)
            await uow.commit()
        figures["first import (s)"] = time.perf_counter() - started
        corrected = read_school_list(second)
        started = time.perf_counter()
        async with factory() as uow:
            plan = await plan_import(uow, corrected)
        figures["re-import plan (s)"] = time.perf_counter() - started
        figures["changed schools"] = len(plan.changed)
        started = time.perf_counter()
        async with factory() as uow:
            await apply_import(uow, corrected, NOW)
            await uow.commit()
        figures["re-import apply (s)"] = time.perf_counter() - started
    finally:
        await engine.dispose()
    return figures


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--schools", type=int, default=1500)
    parser.add_argument("--postgres-url", default="postgresql+asyncpg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        first, second = Path(folder) / "truong.xlsx", Path(folder) / "truong-sua.xlsx"
        write_file(first, args.schools)
        write_file(second, args.schools, changed_share=0.05)
        started = time.perf_counter()
        read_school_list(first)
        read_seconds = time.perf_counter() - started
        results = {"SQLite": await measure(f"sqlite+aiosqlite:///{folder}/bench.db", first, second, {})}
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        try:
            await run_statement(args.postgres_url, f'CREATE SCHEMA "{schema}"')
        except Exception as error:  # PostgreSQL not running: SQLite alone
            print(f"PostgreSQL skipped: {error}")
        else:
            try:
                kwargs = {"connect_args": {"server_settings": {"search_path": schema}}}
                results["PostgreSQL"] = await measure(args.postgres_url, first, second, kwargs)
            finally:
                await run_statement(args.postgres_url, f'DROP SCHEMA "{schema}" CASCADE')
    print(f"{args.schools} schools; read and validate the .xlsx: {read_seconds:.2f} s")
    names = list(results)
    print(f"{'figure':<24}" + "".join(f"{name:>14}" for name in names))
    for key in results[names[0]]:
        print(f"{key:<24}" + "".join(f"{results[name][key]:>14.2f}" for name in names))


if __name__ == "__main__":
    asyncio.run(main())
