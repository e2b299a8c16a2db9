"""`faq list|export|withdraw`: the knowledge-base additions made from answered tickets."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from bot.app import Database, with_database
from bot.cli.base import CliCommand, print_table
from bot.settings import Settings
from handlers import texts
from handlers.core.context import SystemClock
from handlers.escalation.faq_review import FAQ_HEADERS, Withdrawal, export_entries, faq_rows, withdraw


def add_arguments(faq: argparse.ArgumentParser) -> None:
    actions = faq.add_subparsers(dest="action", required=True, metavar="VIỆC")
    actions.add_parser("list", help="các câu trả lời đã bổ sung, kể cả đã rút")
    export = actions.add_parser("export", help="các bổ sung đang dùng, dạng tệp tri thức YAML")
    export.add_argument("--out", metavar="FILE.yaml", type=Path, help="ghi ra tệp (mặc định: in ra màn hình)")
    removal = actions.add_parser("withdraw", help="rút một bổ sung: trợ lý không dùng câu trả lời đó nữa")
    removal.add_argument("number", type=int, metavar="SỐ", help="số của bổ sung (cột Số của faq list)")


async def run(settings: Settings, args: argparse.Namespace) -> int:
    return await with_database(settings, lambda database: faq_command(database, args), migrate=False)


async def faq_command(database: Database, args: argparse.Namespace) -> int:
    if args.action == "withdraw":
        return await _withdraw(database, args.number)
    async with database.uow_factory() as uow:
        additions = await uow.faq_additions.all()
    if args.action == "list":
        if not additions:
            print(texts.FAQ_CLI_NONE)
        else:
            print_table(FAQ_HEADERS, faq_rows(additions, database.settings.timezone))
        return 0
    document = yaml.safe_dump({"entries": export_entries(additions)}, allow_unicode=True, sort_keys=False, width=100)
    if args.out:
        args.out.write_text(document, encoding="utf-8")
        print(texts.FAQ_CLI_EXPORTED.format(count=sum(a.withdrawn_at is None for a in additions), path=args.out))
    else:
        sys.stdout.write(document)
    return 0


async def _withdraw(database: Database, number: int) -> int:
    async with database.uow_factory() as uow:
        outcome, addition = await withdraw(uow, number, SystemClock().now())
        await uow.commit()
    if outcome is Withdrawal.NOT_FOUND:
        print(texts.FAQ_CLI_NOT_FOUND.format(addition=number), file=sys.stderr)
        return 1
    if outcome is Withdrawal.ALREADY:
        print(texts.FAQ_CLI_ALREADY_WITHDRAWN.format(addition=number))
        return 0
    assert addition is not None
    print(texts.FAQ_CLI_WITHDRAWN_DONE.format(addition=number, ticket=addition.ticket_id))
    return 0


COMMAND = CliCommand("faq", "câu trả lời bổ sung vào cơ sở tri thức từ các phiếu đã trả lời", add_arguments, run)
