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
from handlers.core.spreadsheets import OutputError, Sheet, write_table_file
from handlers.reports.progress import PROGRESS_HEADERS, progress_table
from handlers.schools.directory import find_district
from storage.progress import ProgressScope


def add_arguments(progress: argparse.ArgumentParser) -> None:
    progress.add_argument("--level", type=str.upper, choices=LEVELS, help="chỉ cấp học này")
    progress.add_argument("--district", metavar="QUẬN/HUYỆN", help="chỉ quận/huyện này")
    progress.add_argument(
        "--out", metavar="FILE.xlsx|FILE.csv", type=Path,
        help="ghi ra tệp: .xlsx (Excel) hoặc .csv (UTF-8, mở được bằng Excel); thư mục chưa có sẽ được tạo",
    )


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
        # A CSV has no room for a caption line above its header.
        sheet_caption = caption if args.out.suffix.lower() == ".xlsx" else None
        try:
            write_table_file(args.out, [Sheet("Tiến độ", PROGRESS_HEADERS, rows, caption=sheet_caption)])
        except OutputError as error:
            print(error, file=sys.stderr)
            return 1
        print(f"Đã ghi tiến độ {len(rows)} trường vào {args.out}.")
    else:
        print_table(PROGRESS_HEADERS, rows)
    return 0


COMMAND = CliCommand("progress", "bảng tiến độ rà soát theo trường", add_arguments, run)
