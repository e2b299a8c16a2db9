"""`schools import` and `schools codes`: the school list and the registration codes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers.core.context import SystemClock
from handlers.core.spreadsheets import Sheet, write_csv, write_workbook
from handlers.schools.directory import import_schools
from handlers.schools.join_codes import code_table, issue_school_codes
from handlers.schools.school_file import SchoolFileError, read_school_file


def add_arguments(schools: argparse.ArgumentParser) -> None:
    school_commands = schools.add_subparsers(dest="schools_command", required=True, metavar="VIỆC")
    school_import = school_commands.add_parser("import", help="nạp danh sách trường từ file .xlsx hoặc .csv")
    school_import.add_argument("file", metavar="FILE", type=Path)
    codes = school_commands.add_parser("codes", help="mã đăng ký của các trường và Phòng GDĐT")
    codes.add_argument("--format", choices=["csv", "table"], default="table", help="in ra dạng csv hoặc bảng")
    codes.add_argument("--out", metavar="FILE.xlsx", type=Path, help="ghi ra file Excel để gửi các trường")
    codes.add_argument("--rotate", metavar="MÃ_TRƯỜNG", help="cấp mã mới cho một trường (mã cũ hết hiệu lực)")
    codes.add_argument("--districts", action="store_true", help="in mã của các Phòng GDĐT thay cho các trường")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.schools_command == "import":
        # Loading the school list is often the first command on a new database: it creates the schema.
        return await with_database(settings, lambda database: import_command(database, args.file), migrate=True)
    return await with_database(settings, lambda database: codes_command(database, args), migrate=False)


async def import_command(database: Database, path: Path) -> int:
    try:
        rows = read_school_file(path)
    except SchoolFileError as error:
        print(f"Không nạp trường nào vì file {path} có lỗi:\n{error}", file=sys.stderr)
        return 1
    async with database.uow_factory() as uow:
        summary = await import_schools(uow, rows, now=SystemClock().now())
        await uow.commit()
    print(
        f"Đã nạp {len(rows)} trường: {summary.created} trường mới, {summary.updated} trường cập nhật, "
        f"{summary.districts_created} quận/huyện mới, cấp mã đăng ký cho {summary.codes_issued} đơn vị."
    )
    return 0


SCHOOL_CODE_HEADERS = ("school_code", "school_name", "staff_join_code", "leader_join_code")
SCHOOL_CODE_TITLES = ("Mã trường", "Tên trường", "Mã đăng ký cán bộ, giáo viên", "Mã đăng ký lãnh đạo")
DISTRICT_CODE_HEADERS = ("district_code", "district_name", "join_code")
DISTRICT_CODE_TITLES = ("Mã quận/huyện", "Phòng GDĐT", "Mã đăng ký")


async def codes_command(database: Database, args: argparse.Namespace) -> int:
    async with database.uow_factory() as uow:
        if args.rotate:
            school = await uow.schools.by_code(args.rotate.strip().upper())
            if school is None:
                print(f"Không tìm thấy trường có mã '{args.rotate}'.", file=sys.stderr)
                return 1
            codes = await issue_school_codes(uow, school)
            await uow.commit()
            print(f"Đã đổi mã của {school.name}: cán bộ, giáo viên {codes.staff_join_code}; lãnh đạo {codes.leader_join_code}.")
            return 0
        schools, districts = await code_table(uow)
    school_rows = [[c.school_code, c.school_name, c.staff_join_code, c.leader_join_code] for c in schools]
    district_rows = [[c.district_code, c.district_name, c.join_code] for c in districts]
    if args.out:
        write_workbook(args.out, [
            Sheet("Mã đăng ký các trường", SCHOOL_CODE_TITLES, school_rows, caption="Mã đăng ký Trợ lý CSDL Ngành — giữ bí mật"),
            Sheet("Mã Phòng GDĐT", DISTRICT_CODE_TITLES, district_rows),
        ])
        print(f"Đã ghi {len(school_rows)} trường và {len(district_rows)} Phòng GDĐT vào {args.out}.")
        return 0
    headers, rows = (DISTRICT_CODE_HEADERS, district_rows) if args.districts else (SCHOOL_CODE_HEADERS, school_rows)
    if args.format == "csv":
        write_csv(sys.stdout, headers, rows)
    else:
        print_table(headers, rows)
    return 0


COMMAND = CliCommand("schools", "nhập danh sách trường; in, xuất, đổi mã đăng ký", add_arguments, run)
