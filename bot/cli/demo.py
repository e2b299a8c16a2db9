"""`demo`: demo districts, schools and a campaign to try the bot with."""

from __future__ import annotations

import argparse
import sys

from bot.app import Database, with_database
from bot.cli.base import CliCommand
from bot.settings import Settings
from handlers.admin.demo import RealDataPresent, clear_demo, load_demo
from handlers.core.context import SystemClock
from handlers.core.domain import format_when


async def demo_command(database: Database) -> int:
    async with database.uow_factory() as uow:
        try:
            summary = await load_demo(uow, now=SystemClock().now(), timezone=database.settings.timezone)
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
        print(f"  Hạn dữ liệu giáo viên cấp {level}: {format_when(due, database.settings.timezone)}")
    return 0


async def clear_command(database: Database) -> int:
    async with database.uow_factory() as uow:
        cleared = await clear_demo(uow)
        await uow.commit()
    if not cleared.schools and not cleared.districts and not cleared.campaigns:
        print("Cơ sở dữ liệu không có dữ liệu demo; không xoá gì.")
        return 0
    print(
        f"Đã xoá dữ liệu demo: {cleared.schools} trường, {cleared.districts} quận/huyện, "
        f"{cleared.members} người đăng ký thử, {cleared.campaigns} đợt rà soát. "
        "Giờ có thể nạp danh sách trường thật: python -m bot schools import FILE"
    )
    return 0


def add_arguments(demo: argparse.ArgumentParser) -> None:
    demo.description = (
        "Nạp dữ liệu mẫu để dùng thử: 15 quận/huyện của Hải Phòng, 40 trường có chữ \"(demo)\" trong tên, mã đăng ký "
        "và một đợt rà soát có hạn chót vài ngày tới. Lệnh không ghi vào cơ sở dữ liệu đã có trường thật; "
        "trước khi nạp danh sách trường thật, xoá dữ liệu mẫu bằng: python -m bot demo --clear"
    )
    demo.add_argument(
        "--clear", action="store_true",
        help="xoá toàn bộ dữ liệu demo (trường, quận/huyện, mã, người đăng ký thử và báo cáo của họ, đợt rà soát demo)",
    )


async def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.clear:
        return await with_database(settings, clear_command, migrate=True)
    return await with_database(settings, demo_command, migrate=True)


COMMAND = CliCommand(
    "demo", "nạp dữ liệu mẫu để dùng thử (--clear: xoá dữ liệu mẫu trước khi nạp trường thật)", add_arguments, run
)
