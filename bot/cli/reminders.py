"""`reminders plan [--json]`: what the bot will send for the active campaign, when, and to which
chats (as the database stands now: a school that reports meanwhile drops out)."""

from __future__ import annotations

import argparse
import json
from datetime import datetime, timedelta

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers import texts
from handlers.core.context import SystemClock
from handlers.core.domain import format_stamp
from handlers.core.runner import ExactlyOnceRunner
from handlers.reminders.jobs import ReminderDesk

KIND_NAMES = {"group": "nhóm", "private": "tin riêng", "district": "Phòng GDĐT", "digest": "tổng hợp"}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="reminders_command", required=True, metavar="VIỆC")
    plan = commands.add_parser("plan", help="lịch nhắc của đợt đang áp dụng: khi nào, gửi tới đâu")
    plan.add_argument("--json", action="store_true", help="in một đối tượng JSON mỗi dòng")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    return await with_database(settings, lambda database: plan_command(database, args), migrate=False)


async def plan_entries(database: Database, now: datetime) -> list[dict[str, object]]:
    """One entry per kind of message of each future reminder, then the next digest."""
    settings = database.settings
    clock = SystemClock()
    config = settings.core_config
    runner = ExactlyOnceRunner(uow_factory=database.uow_factory, clock=clock)
    desk = ReminderDesk(uow_factory=database.uow_factory, runner=runner, clock=clock, config=config, policy=settings.reminder_policy)
    active, reminders = await desk.plan()
    entries: list[dict[str, object]] = []
    if active is None:
        return entries
    for reminder in reminders:
        if reminder.at <= now:
            continue
        fan_out = await desk.preview(reminder, active)
        for kind, messages in (("group", fan_out.groups), ("private", fan_out.private), ("district", fan_out.district)):
            entries.append({
                "at": reminder.at.isoformat(),
                "kind": kind,
                "level": reminder.group_level,
                "levels": list(reminder.levels),
                "track": reminder.track,
                "due_at": reminder.due_at.astimezone(settings.timezone).isoformat(),
                "offset": reminder.offset.code,
                "deferred_from": reminder.nominal_at.isoformat() if reminder.deferred else None,
                "chats": [str(m.chat) for m in messages],
                "key": reminder.key,
            })
    if settings.staff_chat is not None:
        local = now.astimezone(settings.timezone)
        digest = datetime.combine(local.date(), settings.reminder_policy.digest_at, tzinfo=settings.timezone)
        if digest <= now:
            digest += timedelta(days=1)
        entries.append({"at": digest.isoformat(), "kind": "digest", "level": None, "track": None, "chats": [str(settings.staff_chat)]})
    return entries


async def plan_command(database: Database, args: argparse.Namespace) -> int:
    now = SystemClock().now()
    entries = await plan_entries(database, now)
    if args.json:
        for entry in entries:
            print(json.dumps(entry, ensure_ascii=False))
        return 0
    if not entries:
        print("Không có tin nhắc nào sắp gửi: chưa có đợt rà soát đang áp dụng, hoặc mọi hạn chót đã qua. Xem: python -m bot deadline list")
        return 0
    timezone = database.settings.timezone
    rows = [
        [
            format_stamp(datetime.fromisoformat(str(e["at"])), timezone) + (" (dời vì giờ nghỉ)" if e.get("deferred_from") else ""),
            KIND_NAMES[str(e["kind"])], e["level"] or "", texts.TRACK_NAMES.get(str(e["track"]), ""),
            len(e["chats"]),  # type: ignore[arg-type]
            ", ".join(e["chats"][:3]) + (" …" if len(e["chats"]) > 3 else ""),  # type: ignore[index,arg-type]
        ]
        for e in entries
    ]
    print_table(["Lúc", "Loại", "Nhóm cấp", "Dữ liệu", "Số nơi nhận", "Nơi nhận"], rows)
    return 0


COMMAND = CliCommand("reminders", "lịch nhắc hạn: khi nào, gửi tới đâu", add_arguments, run)
