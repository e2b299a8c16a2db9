"""The composition root: builds the database, core, sender and channels from Settings."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress
from functools import partial

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.console import ConsoleChannel, ConsoleIdentity, ConsoleSender, LineReader, Writer, read_stdin
from bot.channels.telegram import TelegramChannel
from bot.delivery import ChannelSender, OutboxSender
from bot.settings import Settings
from handlers.core.context import Clock, CoreConfig, SystemClock
from handlers.core.inbox import Inbox
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher
from handlers.answers.questions import QuestionDesk
from handlers.core.messages import Incoming, Platform
from handlers.registry import build_dispatcher
from storage.database import make_engine, make_session_factory, upgrade_schema
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class BotApp:
    def __init__(self, settings: Settings, *, clock: Clock | None = None, engine: AsyncEngine | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.engine = engine or make_engine(settings.database_url)
        self.uow_factory = partial(UnitOfWork, make_session_factory(self.engine))
        self.config = CoreConfig(
            admin_ids=settings.admin_ids, timezone=settings.timezone, staff_chat=settings.staff_chat
        )
        self.questions = QuestionDesk(Matcher(load_knowledge(settings.knowledge_path)))
        self.dispatcher = build_dispatcher(self.questions)
        self.inbox = Inbox(uow_factory=self.uow_factory, dispatcher=self.dispatcher, clock=self.clock, config=self.config)
        self.channels: dict[Platform, ChannelSender] = {}
        self.outbox = OutboxSender(uow_factory=self.uow_factory, channels=self.channels, clock=self.clock)

    async def prepare_database(self) -> None:
        """Create the SQLite folder if needed and bring the schema up to date."""
        path = self.settings.sqlite_path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        await upgrade_schema(self.engine)

    async def receive(self, incoming: Incoming) -> None:
        """Entry point for every channel: handle once, then let the sender know."""
        if await self.inbox.handle(incoming):
            self.outbox.wake()

    def add_channel(self, sender: ChannelSender) -> None:
        self.channels[sender.platform] = sender

    async def close(self) -> None:
        await self.engine.dispose()


async def run_platforms(app: BotApp, stop: asyncio.Event) -> None:
    """Start every platform whose token is set, plus the sender, until `stop` is set."""
    settings = app.settings
    telegram: TelegramChannel | None = None
    if settings.telegram_bot_token is not None:
        telegram = TelegramChannel(
            token=settings.telegram_bot_token.get_secret_value(),
            base_url=settings.telegram_api_base_url,
            on_incoming=app.receive,
        )
        app.add_channel(telegram.sender)
    if settings.webhook_base_url:
        log.warning("WEBHOOK_BASE_URL đã đặt, nhưng chế độ webhook chưa có trong phiên bản này; dùng long polling.")
    if settings.zalo_bot_token is not None:
        log.warning("ZALO_BOT_TOKEN đã đặt, nhưng kênh Zalo chưa có trong phiên bản này; bỏ qua Zalo.")
    sender_task = asyncio.create_task(app.outbox.run(stop))
    try:
        if telegram is not None:
            await telegram.start()
        log.info("Trợ lý đang chạy. Nhấn Ctrl+C để dừng.")
        await stop.wait()
    finally:
        stop.set()
        if telegram is not None:
            await telegram.stop()
        await sender_task


async def run_console(
    app: BotApp, identity: ConsoleIdentity, *, read_line: LineReader = read_stdin, write: Writer = print
) -> None:
    """Chat in the terminal through the same handlers and database; replies print at once."""
    app.add_channel(ConsoleSender(write))

    async def on_incoming(incoming: Incoming) -> None:
        await app.inbox.handle(incoming)
        await app.outbox.drain()

    await app.outbox.drain()  # anything queued for the console before (e.g. after a crash)
    await ConsoleChannel(identity, on_incoming).run(read_line)


def install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)


async def with_app(settings: Settings, work: Callable[[BotApp], Awaitable[int]]) -> int:
    app = BotApp(settings)
    try:
        await app.prepare_database()
        return await work(app)
    finally:
        await app.close()
