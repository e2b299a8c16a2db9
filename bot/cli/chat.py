"""`run` and `console`: the chatting bot, on its platforms or in the terminal."""

from __future__ import annotations

import argparse
import asyncio
import logging
import re

from bot.app import BotApp, install_stop_signals, run_console, run_platforms, with_app
from bot.channels.console import CONSOLE_STAFF_CHAT, ConsoleIdentity
from bot.cli.base import CliCommand, no_arguments
from bot.settings import Settings
from handlers.admin.groups import assign_group_level
from handlers.core.domain import Role, fold_diacritics, parse_group_level
from handlers.core.messages import ChatKind, ChatRef, Platform, UserRef
from handlers.schools.membership import UnknownSchool, find_school, link_member
from handlers.texts import GROUP_NAMES, ROLE_NAMES
from storage.models import District, School
from storage.uow import UnitOfWork

CONSOLE_USER = UserRef(Platform.CONSOLE, "nguoi-dung")  # a default user with no school to belong to
# Without --user, each role is its own trial person (of its school or district office), so that a
# teacher's report waiting for a leader is decided by another person than the teacher.
CONSOLE_ROLE_USERS = {
    Role.STAFF: "giao-vien",
    Role.LEADER: "lanh-dao",
    Role.DISTRICT: "phong-gddt",
    Role.ADMIN: "quan-tri-vien",
}
CONSOLE_ROLE_NAMES = {
    Role.STAFF: "Giáo viên thử",
    Role.LEADER: "Lãnh đạo thử",
    Role.DISTRICT: "Cán bộ Phòng GDĐT thử",
    Role.ADMIN: "Quản trị viên thử",
}
# The department staff member in `console --staff`: a person of their own, not the trial teacher.
CONSOLE_STAFF_USER = UserRef(Platform.CONSOLE, "can-bo-so")
CONSOLE_STAFF_NAME = "Cán bộ Sở (thử)"
CONSOLE_REAL_DATA_NOTE = (
    "Cơ sở dữ liệu này có trường thật: console không tự đăng ký người dùng thử vào trường nào "
    "(báo cáo của họ sẽ tính vào tiến độ thật). Muốn thử với một trường, chọn rõ --school MÃ_TRƯỜNG."
)


def add_console_arguments(console: argparse.ArgumentParser) -> None:
    console.description = (
        "Trò chuyện với trợ lý ngay trong terminal, cùng cơ sở dữ liệu và cùng cách xử lý như trên Telegram. "
        "Không có --user: là một người thử đã đăng ký sẵn, riêng cho từng vai trò và từng trường (hoặc Phòng GDĐT): "
        "giáo viên (mặc định) hay lãnh đạo của trường --school (mặc định: trường đầu tiên của cấp --level), cán bộ "
        "Phòng GDĐT, quản trị viên; nên giáo viên và lãnh đạo là hai người khác nhau, còn cùng vai trò, cùng trường "
        "là cùng một người qua các lần chạy. Có --user TÊN: là người tên đó "
        "(mỗi tên một người, giữ qua các lần chạy), chưa đăng ký cho tới khi gõ /dangky MÃ, trừ khi ghi thêm --role. "
        "Thoát bằng Ctrl+D, Ctrl+C hoặc /thoat."
    )
    console.add_argument("--user", metavar="TÊN", help="đóng vai người này (ví dụ --user 'Cô Lan'); để thử /dangky")
    console.add_argument(
        "--role", choices=[r.value for r in Role], default=None,
        help="vai trò, được đăng ký sẵn: staff (cán bộ, giáo viên; mặc định khi không có --user), leader, "
        "district (Phòng GDĐT của --school, hoặc quận/huyện demo đầu tiên), admin; không có --user thì mỗi vai trò "
        "(của mỗi trường) là một người thử riêng",
    )
    console.add_argument("--school", metavar="MÃ_TRƯỜNG", help="mã trường (mặc định: trường đầu tiên của cấp học)")
    console.add_argument("--level", metavar="CẤP", help="nhắn trong nhóm hỗ trợ của cấp này (MN, TH, THCS, THPT); bỏ trống: nhắn riêng")
    console.add_argument("--name", metavar="TÊN_HIỂN_THỊ", default=None, help="tên hiển thị (mặc định: tên trong --user, hoặc theo vai trò: 'Giáo viên thử', 'Lãnh đạo thử'…)")
    console.add_argument(
        "--staff", action="store_true",
        help="nhắn trong nhóm cán bộ Sở (STAFF_CHAT), với tư cách «Cán bộ Sở (thử)»: xem câu hỏi được chuyển lên và "
        "trả lời bằng /traloi SỐ …; "
        "khi chưa đặt STAFF_CHAT, console dùng nhóm cán bộ Sở của riêng console",
    )


def _slug(text: str, limit: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold_diacritics(text).lower()).strip("-")[:limit]


def console_user(args: argparse.Namespace, unit: str | None = None) -> UserRef:
    """Each --user name is its own person, the same one on every run. Without --user, the trial
    person of the role, of `unit` (the school's code, or the district office's) for the roles
    that belong to one: "giao-vien-demo-thcs-01" and "lanh-dao-demo-thcs-01" are two people."""
    user = getattr(args, "user", None)
    if user:
        return UserRef(Platform.CONSOLE, f"u-{_slug(user, 48) or 'nguoi-dung'}")
    if getattr(args, "staff", False):
        return CONSOLE_STAFF_USER
    role = Role(getattr(args, "role", None) or Role.STAFF.value)
    if role != Role.ADMIN and not unit:
        return CONSOLE_USER
    person = CONSOLE_ROLE_USERS[role]
    return UserRef(Platform.CONSOLE, f"{person}-{_slug(unit, 40)}" if role != Role.ADMIN and unit else person)


CONSOLE_STAFF_TITLE = "Nhóm cán bộ Sở GDĐT (console)"


def console_settings(settings: Settings, args: argparse.Namespace) -> Settings:
    """The console user is an administrator when the chosen role says so; without a STAFF_CHAT,
    escalated questions go to the console's own staff group, so the whole loop can be tried."""
    update: dict[str, object] = {}
    if getattr(args, "role", None) == Role.ADMIN:
        update["admin_ids"] = settings.admin_ids | {console_user(args)}
    if settings.staff_chat is None:
        update["staff_chat"] = CONSOLE_STAFF_CHAT
    return settings.model_copy(update=update) if update else settings


async def console_identity(app: BotApp, args: argparse.Namespace) -> ConsoleIdentity:
    staff_room = getattr(args, "staff", False)
    default_name = CONSOLE_ROLE_NAMES[Role(args.role or Role.STAFF.value)]
    name = args.name or args.user or (CONSOLE_STAFF_NAME if staff_room else default_name)
    # A named user starts as they are in the database; department staff belong to no school.
    registers = args.role is not None or not (args.user or staff_room)
    role = Role(args.role or Role.STAFF.value)
    level = parse_group_level(args.level) if args.level else None
    if args.level and level is None:
        raise SystemExit(f"Cấp học '{args.level}' không hợp lệ: chọn MN, TH, THCS hoặc THPT.")
    if staff_room and args.level:
        raise SystemExit("Chọn một nơi nhắn: --staff (nhóm cán bộ Sở) hoặc --level CẤP (nhóm hỗ trợ), không cả hai.")
    async with app.uow_factory() as uow:
        try:
            school = await find_school(uow, args.school, level)
        except UnknownSchool:
            raise SystemExit(f"Không tìm thấy trường có mã '{args.school}'.") from None
        district = await console_district(uow, school, args) if registers and role == Role.DISTRICT else None
        if role == Role.DISTRICT:
            unit = district.code if district is not None else None
        else:
            unit = school.code if school is not None else None
        user = console_user(args, unit)
        # On real data nobody is signed up to a school by default: a trial user's reports would
        # count in the official progress. Only a demo school, or one named with --school.
        if role == Role.DISTRICT:
            real = district is None or not district.is_demo and not args.school
        else:
            real = school is not None and not school.is_demo and not args.school
        if registers and real and role != Role.ADMIN:
            registers = False
            print(CONSOLE_REAL_DATA_NOTE)
        if registers:
            member = await link_member(
                uow, user, role=role, name=name, school=school, district=district, now=app.clock.now()
            )
        else:
            member = await uow.members.get(user.platform, user.user_id)
        district = await uow.districts.get(member.district_id) if member and member.district_id else None
        if member is not None and member.school_id is not None:
            school = await uow.schools.get(member.school_id)
        if staff_room:
            chat, kind, title = app.settings.staff_chat or CONSOLE_STAFF_CHAT, ChatKind.GROUP, CONSOLE_STAFF_TITLE
        elif level is None:
            chat, kind, title = ChatRef(Platform.CONSOLE, f"rieng-{user.user_id}"), ChatKind.PRIVATE, ""
        else:
            title = f"Nhóm hỗ trợ CSDL Ngành cấp {GROUP_NAMES[level]}"
            chat, kind = ChatRef(Platform.CONSOLE, f"nhom-{level}"), ChatKind.GROUP
            await assign_group_level(uow, chat, title, level, app.clock.now())
        await uow.commit()
    where = title or "tin nhắn riêng với trợ lý"
    if member is None and staff_room:
        who = name
    elif member is None:
        who = f"{name}, chưa đăng ký (gõ /dangky MÃ để đăng ký)"
    else:
        unit = {Role.STAFF: school, Role.LEADER: school, Role.DISTRICT: district}.get(Role(member.role))
        of_unit = f", {unit.name}" if unit is not None else ""
        who = f"{name}, {ROLE_NAMES[member.role]}{of_unit}" if args.user else f"{ROLE_NAMES[role]}{of_unit}"
    print(f"Kênh console — {where}; vai trò: {who}." if not args.user else f"Kênh console — {where}; người dùng: {who}.")
    print("Gõ /help để xem lệnh; trong nhóm, gõ @bot trước câu hỏi để gọi trợ lý; Ctrl+D hoặc Ctrl+C để thoát.")
    return ConsoleIdentity(user=user, name=name, chat=chat, chat_kind=kind, chat_title=title)


async def console_district(uow: UnitOfWork, school: School | None, args: argparse.Namespace) -> District | None:
    """The district office a console district officer belongs to: that of --school, else the demo
    data's first district with schools, so /tiendo has something to show (None on real data
    without --school: see CONSOLE_REAL_DATA_NOTE)."""
    if args.school:
        assert school is not None  # find_school refused an unknown code
        district = await uow.districts.get(school.district_id) if school.district_id is not None else None
        if district is None:
            raise SystemExit(
                f"Trường '{args.school}' do Sở quản lý trực tiếp, không thuộc Phòng GDĐT nào: "
                "chọn --school một trường của quận/huyện."
            )
        return district
    demo = sorted((d for d in await uow.districts.all() if d.is_demo), key=lambda d: d.id or 0)
    with_schools = {s.district_id for s in await uow.schools.all() if s.is_demo}
    return next((d for d in demo if d.id in with_schools), demo[0] if demo else None)


async def open_console(app: BotApp, args: argparse.Namespace) -> int:
    await run_console(app, await console_identity(app, args))
    return 0


async def run_bot(app: BotApp) -> int:
    settings = app.settings
    if settings.telegram_bot_token is None and settings.zalo_bot_token is None:
        print("Chưa đặt TELEGRAM_BOT_TOKEN: mở kênh console để thử trợ lý (xem README để chạy trên Telegram).")
        defaults = argparse.Namespace(
            user=None, role=Role.STAFF.value, school=None, level=None, name="Người dùng thử", staff=False
        )
        return await open_console(app, defaults)
    stop = asyncio.Event()
    install_stop_signals(stop)
    await run_platforms(app, stop)
    return 0


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.telegram_bot_token is None and settings.zalo_bot_token is None:
        settings = console_settings(settings, argparse.Namespace(role=None))  # the console opens: see there
        logging.getLogger().setLevel(logging.WARNING)  # a terminal conversation, not a service log
    return await with_app(settings, run_bot)


async def console(settings: Settings, args: argparse.Namespace) -> int:
    return await with_app(console_settings(settings, args), lambda app: open_console(app, args))


RUN = CliCommand("run", "chạy trợ lý trên mọi nền tảng có token (không có token: mở console)", no_arguments, run, quiet=False)
CONSOLE = CliCommand("console", "trò chuyện với trợ lý ngay trong terminal, không cần token", add_console_arguments, console)
