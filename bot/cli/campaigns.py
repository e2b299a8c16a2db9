"""`campaign` and `deadline`: review campaigns, one active, and the active campaign's deadlines.

A running bot re-reads the deadlines within a minute (bot/scheduler.py REPLAN_SECONDS) and
re-plans its reminders; a change made in chat (/hanchot) re-plans at once.
"""

from __future__ import annotations

import argparse
import sys

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers import texts
from handlers.admin.campaigns import activate_campaign, create_campaign, remove_deadline, set_deadline
from handlers.core.context import SystemClock
from handlers.core.domain import LEVELS, format_when, time_left
from handlers.reminders.deadlines import active_campaign, parse_track, parse_when
from handlers.reminders.fanout import source_text

SOURCE_NAMES = {"letter": "công văn", "admin": "Sở đặt", "demo": "demo"}
REPLAN_NOTE = "Trợ lý đang chạy sẽ cập nhật lịch nhắc trong vòng 1 phút."


def add_campaign_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="campaign_command", required=True, metavar="VIỆC")
    new = commands.add_parser("new", help="tạo đợt rà soát mới và áp dụng nó")
    new.add_argument("name", metavar="TÊN")
    new.add_argument("--from-letter", action="store_true", help="lấy các hạn chót của công văn làm hạn ban đầu")
    commands.add_parser("list", help="các đợt rà soát")
    activate = commands.add_parser("activate", help="áp dụng một đợt rà soát (các đợt khác thôi áp dụng)")
    activate.add_argument("id", metavar="ID", type=int)


def add_deadline_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(dest="deadline_command", required=True, metavar="VIỆC")
    set_ = commands.add_parser("set", help="đặt hoặc dời một hạn chót của đợt đang áp dụng")
    set_.add_argument("--level", required=True, type=str.upper, choices=LEVELS, help="cấp học")
    set_.add_argument("--track", required=True, metavar="teachers|students", help="dữ liệu giáo viên (teachers, gv) hoặc học sinh (students, hs)")
    set_.add_argument("--at", required=True, metavar='"dd/mm/yyyy HH:MM"', help="thời điểm, theo TIMEZONE (hoặc ISO 8601)")
    commands.add_parser("list", help="các hạn chót của đợt đang áp dụng")
    remove = commands.add_parser("remove", help="bỏ một hạn chót của đợt đang áp dụng")
    remove.add_argument("--level", required=True, type=str.upper, choices=LEVELS, help="cấp học")
    remove.add_argument("--track", required=True, metavar="teachers|students", help="dữ liệu giáo viên (teachers, gv) hoặc học sinh (students, hs)")


async def run_campaign(settings: Settings, args: argparse.Namespace) -> int:
    # Creating the first campaign may be the first command on a new database: it creates the schema.
    migrate = args.campaign_command == "new"
    return await with_database(settings, lambda database: campaign_command(database, args), migrate=migrate)


async def campaign_command(database: Database, args: argparse.Namespace) -> int:
    now = SystemClock().now()
    async with database.uow_factory() as uow:
        if args.campaign_command == "new":
            name = " ".join(args.name.split())[:200]
            if not name:
                print("Tên đợt rà soát không được để trống.", file=sys.stderr)
                return 1
            campaign = await create_campaign(uow, name, from_letter=args.from_letter, now=now)
            await uow.commit()
            seeded = " với các hạn chót của công văn (mục 2.2)" if args.from_letter else ""
            print(f"Đã tạo đợt rà soát số {campaign.id} «{campaign.name}»{seeded}; đợt này đang được áp dụng.")
            if args.from_letter:
                print("Các hạn của công văn (năm 2023) đã qua; dời hạn bằng: python -m bot deadline set --level THCS --track teachers --at \"dd/mm/yyyy 17:00\"")
            return 0
        if args.campaign_command == "activate":
            campaign = await activate_campaign(uow, args.id)
            if campaign is None:
                print(f"Không có đợt rà soát số {args.id}. Xem danh sách: python -m bot campaign list", file=sys.stderr)
                return 1
            await uow.commit()
            print(f"Đợt rà soát số {campaign.id} «{campaign.name}» đang được áp dụng. {REPLAN_NOTE}")
            return 0
        campaigns = await uow.campaigns.all()
        counts = {c.id: len(await uow.campaigns.deadlines(c.id)) for c in campaigns if c.id is not None}
    if not campaigns:
        print("Chưa có đợt rà soát nào. Tạo đợt: python -m bot campaign new TÊN [--from-letter]")
        return 0
    rows = [
        [c.id, c.name, SOURCE_NAMES.get(c.source, c.source), counts.get(c.id, 0), "đang áp dụng" if c.is_active else ""]
        for c in campaigns
    ]
    print_table(["ID", "Tên", "Nguồn", "Số hạn", "Trạng thái"], rows)
    return 0


async def run_deadline(settings: Settings, args: argparse.Namespace) -> int:
    return await with_database(settings, lambda database: deadline_command(database, args), migrate=False)


async def deadline_command(database: Database, args: argparse.Namespace) -> int:
    timezone = database.settings.timezone
    now = SystemClock().now()
    track = parse_track(args.track) if args.deadline_command != "list" else None
    if args.deadline_command != "list" and track is None:
        print(f"Không rõ --track '{args.track}': dùng teachers hoặc gv (dữ liệu giáo viên), students hoặc hs (dữ liệu học sinh).", file=sys.stderr)
        return 1
    async with database.uow_factory() as uow:
        campaign = await uow.campaigns.active()
        if campaign is None:
            print("Chưa có đợt rà soát nào đang áp dụng. Tạo đợt: python -m bot campaign new TÊN [--from-letter]", file=sys.stderr)
            return 1
        if args.deadline_command == "set":
            due = parse_when(args.at, timezone)
            if due is None:
                print(f"Không đọc được --at '{args.at}': viết dạng \"dd/mm/yyyy HH:MM\" (ví dụ \"08/06/2027 17:00\") hoặc ISO 8601.", file=sys.stderr)
                return 1
            assert track is not None
            previous = await set_deadline(uow, campaign, args.level, track, due)
            await uow.commit()
            moved = f" (trước đây: {format_when(previous, timezone)})" if previous else ""
            past = " Lưu ý: thời điểm này đã qua." if due <= now else ""
            print(f"Đã đặt hạn {texts.TRACK_NAMES[track]} cấp {args.level}: {format_when(due, timezone)}{moved}, đợt «{campaign.name}».{past} {REPLAN_NOTE}")
            return 0
        if args.deadline_command == "remove":
            assert track is not None
            removed = await remove_deadline(uow, campaign, args.level, track)
            if removed is None:
                print(f"Đợt «{campaign.name}» chưa có hạn {texts.TRACK_NAMES[track]} cấp {args.level}.", file=sys.stderr)
                return 1
            await uow.commit()
            print(f"Đã bỏ hạn {texts.TRACK_NAMES[track]} cấp {args.level} ({format_when(removed, timezone)}). {REPLAN_NOTE}")
            return 0
        active = await active_campaign(uow)
    assert active is not None
    if not active.deadlines:
        print(f"Đợt «{campaign.name}» chưa có hạn chót nào. Đặt hạn: python -m bot deadline set --level THCS --track teachers --at \"dd/mm/yyyy 17:00\"")
        return 0
    rows = [
        [f.level, texts.TRACK_NAMES[f.track], format_when(f.due_at, timezone), time_left(now, f.due_at), source_text(campaign.source, f.from_letter)]
        for f in active.deadlines
    ]
    print(f"Hạn chót của đợt «{campaign.name}»:")
    print_table(["Cấp", "Dữ liệu", "Hạn", "Còn lại", "Nguồn"], rows)
    return 0


CAMPAIGN = CliCommand("campaign", "đợt rà soát: tạo, xem, chọn đợt áp dụng", add_campaign_arguments, run_campaign)
DEADLINE = CliCommand("deadline", "hạn chót của đợt rà soát đang áp dụng: đặt, xem, bỏ", add_deadline_arguments, run_deadline)
