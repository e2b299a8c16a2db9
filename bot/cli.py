"""`python -m bot COMMAND`: the operations interface of design.md."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from bot.app import BotApp, install_stop_signals, run_console, run_platforms, with_app
from bot.channels import ChannelStartError
from bot.channels.console import ConsoleIdentity
from bot.logs import setup_logging
from bot.settings import Settings, SettingsError, load_settings
from handlers.answers.answering import AnswerResult, answer_question
from handlers.admin.demo import RealDataPresent, load_demo
from handlers.schools.join_codes import code_table, issue_school_codes
from handlers.answers.knowledge import KnowledgeError
from handlers.reports.progress import PROGRESS_HEADERS, progress_table
from handlers.schools.directory import find_district, import_schools
from handlers.schools.school_file import SchoolFileError, read_school_file
from handlers.core.spreadsheets import Sheet, write_csv, write_workbook
from handlers.answers.questions import current_deadlines
from handlers.admin.groups import assign_group_level, parse_group_level
from handlers.schools.membership import UnknownSchool, find_school, link_member
from handlers.core.messages import ChatKind, ChatRef, Platform, UserRef
from handlers.texts import GROUP_NAMES, ROLE_NAMES
from storage.models import Level, Role
from storage.progress import ProgressScope, schools_progress

log = logging.getLogger(__name__)

CONSOLE_USER = UserRef(Platform.CONSOLE, "nguoi-dung")
# Names design.md reserves; each arrives with its own issue.
RESERVED = {
    "deadline": "đặt và xem hạn chót của đợt rà soát",
    "qr": "mã QR của nhóm hỗ trợ",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Trợ lý CSDL Ngành: chatbot hỗ trợ rà soát dữ liệu giáo viên, học sinh trên CSDL Ngành.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "run", help="chạy trợ lý trên mọi nền tảng có token (không có token: mở console)"
    )
    console = commands.add_parser("console", help="trò chuyện với trợ lý ngay trong terminal, không cần token")
    console.add_argument("--role", choices=[r.value for r in Role], default=Role.STAFF.value, help="vai trò (mặc định: staff)")
    console.add_argument("--school", metavar="MÃ_TRƯỜNG", help="mã trường (mặc định: trường đầu tiên của cấp học)")
    console.add_argument("--level", metavar="CẤP", help="nhắn trong nhóm hỗ trợ của cấp này (MN, TH, THCS, THPT); bỏ trống: nhắn riêng")
    console.add_argument("--name", default="Người dùng thử", help="tên hiển thị")
    commands.add_parser("demo", help="nạp dữ liệu mẫu (quận/huyện Hải Phòng, 40 trường demo, một đợt rà soát)")
    ask = commands.add_parser("ask", help="hỏi thử: in câu trả lời trợ lý sẽ đưa ra (kiểm tra cơ sở tri thức)")
    ask.add_argument("question", metavar="CÂU_HỎI", help='câu hỏi; "-" để đọc mỗi dòng một tin nhắn (chữ thường hoặc JSON)')
    ask.add_argument("--level", type=str.upper, choices=[level.value for level in Level], help="cấp học của nhóm")
    ask.add_argument("--group", action="store_true", help="như tin nhắn đăng trong nhóm mà không gọi trợ lý")
    ask.add_argument("--json", action="store_true", help="in một đối tượng JSON mỗi dòng")
    schools = commands.add_parser("schools", help="nhập danh sách trường; in, xuất, đổi mã đăng ký")
    school_commands = schools.add_subparsers(dest="schools_command", required=True, metavar="VIỆC")
    school_import = school_commands.add_parser("import", help="nạp danh sách trường từ file .xlsx hoặc .csv")
    school_import.add_argument("file", metavar="FILE", type=Path)
    codes = school_commands.add_parser("codes", help="mã đăng ký của các trường và Phòng GDĐT")
    codes.add_argument("--format", choices=["csv", "table"], default="table", help="in ra dạng csv hoặc bảng")
    codes.add_argument("--out", metavar="FILE.xlsx", type=Path, help="ghi ra file Excel để gửi các trường")
    codes.add_argument("--rotate", metavar="MÃ_TRƯỜNG", help="cấp mã mới cho một trường (mã cũ hết hiệu lực)")
    codes.add_argument("--districts", action="store_true", help="in mã của các Phòng GDĐT thay cho các trường")
    progress = commands.add_parser("progress", help="bảng tiến độ rà soát theo trường")
    progress.add_argument("--level", type=str.upper, choices=[level.value for level in Level], help="chỉ cấp học này")
    progress.add_argument("--district", metavar="QUẬN/HUYỆN", help="chỉ quận/huyện này")
    progress.add_argument("--out", metavar="FILE.xlsx", type=Path, help="ghi ra file Excel")
    for name, summary in RESERVED.items():
        reserved = commands.add_parser(name, help=f"{summary} (sắp có)")
        reserved.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


async def console_identity(app: BotApp, args: argparse.Namespace) -> ConsoleIdentity:
    role = Role(args.role)
    level = parse_group_level(args.level) if args.level else None
    if args.level and level is None:
        raise SystemExit(f"Cấp học '{args.level}' không hợp lệ: chọn MN, TH, THCS hoặc THPT.")
    async with app.uow_factory() as uow:
        try:
            school = await find_school(uow, args.school, level)
        except UnknownSchool:
            raise SystemExit(f"Không tìm thấy trường có mã '{args.school}'.") from None
        member = await link_member(uow, CONSOLE_USER, role=role, name=args.name, school=school)
        district = await uow.districts.get(member.district_id) if member.district_id else None
        if level is None:
            chat, kind, title = ChatRef(Platform.CONSOLE, f"rieng-{CONSOLE_USER.user_id}"), ChatKind.PRIVATE, ""
        else:
            title = f"Nhóm hỗ trợ CSDL Ngành cấp {GROUP_NAMES[level]}"
            chat, kind = ChatRef(Platform.CONSOLE, f"nhom-{level}"), ChatKind.GROUP
            await assign_group_level(uow, chat, title, level)
        await uow.commit()
    where = title or "tin nhắn riêng với trợ lý"
    unit = {Role.STAFF: school, Role.LEADER: school, Role.DISTRICT: district}.get(role)
    of_unit = f", {unit.name}" if unit is not None else ""
    print(f"Kênh console — {where}; vai trò: {ROLE_NAMES[role]}{of_unit}.")
    print("Gõ /help để xem lệnh; trong nhóm, gõ @bot trước câu hỏi để gọi trợ lý; Ctrl+D để thoát.")
    return ConsoleIdentity(user=CONSOLE_USER, name=args.name, chat=chat, chat_kind=kind, chat_title=title)


async def run_command(app: BotApp) -> int:
    settings = app.settings
    if settings.telegram_bot_token is None and settings.zalo_bot_token is None:
        print("Chưa đặt TELEGRAM_BOT_TOKEN: mở kênh console để thử trợ lý (xem README để chạy trên Telegram).")
        args = build_parser().parse_args(["console"])
        await run_console(app, await console_identity(app, args))
        return 0
    stop = asyncio.Event()
    install_stop_signals(stop)
    await run_platforms(app, stop)
    return 0


async def demo_command(app: BotApp) -> int:
    async with app.uow_factory() as uow:
        try:
            summary = await load_demo(uow, now=app.clock.now(), timezone=app.settings.timezone)
        except RealDataPresent as refusal:
            print(
                f"Cơ sở dữ liệu đã có {refusal.real_schools} trường thật; lệnh demo không ghi dữ liệu mẫu vào đó.",
                file=sys.stderr,
            )
            return 1
        await uow.commit()
    state = "Đã có sẵn dữ liệu demo" if summary.already_present else "Đã nạp dữ liệu demo"
    print(f"{state}: {summary.districts} quận/huyện, {summary.schools} trường, đợt «{summary.campaign}».")
    for level, due in summary.deadlines:
        local = due.astimezone(app.settings.timezone)
        print(f"  Hạn dữ liệu giáo viên cấp {level}: {local:%H}h{local:%M} ngày {local:%d/%m/%Y}")
    return 0


def ask_messages(args: argparse.Namespace) -> list[tuple[str, str | None]]:
    """(question, level) pairs: the argument, or one per input line (text or JSON)."""
    if args.question != "-":
        return [(args.question, args.level)]
    messages = []
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                item = json.loads(line)
                messages.append((str(item["question"]), (item.get("level") or args.level or None)))
                continue
            except (json.JSONDecodeError, KeyError, TypeError):
                pass  # not a message object: take the line as the question itself
        messages.append((line, args.level))
    return messages


def describe_answer(result: AnswerResult, *, group: bool) -> str:
    if group and not result.speak:
        return "(Trong nhóm, trợ lý im lặng với tin nhắn này.)"
    if result.answer is not None:
        body = result.answer
    elif result.escalate:
        body = "(Trợ lý chuyển câu hỏi này tới cán bộ Sở GDĐT.)"
    else:
        body = "(Trợ lý không trả lời: tin nhắn không phải câu hỏi.)"
    return f"{body}\n— độ tin cậy {result.confidence:.2f}; nguồn: {result.source or 'không có'}"


async def ask_command(app: BotApp, args: argparse.Namespace) -> int:
    async with app.uow_factory() as uow:
        deadlines = await current_deadlines(uow)
    timezone = app.settings.timezone
    now = app.clock.now()
    as_json = args.json or args.question == "-"
    for question, level in ask_messages(args):
        result = answer_question(
            app.questions.matcher, question, level=level, deadlines=deadlines, timezone=timezone, now=now
        )
        if as_json:
            record = {
                "question": result.question,
                "answer": result.answer,
                "escalate": result.escalate,
                "confidence": round(result.confidence, 3),
                "source": result.source,
                "speak": result.speak,
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(describe_answer(result, group=args.group))
    return 0


async def schools_command(app: BotApp, args: argparse.Namespace) -> int:
    if args.schools_command == "import":
        return await import_command(app, args.file)
    return await codes_command(app, args)


async def import_command(app: BotApp, path: Path) -> int:
    try:
        rows = read_school_file(path)
    except SchoolFileError as error:
        print(f"Không nạp trường nào vì file {path} có lỗi:\n{error}", file=sys.stderr)
        return 1
    async with app.uow_factory() as uow:
        summary = await import_schools(uow, rows)
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


async def codes_command(app: BotApp, args: argparse.Namespace) -> int:
    async with app.uow_factory() as uow:
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


async def progress_command(app: BotApp, args: argparse.Namespace) -> int:
    async with app.uow_factory() as uow:
        district = await find_district(uow, args.district) if args.district else None
        if args.district and district is None:
            print(f"Không tìm thấy quận/huyện '{args.district}'.", file=sys.stderr)
            return 1
        scope = ProgressScope(district_id=district.id if district else None, level=args.level)
        rows = progress_table(await schools_progress(uow.session, scope))
    if args.out:
        now = app.clock.now().astimezone(app.settings.timezone)
        caption = f"Tiến độ rà soát CSDL Ngành — {now:%d/%m/%Y} {now:%H}h{now:%M}"
        write_workbook(args.out, [Sheet("Tiến độ", PROGRESS_HEADERS, rows, caption=caption)])
        print(f"Đã ghi tiến độ {len(rows)} trường vào {args.out}.")
    else:
        print_table(PROGRESS_HEADERS, rows)
    return 0


def print_table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in row] for row in rows]
    widths = [min(max(len(row[i]) for row in cells), 48) for i in range(len(headers))]
    for index, row in enumerate(cells):
        print("  ".join(value[:48].ljust(width) for value, width in zip(row, widths)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command in RESERVED:
        print(f"Lệnh '{args.command}' ({RESERVED[args.command]}) sẽ có trong phiên bản sau.", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(error, file=sys.stderr)
        return 2
    quiet = args.command in {"console", "demo", "ask", "schools", "progress"}
    setup_logging(_secrets(settings), level=logging.WARNING if quiet else logging.INFO)
    if args.command == "console" and args.role == Role.ADMIN:
        settings = settings.model_copy(update={"admin_ids": settings.admin_ids | {CONSOLE_USER}})
    work = {
        "run": run_command,
        "demo": demo_command,
        "ask": lambda app: ask_command(app, args),
        "schools": lambda app: schools_command(app, args),
        "progress": lambda app: progress_command(app, args),
        "console": lambda app: _console_command(app, args),
    }[args.command]
    try:
        return asyncio.run(with_app(settings, work))
    except ChannelStartError as error:
        print(error, file=sys.stderr)
        return 2
    except KnowledgeError as error:
        print(f"Cơ sở tri thức có lỗi, trợ lý không khởi động: {error}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, BrokenPipeError):  # Ctrl+C, or output piped into a closed reader
        return 0


async def _console_command(app: BotApp, args: argparse.Namespace) -> int:
    await run_console(app, await console_identity(app, args))
    return 0


def _secrets(settings: Settings) -> list[str]:
    return [s.get_secret_value() for s in (settings.telegram_bot_token, settings.zalo_bot_token, settings.webhook_secret) if s]
