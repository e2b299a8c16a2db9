"""The composition root: each command builds only what it uses.

`Database` (every command): the engine and units of work; only run, console, demo and school
imports bring the schema up to date, the others just check it. `BotApp` (run and console): the
knowledge base, dispatcher, exactly-once runner, inbox, outbox sender and channels.
"""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from contextlib import suppress
from functools import partial
from typing import TYPE_CHECKING

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.channels.base import Channel, ChannelFailed, ChannelSender, FatalHandler
from bot.channels.console import (
    CONSOLE_CAPABILITIES,
    ConsoleChannel,
    ConsoleIdentity,
    ConsoleSender,
    LineReader,
    Writer,
    read_stdin,
)
from bot.delivery import OutboxSender
from bot.scheduler import ReminderScheduler
from bot.settings import Settings
from handlers.admin.platform_notices import PlatformNotices
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher
from handlers.answers.questions import QuestionDesk
from handlers.core.context import Clock, SystemClock
from handlers.core.inbox import Inbox
from handlers.core.messages import ChannelCapabilities, Incoming, Platform
from handlers.core.os_errors import os_reason
from handlers.core.runner import ExactlyOnceRunner
from handlers.escalation.relay import undelivered_notice
from handlers.registry import build_dispatcher
from handlers.reminders.jobs import ReminderDesk
from storage.database import check_database, make_engine, make_session_factory, upgrade_schema
from storage.errors import DatabaseUnavailable, Unavailability
from storage.locks import SchedulerLock
from storage.uow import SqlModelUnitOfWork, UnitOfWorkFactory

if TYPE_CHECKING:
    from bot.channels.webhook import WebhookServer

log = logging.getLogger(__name__)

CONSOLE_DRAIN_SECONDS = 1.0  # how soon a reminder queued while the console is idle is printed


class Database:
    def __init__(self, settings: Settings, *, engine: AsyncEngine | None = None) -> None:
        self.settings = settings
        self.engine = engine or make_engine(settings.database_url)
        self.uow_factory: UnitOfWorkFactory = partial(SqlModelUnitOfWork, make_session_factory(self.engine))

    async def open(self, *, migrate: bool) -> None:
        """Reach the database and, when `migrate`, bring its schema to the newest migration;
        raises DatabaseUnavailable (or SchemaOutdated without `migrate`) in one sentence."""
        path = self.settings.sqlite_path
        if migrate and path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseUnavailable(Unavailability.UNREACHABLE, f"{path.parent}: {os_reason(error)}") from None
        await check_database(self.engine, self.settings.database_url, create=migrate)
        if migrate:
            await upgrade_schema(self.engine)

    async def close(self) -> None:
        await self.engine.dispose()


class BotApp:
    """The chatting bot: everything a message needs, from intake to delivery."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None, engine: AsyncEngine | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.database = Database(settings, engine=engine)
        self.engine = self.database.engine
        self.uow_factory = self.database.uow_factory
        self.config = settings.core_config
        self.questions = QuestionDesk(Matcher(load_knowledge(settings.knowledge_path)))
        self.dispatcher = build_dispatcher(self.questions)
        self.capabilities: dict[Platform, ChannelCapabilities] = {}
        self.senders: dict[Platform, ChannelSender] = {}
        self.webhooks: WebhookServer | None = None  # set while run_platforms serves webhooks
        self.ready = asyncio.Event()  # set once run_platforms has started everything
        self.outbox = OutboxSender(
            uow_factory=self.uow_factory,
            channels=self.senders,
            clock=self.clock,
            on_ticket_failure=partial(undelivered_notice, staff_chat=settings.staff_chat),
            lease_seconds=settings.outbox_lease_seconds,
        )
        self.runner = ExactlyOnceRunner(uow_factory=self.uow_factory, clock=self.clock, wake=self.outbox.wake)
        self.notices = PlatformNotices(
            runner=self.runner,
            uow_factory=self.uow_factory,
            clock=self.clock,
            config=self.config,
            monthly_limits={Platform.ZALO: settings.zalo_monthly_messages},
        )
        self.inbox = Inbox(
            uow_factory=self.uow_factory,
            dispatcher=self.dispatcher,
            clock=self.clock,
            config=self.config,
            capabilities=self.capabilities,
            runner=self.runner,
        )
        self.reminders = ReminderDesk(
            uow_factory=self.uow_factory, runner=self.runner, clock=self.clock, config=self.config,
            policy=settings.reminder_policy,
        )
        self.scheduler = ReminderScheduler(self.reminders, SchedulerLock(self.engine), retention=settings.retention)

    async def prepare_database(self) -> None:
        await self.database.open(migrate=True)

    async def receive(self, incoming: Incoming) -> None:
        """Entry point for every channel: handle once; the runner wakes the sender."""
        await self.inbox.handle(incoming)
        self.scheduler.poke()  # a chat command may have moved a deadline: re-plan at once

    def add_sender(self, sender: ChannelSender, capabilities: ChannelCapabilities) -> None:
        self.senders[sender.platform] = sender
        self.capabilities[sender.platform] = capabilities

    def add_channel(self, channel: Channel) -> None:
        self.add_sender(channel.sender, channel.capabilities)

    async def close(self) -> None:
        await self.database.close()


def build_channels(app: BotApp, on_fatal: FatalHandler | None = None) -> list[Channel]:
    """Every platform whose token is set; `on_fatal` hears of a channel that cannot go on."""
    settings = app.settings
    channels: list[Channel] = []
    if settings.telegram_bot_token is not None:
        from bot.channels.telegram import TelegramChannel  # imported only when Telegram is used

        channels.append(
            TelegramChannel(
                token=settings.telegram_bot_token.get_secret_value(),
                base_url=settings.telegram_api_base_url,
                on_incoming=app.receive,
                on_fatal=on_fatal,
            )
        )
    if settings.zalo_bot_token is not None:
        from bot.channels.zalo import ZaloChannel

        channels.append(
            ZaloChannel(
                token=settings.zalo_bot_token.get_secret_value(),
                base_url=settings.zalo_api_base_url,
                on_incoming=app.receive,
                poll=not settings.webhook_base_url,
                on_sent=partial(app.notices.check_quota, Platform.ZALO),
                on_quota_exceeded=partial(app.notices.quota_exceeded, Platform.ZALO),
                on_unauthorized=partial(app.notices.token_refused, Platform.ZALO),
            )
        )
    return channels


async def run_platforms(app: BotApp, stop: asyncio.Event, channels: list[Channel] | None = None) -> None:
    """Start every configured channel, plus the sender, the scheduler (reminders, digest, retention
    pruning) and the webhook server, until `stop` is set; raises ChannelFailed when a channel
    could not go on (a token revoked meanwhile)."""
    failures: list[str] = []

    def fail(reason: str) -> None:
        failures.append(reason)
        stop.set()

    channels = build_channels(app, on_fatal=fail) if channels is None else channels
    started: list[Channel] = []
    sender_task = asyncio.create_task(app.outbox.run(stop))
    server = None
    try:
        await app.scheduler.start()
        for channel in channels:
            await channel.start()
            started.append(channel)
            # Capabilities are known once connected (Telegram's privacy mode, for one).
            app.add_channel(channel)
        if app.settings.webhook_base_url:
            from bot.channels.webhook import serve_webhooks

            server = app.webhooks = await serve_webhooks(app.settings, started, app.uow_factory)
        log.info("Trợ lý đang chạy. Nhấn Ctrl+C để dừng.")
        app.ready.set()
        await stop.wait()
    finally:
        stop.set()
        if server is not None:
            await server.stop()
        # Intake stops first, so nothing new is taken while the sender finishes its sends.
        for channel in reversed(started):
            await channel.stop()
        await app.scheduler.stop()
        await sender_task
    if failures:
        raise ChannelFailed(failures[0])


async def run_console(
    app: BotApp, identity: ConsoleIdentity, *, read_line: LineReader = read_stdin, write: Writer = print
) -> None:
    """Chat in the terminal through the same handlers and database; replies print at once, and
    reminders for console chats print when the scheduler sends them."""
    app.add_sender(ConsoleSender(write, home=identity.home), CONSOLE_CAPABILITIES)

    # One drain at a time: a reply is printed before the next line is read, and a reminder the
    # scheduler queued meanwhile is printed by the idle drain, never both claiming one message.
    draining = asyncio.Lock()

    async def drain() -> None:
        async with draining:
            await app.outbox.drain()

    async def on_incoming(incoming: Incoming) -> None:
        await app.receive(incoming)
        await drain()

    async def drain_while_idle(stop: asyncio.Event) -> None:
        while not stop.is_set():
            with suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), CONSOLE_DRAIN_SECONDS)
            await drain()

    await drain()  # anything queued for the console before (e.g. after a crash)
    stop = asyncio.Event()
    await app.scheduler.start()
    idle_task = asyncio.create_task(drain_while_idle(stop))
    try:
        await ConsoleChannel(identity, on_incoming).run(read_line)
    finally:
        stop.set()
        await app.scheduler.stop()
        await idle_task


def install_stop_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        with suppress(NotImplementedError):
            loop.add_signal_handler(signum, stop.set)


async def with_app(settings: Settings, work: Callable[[BotApp], Awaitable[int]]) -> int:
    """Run `work` with the whole bot built (run, console)."""
    app = BotApp(settings)
    try:
        await app.prepare_database()
        return await work(app)
    finally:
        await app.close()


async def with_database(settings: Settings, work: Callable[[Database], Awaitable[int]], *, migrate: bool) -> int:
    """Run `work` with the database only (the administration commands)."""
    database = Database(settings)
    try:
        await database.open(migrate=migrate)
        return await work(database)
    finally:
        await database.close()
