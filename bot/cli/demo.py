"""`demo`: demo districts, schools and a campaign to try the bot with."""

from __future__ import annotations

import argparse
import sys

from bot.app import Database, with_database
from bot.cli.base import CliCommand, no_arguments
from bot.settings import Settings
from handlers.admin.demo import RealDataPresent, load_demo
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


async def run(settings: Settings, args: argparse.Namespace) -> int:
    return await with_database(settings, demo_command, migrate=True)


COMMAND = CliCommand("demo", "nạp dữ liệu mẫu (quận/huyện Hải Phòng, 40 trường demo, một đợt rà soát)", no_arguments, run)
