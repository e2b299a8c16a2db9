"""`python -m bot COMMAND`: the operations interface of design.md.

Each command lives in its own module and is one line of COMMANDS below.
"""

from __future__ import annotations

import argparse
import asyncio
import logging

from bot.channels import ChannelFailed, ChannelStartError
from bot.cli import argparse_vi, ask, campaigns, chat, demo, faq, members, progress, reminders, schools
from bot.cli.base import CliCommand
from bot.logs import setup_logging
from bot.settings import Settings, SettingsError, load_settings
from handlers import texts
from handlers.answers.knowledge import KnowledgeError
from storage.database import masked_url
from storage.errors import DatabaseUnavailable

log = logging.getLogger("bot")

COMMANDS: tuple[CliCommand, ...] = (
    chat.RUN,
    chat.CONSOLE,
    demo.COMMAND,
    ask.COMMAND,
    schools.COMMAND,
    progress.COMMAND,
    faq.COMMAND,
    campaigns.CAMPAIGN,
    campaigns.DEADLINE,
    reminders.COMMAND,
    members.COMMAND,
)


def build_parser() -> argparse.ArgumentParser:
    argparse_vi.install()
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description="Trợ lý CSDL Ngành: chatbot hỗ trợ rà soát dữ liệu giáo viên, học sinh trên CSDL Ngành.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    for command in COMMANDS:
        command.add_arguments(subparsers.add_parser(command.name, help=command.help, description=command.help))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    setup_logging()  # until the settings name the secrets, errors still go through the masking logger
    try:
        settings = load_settings()
    except SettingsError as error:
        log.error("%s", error)
        return 2
    command = next(c for c in COMMANDS if c.name == args.command)
    setup_logging(_secrets(settings), level=logging.WARNING if command.quiet else logging.INFO)
    # Every start-up and run-time error is one line through the masking logger, never print():
    # a platform's error may quote the request URL, and Telegram's carries the token.
    try:
        return asyncio.run(command.run(settings, args))
    except DatabaseUnavailable as error:
        log.error("%s", texts.DATABASE_UNAVAILABLE[error.kind].format(url=masked_url(settings.database_url), detail=error.detail))
        return 2
    except (ChannelStartError, ChannelFailed) as error:
        log.error("%s", error)
        return 2
    except KnowledgeError as error:
        log.error("Cơ sở tri thức có lỗi, trợ lý không khởi động: %s", error)
        return 2
    except (KeyboardInterrupt, BrokenPipeError):  # Ctrl+C, or output piped into a closed reader
        return 0


def _secrets(settings: Settings) -> list[str]:
    return [s.get_secret_value() for s in (settings.telegram_bot_token, settings.zalo_bot_token, settings.webhook_secret) if s]
