"""`members list` and `members remove`: who registered, and removing them (reports are kept)."""

from __future__ import annotations

import argparse
import sys

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers.core.context import SystemClock
from handlers.core.domain import format_stamp
from handlers.core.messages import Platform
from handlers.schools.directory import find_district
from handlers.schools.members import MemberScope, district_scope, list_members, remove_member
from handlers.texts import PLATFORM_NAMES, ROLE_NAMES

HEADERS = ("Số", "Tên", "Vai trò", "Đơn vị", "Lớp CN", "Nền tảng", "Mã người dùng", "Đăng ký lúc", "Báo cáo")


def add_arguments(members: argparse.ArgumentParser) -> None:
    members.description = (
        "Người đã đăng ký với trợ lý. Bảng gồm: số (dùng cho members remove), tên, vai trò, đơn vị, lớp chủ nhiệm, "
        "nền tảng, mã người dùng trên nền tảng, thời điểm đăng ký, số báo cáo đã gửi."
    )
    commands = members.add_subparsers(dest="members_command", required=True, metavar="VIỆC")
    listing = commands.add_parser("list", help="liệt kê người đã đăng ký", description=members.description)
    scope = listing.add_mutually_exclusive_group()
    scope.add_argument("--school", metavar="MÃ_TRƯỜNG", help="chỉ người của trường này")
    scope.add_argument("--district", metavar="QUẬN/HUYỆN", help="chỉ cán bộ Phòng GDĐT và các trường Phòng quản lý")
    remove = commands.add_parser(
        "remove",
        help="gỡ đăng ký của một người (báo cáo cũ vẫn giữ trong nhật ký)",
        description=(
            "Gỡ đăng ký: người đó không báo cáo, xem tiến độ được nữa cho tới khi đăng ký lại bằng mã hợp lệ. "
            "Báo cáo đã gửi vẫn được giữ và vẫn ghi tên người báo. Mã bị lộ thì đổi mã trước: "
            "python -m bot schools codes --rotate MÃ_TRƯỜNG --role leader"
        ),
    )
    remove.add_argument("member", metavar="SỐ|NỀN_TẢNG:MÃ", help="số trong members list, hoặc ví dụ telegram:123456789")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.members_command == "list":
        return await with_database(settings, lambda database: list_command(database, args), migrate=False)
    return await with_database(settings, lambda database: remove_command(database, args.member), migrate=False)


async def list_command(database: Database, args: argparse.Namespace) -> int:
    async with database.uow_factory() as uow:
        scope = MemberScope()
        if args.school:
            school = await uow.schools.by_code(args.school.strip().upper())
            if school is None or school.id is None:
                print(f"Không tìm thấy trường có mã '{args.school}'.", file=sys.stderr)
                return 1
            scope = MemberScope(school_ids=(school.id,))
        elif args.district:
            district = await find_district(uow, args.district)
            if district is None or district.id is None:
                print(f"Không tìm thấy quận/huyện '{args.district}'.", file=sys.stderr)
                return 1
            scope = await district_scope(uow, district.id)
        lines = await list_members(uow, scope)
    if not lines:
        print("Chưa có ai đăng ký trong phạm vi này.")
        return 0
    timezone = database.settings.timezone
    print_table(HEADERS, [
        [line.member_id, line.name, ROLE_NAMES.get(line.role, line.role), line.unit, line.homeroom_class or "",
         PLATFORM_NAMES.get(line.platform, line.platform), line.user_id, format_stamp(line.registered_at, timezone),
         line.reports]
        for line in lines
    ])
    return 0


async def remove_command(database: Database, who: str) -> int:
    async with database.uow_factory() as uow:
        member = None
        platform, colon, user_id = who.strip().partition(":")
        if colon and platform.lower() in {p.value for p in Platform}:
            member = await uow.members.get(platform.lower(), user_id.strip())
        elif who.strip().isdigit():
            member = await uow.members.by_id(int(who.strip()))
            member = member if member is not None and member.removed_at is None else None
        if member is None:
            print(f"Không tìm thấy người đăng ký '{who}' (xem số bằng: python -m bot members list).", file=sys.stderr)
            return 1
        name, role = member.display_name or member.user_id, ROLE_NAMES.get(member.role, member.role)
        withdrawn = await remove_member(uow, member, SystemClock().now())
        await uow.commit()
    print(f"Đã gỡ đăng ký của {name} ({role}). Báo cáo người này đã gửi vẫn được giữ trong nhật ký.")
    for line in withdrawn:
        print(line)
    return 0


COMMAND = CliCommand("members", "người đã đăng ký: liệt kê, gỡ đăng ký", add_arguments, run)
