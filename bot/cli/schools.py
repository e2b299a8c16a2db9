"""`schools import` and `schools codes`: the school list and the registration codes."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers import texts
from handlers.core.context import SystemClock
from handlers.core.domain import Role, in_level_order
from handlers.core.os_errors import os_reason
from handlers.core.spreadsheets import OutputError, Sheet, write_csv, write_table_file
from handlers.schools.directory import (
    DemoDataPresent,
    ImportPlan,
    ImportRefused,
    apply_import,
    find_district,
    plan_import,
)
from handlers.schools.join_codes import SCHOOL_ROLES, code_table, issue_district_code, issue_school_codes
from handlers.schools.school_file import SchoolFileError, read_school_list
from handlers.schools.slips import Slip, SlipCode, example_class, slip_filename, write_slip
from storage.uow import UnitOfWork

FILE_HELP = (
    "Tệp .xlsx hoặc .csv (UTF-8, UTF-8 có BOM hoặc UTF-16; dấu phân cách , ; hoặc tab). Các cột: "
    "'Mã trường', 'Tên trường', 'Cấp học' (MN, TH, THCS, THPT, GDTX; nhiều cấp ghi 'TH, THCS'), "
    "'Số lớp', 'Số CB-GV-NV' (bắt buộc); 'Quận/Huyện' và/hoặc 'Đơn vị quản lý' ('Sở GDĐT' hoặc "
    "'Phòng GDĐT <quận/huyện>'). Tiêu đề có thể nằm trong 10 dòng đầu, kể cả tiêu đề hai dòng (ô gộp); "
    "dòng 'Tổng cộng' và dòng đánh số cột được bỏ qua. Tệp .xlsx có thể thêm một trang danh sách lớp "
    "(xem --classes)."
)
CLASSES_HELP = (
    "danh sách lớp chính xác của các trường: tệp .csv hoặc .xlsx có hai cột 'Mã trường' và 'Lớp' (mỗi dòng một lớp, "
    "ví dụ 31001 | 6A1; mầm non ghi 'Lá 1', 'Chồi 2'); thay cho cách này, tệp .xlsx của danh sách trường có thể có "
    "một trang thứ hai với hai cột đó. Trường có danh sách lớp: /xong chỉ nhận đúng các lớp trong danh sách và số lớp "
    "của trường là số dòng của trường trong danh sách; trường không có trong danh sách lớp kiểm tra theo cấp học và "
    "'Số lớp'. Nạp lại không kèm danh sách lớp thì giữ danh sách đã nạp; bỏ một lớp đã có báo cáo là trái với báo cáo "
    "(cần --force)."
)


def add_arguments(schools: argparse.ArgumentParser) -> None:
    school_commands = schools.add_subparsers(dest="schools_command", required=True, metavar="VIỆC")
    school_import = school_commands.add_parser(
        "import",
        help="nạp danh sách trường từ tệp .xlsx hoặc .csv (nạp lại: xem trước, --apply để ghi)",
        description=(
            "Nạp danh sách trường. Lần đầu (cơ sở dữ liệu chưa có trường nào) ghi ngay. Nạp lại thì chỉ in "
            "những gì sẽ thêm, sửa (từng cột) và xoá; thêm --apply để ghi. Thay đổi trái với báo cáo đã ghi nhận "
            "(số lớp ít hơn số lớp đã báo xong, đổi cấp học khi đã có báo cáo, bỏ khỏi danh sách lớp một lớp đã báo "
            "xong) bị từ chối, trừ khi thêm --force. Chỉ cần một dòng sai là không nạp gì. Trường có cấp THPT mà "
            "thuộc Phòng GDĐT được cảnh báo (không phải lỗi)."
        ),
    )
    school_import.add_argument("file", metavar="TỆP", type=Path, help=FILE_HELP)
    school_import.add_argument("--classes", metavar="TỆP_LỚP", type=Path, help=CLASSES_HELP)
    school_import.add_argument("--apply", action="store_true", help="ghi các thay đổi (mặc định khi nạp lại: chỉ xem trước)")
    school_import.add_argument(
        "--force", action="store_true",
        help="vẫn ghi thay đổi trái với báo cáo đã có; các báo cáo bị ảnh hưởng được ghi vào nhật ký",
    )
    add_codes_arguments(school_commands)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.schools_command == "import":
        # Loading the school list is often the first command on a new database: it creates the schema.
        return await with_database(settings, lambda database: import_command(database, args), migrate=True)
    conflict = option_conflict(args)
    if conflict is not None:  # said before the database is even opened
        print(conflict, file=sys.stderr)
        return 2
    return await with_database(settings, lambda database: codes_command(database, args), migrate=False)


async def import_command(database: Database, args: argparse.Namespace) -> int:
    path: Path = args.file
    try:
        school_list = read_school_list(path, args.classes)
    except SchoolFileError as error:
        where = f"{path} và {args.classes}" if args.classes else f"{path}"
        print(f"Không nạp trường nào vì tệp {where} có lỗi:\n{error}", file=sys.stderr)
        return 1
    async with database.uow_factory() as uow:
        try:
            plan = await plan_import(uow, school_list)
        except DemoDataPresent as refusal:
            print(
                f"Cơ sở dữ liệu đang có {refusal.demo_schools} trường demo; không trộn trường thật với dữ liệu mẫu. "
                "Xoá dữ liệu mẫu bằng: python -m bot demo --clear, rồi nạp lại.",
                file=sys.stderr,
            )
            return 1
        except ImportRefused as refusal:
            print("\n".join(refusal.problems), file=sys.stderr)
            return 1
        for line in describe_plan(plan):
            print(line)
        if not plan.first_import and not args.apply:
            if plan.has_changes:
                print("Đây là bản xem trước, chưa ghi gì. Thêm --apply để ghi các thay đổi trên.")
            return 1 if plan.conflicts and not args.force else 0
        if plan.conflicts and not args.force:
            print(texts.IMPORT_CONFLICTS_REFUSED.format(count=len(plan.conflicts)), file=sys.stderr)
            return 1
        _, summary = await apply_import(uow, school_list, SystemClock().now(), force=args.force)
        await uow.commit()
    print(
        f"Đã nạp {len(school_list.rows)} trường: {summary.created} trường mới, {summary.updated} trường cập nhật, "
        f"{summary.removed} trường xoá, {summary.districts_created} quận/huyện mới, "
        f"cấp mã đăng ký cho {summary.codes_issued} đơn vị."
        + (f" Danh sách lớp: {len(school_list.class_lists)} trường." if school_list.class_lists is not None else "")
    )
    return 0


def describe_plan(plan: ImportPlan) -> list[str]:
    """The plan as an official reads it: notes, then additions, changes field by field, removals."""
    lines = [f"CẢNH BÁO — {warning}" for warning in plan.warnings]
    lines += [f"Lưu ý — {note}" for note in plan.notes]
    if plan.first_import:
        return lines
    if plan.added:
        lines.append(f"Thêm {len(plan.added)} trường:")
        lines += [f"  + {row.code} {row.name} (dòng {row.row})" for row in plan.added]
    if plan.new_districts:
        lines.append(f"Thêm {len(plan.new_districts)} quận/huyện: {', '.join(plan.new_districts)}")
    if plan.changed:
        lines.append(f"Sửa {len(plan.changed)} trường:")
        for change in plan.changed:
            lines.append(f"  ~ {change.row.code} {change.row.name} (dòng {change.row.row})")
            lines += [f"      {c.label}: {c.old} → {c.new}" for c in change.changes]
            lines += [f"      ! Trái với báo cáo: {conflict}" for conflict in change.conflicts]
    dropped = [r for r in plan.removed if r.kept_because is None]
    kept = [r for r in plan.removed if r.kept_because is not None]
    if dropped:
        lines.append(f"Xoá {len(dropped)} trường không có trong tệp:")
        lines += [f"  - {r.code} {r.name}" for r in dropped]
    if kept:
        lines.append(f"{len(kept)} trường không có trong tệp nhưng không xoá (xoá người đăng ký trước: members remove):")
        lines += [f"  = {r.code} {r.name}: {r.kept_because}" for r in kept]
    if not plan.has_changes and not kept:
        lines.append(f"Không có thay đổi: {plan.unchanged} trường giữ nguyên.")
    elif plan.unchanged:
        lines.append(f"{plan.unchanged} trường giữ nguyên.")
    return lines


SCHOOL_CODE_HEADERS = ("school_code", "school_name", "staff_join_code", "leader_join_code")
SCHOOL_CODE_TITLES = ("Mã trường", "Tên trường", "Mã đăng ký cán bộ, giáo viên", "Mã đăng ký lãnh đạo")
DISTRICT_CODE_HEADERS = ("district_code", "district_name", "join_code")
DISTRICT_CODE_TITLES = ("Mã quận/huyện", "Phòng GDĐT", "Mã đăng ký")
ROTATE_ROLES = {"both": SCHOOL_ROLES, "staff": (Role.STAFF,), "leader": (Role.LEADER,)}


def add_codes_arguments(school_commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    codes = school_commands.add_parser(
        "codes",
        help="mã đăng ký: in, ghi phiếu cho từng trường, đổi mã",
        description=(
            "Mỗi trường có hai mã (cán bộ, giáo viên; lãnh đạo), mỗi Phòng GDĐT một mã. Không có tuỳ chọn: in bảng "
            "mã các trường (cột school_code, school_name, staff_join_code, leader_join_code). --out THƯ_MỤC ghi mỗi "
            "trường một phiếu (trang HTML in được: tên trường, hai mã, công dụng, ba bước đăng ký, mã QR mở trợ lý "
            "với mã điền sẵn khi đặt TELEGRAM_BOT_USERNAME, và mã QR mở trợ lý trên Zalo kèm lời dặn gửi /dangky MÃ "
            "khi đặt ZALO_BOT_LINK) và mỗi Phòng GDĐT một phiếu riêng. --workbook TỆP ghi "
            "bảng tổng hợp mọi mã (.xlsx hoặc .csv), chỉ dành cho quản trị viên, không gửi cho các trường."
        ),
    )
    codes.add_argument("--format", choices=["csv", "table"], help="in ra dạng csv hoặc bảng (mặc định: bảng)")
    codes.add_argument("--districts", action="store_true", help="in mã của các Phòng GDĐT thay cho các trường")
    codes.add_argument(
        "--out", metavar="THƯ_MỤC", type=Path,
        help="ghi phiếu riêng cho từng trường và từng Phòng GDĐT vào thư mục này (tạo nếu chưa có)",
    )
    codes.add_argument(
        "--workbook", metavar="TỆP.xlsx|TỆP.csv", type=Path,
        help="ghi bảng tổng hợp mã của mọi đơn vị (chỉ cho quản trị viên)",
    )
    codes.add_argument("--rotate", metavar="MÃ_TRƯỜNG", help="cấp mã mới cho một trường; mã cũ hết hiệu lực ngay")
    codes.add_argument(
        "--role", choices=sorted(ROTATE_ROLES),
        help="với --rotate: đổi mã cán bộ, giáo viên (staff), mã lãnh đạo (leader) hay cả hai (both, mặc định)",
    )
    codes.add_argument(
        "--rotate-district", metavar="QUẬN/HUYỆN", help="cấp mã mới cho một Phòng GDĐT (tên hoặc mã quận/huyện)"
    )


def option_conflict(args: argparse.Namespace) -> str | None:
    """One line naming options given together that the command cannot honour together, or None."""
    actions = [
        name for name, given in (
            ("--rotate", args.rotate), ("--rotate-district", args.rotate_district),
            ("--out", args.out is not None), ("--workbook", args.workbook is not None),
        ) if given
    ]
    if len(actions) > 1:
        return f"Không dùng {actions[0]} cùng với {actions[1]}: mỗi lần chạy lệnh chỉ làm một việc; hãy chạy hai lần."
    if args.role is not None and not args.rotate:
        return "--role chỉ dùng kèm --rotate MÃ_TRƯỜNG (chọn đổi mã cán bộ, giáo viên, mã lãnh đạo hay cả hai)."
    printing = [name for name, given in (("--format", args.format is not None), ("--districts", args.districts)) if given]
    if printing and actions:
        return (
            f"Không dùng {printing[0]} cùng với {actions[0]}: {printing[0]} chỉ dùng khi in bảng mã ra màn hình "
            f"(không kèm {actions[0]})."
        )
    return None


async def codes_command(database: Database, args: argparse.Namespace) -> int:
    async with database.uow_factory() as uow:
        if args.rotate:
            return await rotate_school(uow, args.rotate, ROTATE_ROLES[args.role or "both"])
        if args.rotate_district:
            return await rotate_district(uow, args.rotate_district)
        schools, districts = await code_table(uow)
        if args.out is not None and args.out.suffix.lower() in (".xlsx", ".csv"):
            print(
                f"--out nhận một thư mục để ghi phiếu riêng cho từng trường; bảng tổng hợp mọi mã (chỉ cho quản trị "
                f"viên) ghi bằng: python -m bot schools codes --workbook {args.out}",
                file=sys.stderr,
            )
            return 1
        if args.out is not None:
            settings = database.settings
            return await write_slips(uow, args.out, settings.telegram_bot_username, settings.zalo_bot_link)
    school_rows = [[c.school_code, c.school_name, c.staff_join_code, c.leader_join_code] for c in schools]
    district_rows = [[c.district_code, c.district_name, c.join_code] for c in districts]
    if args.workbook is not None:
        return write_code_workbook(args.workbook, school_rows, district_rows)
    headers, rows = (DISTRICT_CODE_HEADERS, district_rows) if args.districts else (SCHOOL_CODE_HEADERS, school_rows)
    if not rows:
        print("Chưa có đơn vị nào có mã; nạp danh sách trường trước: python -m bot schools import TỆP", file=sys.stderr)
        return 1
    if args.format == "csv":
        write_csv(sys.stdout, headers, rows)
    else:
        print_table(headers, rows)
    return 0


async def rotate_school(uow: UnitOfWork, code: str, roles: tuple[Role, ...]) -> int:
    school = await uow.schools.by_code(clean_code(code))
    if school is None:
        print(f"Không tìm thấy trường có mã '{clean_code(code)}'.", file=sys.stderr)
        return 1
    codes = await issue_school_codes(uow, school, roles)
    await uow.commit()
    which = {
        (Role.STAFF,): f"mã cán bộ, giáo viên mới {codes.staff_join_code}",
        (Role.LEADER,): f"mã lãnh đạo mới {codes.leader_join_code}",
    }.get(roles, f"cán bộ, giáo viên {codes.staff_join_code}; lãnh đạo {codes.leader_join_code}")
    print(f"Đã đổi mã của {school.name}: {which}. Mã cũ hết hiệu lực; người đã đăng ký vẫn giữ đăng ký.")
    return 0


async def rotate_district(uow: UnitOfWork, name: str) -> int:
    district = await uow.districts.by_code(clean_code(name)) or await find_district(uow, name)
    if district is None:
        print(f"Không tìm thấy quận/huyện '{name}'.", file=sys.stderr)
        return 1
    codes = await issue_district_code(uow, district)
    await uow.commit()
    print(f"Đã đổi mã của Phòng GDĐT {district.name}: {codes.join_code}. Mã cũ hết hiệu lực.")
    return 0


def clean_code(text: str) -> str:
    """A school code as typed or pasted: invisible characters, apostrophes and spaces gone."""
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cf").strip().strip("'\u2019").strip().upper()


def write_code_workbook(path: Path, school_rows: list[list[object]], district_rows: list[list[object]]) -> int:
    sheets = [Sheet("Mã đăng ký các trường", SCHOOL_CODE_TITLES, school_rows)]
    if path.suffix.lower() == ".xlsx":
        sheets = [
            Sheet("Mã đăng ký các trường", SCHOOL_CODE_TITLES, school_rows,
                  caption="Mã đăng ký Trợ lý CSDL Ngành — chỉ dành cho quản trị viên, không gửi cho các trường"),
            Sheet("Mã Phòng GDĐT", DISTRICT_CODE_TITLES, district_rows),
        ]
    try:
        write_table_file(path, sheets)
    except OutputError as error:
        print(error, file=sys.stderr)
        return 1
    extra = f" và {len(district_rows)} Phòng GDĐT" if len(sheets) > 1 else ""
    print(f"Đã ghi mã của {len(school_rows)} trường{extra} vào {path}. Bảng này chỉ dành cho quản trị viên; "
          "gửi các trường phiếu riêng: python -m bot schools codes --out THƯ_MỤC")
    return 0


async def write_slips(uow: UnitOfWork, folder: Path, bot_username: str | None, zalo_link: str | None = None) -> int:
    slips = await registration_slips(uow)
    if not slips:
        print("Chưa có đơn vị nào có mã; nạp danh sách trường trước: python -m bot schools import TỆP", file=sys.stderr)
        return 1
    try:
        if folder.exists() and not folder.is_dir():
            raise OutputError(f"Không ghi được vào '{folder}': đó là một tệp, cần một thư mục")
        written = 0
        for subfolder, slip in slips:
            target = folder / subfolder
            target.mkdir(parents=True, exist_ok=True)
            write_slip(target, slip, bot_username, zalo_link)
            written += 1
    except OutputError as error:
        print(error, file=sys.stderr)
        return 1
    except OSError as error:
        print(f"Không ghi được vào '{folder}': {os_reason(error)}", file=sys.stderr)
        return 1
    schools = sum(1 for subfolder, _ in slips if subfolder != DISTRICT_FOLDER)
    print(f"Đã ghi {schools} phiếu trường và {written - schools} phiếu Phòng GDĐT vào {folder}/ "
          f"(mỗi phiếu chỉ có mã của đơn vị đó).")
    if bot_username is None:
        print("Chưa đặt TELEGRAM_BOT_USERNAME nên phiếu không có mã QR Telegram; đặt biến này (tên bot, không có @) "
              "rồi ghi lại.")
    if zalo_link is None:
        print("Phiếu chưa có mã QR Zalo; muốn thêm, đặt ZALO_BOT_LINK (link chia sẻ của bot, https://zalo.me/<id bot>).")
    return 0


DISTRICT_FOLDER = "phong-gddt"


async def registration_slips(uow: UnitOfWork) -> list[tuple[str, Slip]]:
    """(subfolder, slip) for every school (grouped by district) and every district office."""
    schools, districts = await code_table(uow)
    district_of = {d.id: d for d in await uow.districts.all()}
    records = {s.code: s for s in await uow.schools.all()}
    slips: list[tuple[str, Slip]] = []
    for codes in schools:
        school = records[codes.school_code]
        assert school.id is not None
        district = district_of.get(school.district_id)
        school_levels = await uow.schools.levels_of(school.id)
        levels = ", ".join(in_level_order(school_levels))
        example = example_class(in_level_order(school_levels), await uow.schools.class_list(school.id))
        manager = f"Phòng GDĐT {district.name}" if district and school.managed_by_district else "Sở GDĐT"
        # the folder is who hands the slips out: the Phòng for its schools, the Sở for the rest
        # (a THPT school in Ngô Quyền is not the Phòng Ngô Quyền's to hand over)
        by_district = district is not None and school.managed_by_district
        subfolder = slip_filename(district.code, district.name).removesuffix(".html") if by_district else "so-gddt"
        slips.append((
            f"truong/{subfolder}",
            Slip(
                school.code, school.name, f"Mã trường {school.code} · cấp {levels} · {manager}",
                (
                    SlipCode(texts.SLIP_ROLE_STAFF, texts.SLIP_PURPOSE_STAFF.format(example=example),
                             codes.staff_join_code, homeroom_example=example),
                    SlipCode(texts.SLIP_ROLE_LEADER, texts.SLIP_PURPOSE_LEADER, codes.leader_join_code),
                ),
            ),
        ))
    for codes in districts:
        slips.append((
            DISTRICT_FOLDER,
            Slip(codes.district_code, f"Phòng GDĐT {codes.district_name}", f"Mã quận/huyện {codes.district_code}",
                 (SlipCode(texts.SLIP_ROLE_DISTRICT, texts.SLIP_PURPOSE_DISTRICT, codes.join_code),)),
        ))
    return slips


COMMAND = CliCommand("schools", "nạp danh sách trường; mã đăng ký: in, phiếu cho từng trường, đổi mã", add_arguments, run)
