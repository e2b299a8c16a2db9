"""`progress`: the progress table, or the campaign workbook."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers.core.context import SystemClock
from handlers.core.domain import LEVELS, format_stamp
from handlers.core.spreadsheets import Sheet, write_workbook
from handlers.reports.progress import PROGRESS_HEADERS, progress_table
from handlers.schools.directory import find_district
from storage.progress import ProgressScope


def add_arguments(progress: argparse.ArgumentParser) -> None:
    progress.add_argument("--level", type=str.upper, choices=LEVELS, help="chỉ cấp học này")
    progress.add_argument("--district", metavar="QUẬN/HUYỆN", help="chỉ quận/huyện này")
    progress.add_argument("--out", metavar="FILE.xlsx", type=Path, help="ghi ra file Excel")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    return await with_database(settings, lambda database: progress_command(database, args), migrate=False)


async def progress_command(database: Database, args: argparse.Namespace) -> int:
    async with database.uow_factory() as uow:
        district = await find_district(uow, args.district) if args.district else None
        if args.district and district is None:
            print(f"Không tìm thấy quận/huyện '{args.district}'.", file=sys.stderr)
            return 1
        levels = frozenset({args.level}) if args.level else None
        scope = ProgressScope(district_id=district.id if district else None, levels=levels)
        rows = progress_table(await uow.progress.schools(scope))
    if args.out:
        caption = f"Tiến độ rà soát CSDL Ngành — {format_stamp(SystemClock().now(), database.settings.timezone)}"
        write_workbook(args.out, [Sheet("Tiến độ", PROGRESS_HEADERS, rows, caption=caption)])
        print(f"Đã ghi tiến độ {len(rows)} trường vào {args.out}.")
    else:
        print_table(PROGRESS_HEADERS, rows)
    return 0


COMMAND = CliCommand("progress", "bảng tiến độ rà soát theo trường", add_arguments, run)
