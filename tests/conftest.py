"""Test databases: SQLite by default, PostgreSQL when TEST_DATABASE_URL names one.

The schema is built once per run by the real Alembic migrations; each test then gets a clean
database (a copy of the migrated SQLite file, or emptied PostgreSQL tables in a schema of its
own). With CI=true an unreachable PostgreSQL fails the run instead of skipping it.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, partial
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

from bot.settings import DEFAULT_KNOWLEDGE_PATH
from handlers.answers.knowledge import load_knowledge
from handlers.answers.matcher import Matcher
from handlers.answers.questions import QuestionDesk
from handlers.core.context import CoreConfig
from handlers.core.dispatcher import Dispatcher
from handlers.core.messages import ChatKind, ChatRef, Incoming, Platform, UserRef
from handlers.registry import build_dispatcher
from storage.database import make_engine, make_session_factory, run_statement, upgrade_schema
from storage.uow import SqlModelUnitOfWork
from tests.fake_telegram import FakeTelegram
from tests.fake_zalo import FakeZalo

ADMIN = UserRef(Platform.TELEGRAM, "1")
TEACHER = UserRef(Platform.TELEGRAM, "777")


@dataclass(frozen=True)
class TestDatabase:
    url: str
    schema: str | None = None  # PostgreSQL: the schema this run owns
    template: Path | None = None  # SQLite: the migrated file each test copies

    def engine_kwargs(self) -> dict:
        if self.schema is None:
            return {}
        return {"connect_args": {"server_settings": {"search_path": self.schema}}}


class FakeClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 6, 1, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


def _fail_or_skip(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL lane cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


async def _migrate(url: str, **engine_kwargs: object) -> None:
    engine = make_engine(url, **engine_kwargs)
    try:
        await upgrade_schema(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def test_database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestDatabase]:
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not url or url.startswith("sqlite"):
        template = tmp_path_factory.mktemp("db") / "template.db"
        asyncio.run(_migrate(f"sqlite+aiosqlite:///{template}"))
        yield TestDatabase(url="sqlite", template=template)
        return
    schema = f"test_{uuid.uuid4().hex[:12]}"
    try:
        asyncio.run(run_statement(url, f'CREATE SCHEMA "{schema}"'))
    except (OSError, Exception) as error:  # connection refused, unknown database, auth
        _fail_or_skip(f"{url}: {error}")
    database = TestDatabase(url=url, schema=schema)
    asyncio.run(_migrate(url, **database.engine_kwargs()))
    yield database
    asyncio.run(run_statement(url, f'DROP SCHEMA "{schema}" CASCADE'))


@pytest.fixture
async def engine(test_database: TestDatabase, tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    if test_database.template is not None:
        copy = tmp_path / "test.db"
        shutil.copy(test_database.template, copy)
        engine = make_engine(f"sqlite+aiosqlite:///{copy}")
    else:
        engine = make_engine(test_database.url, **test_database.engine_kwargs())
        tables = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
        async with engine.begin() as connection:
            await connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    yield engine
    await engine.dispose()


@pytest.fixture
def uow_factory(engine: AsyncEngine) -> partial[SqlModelUnitOfWork]:
    return partial(SqlModelUnitOfWork, make_session_factory(engine))


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    """A fake Telegram Bot API on 127.0.0.1, for the adapters' end-to-end tests."""
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
async def zalo() -> AsyncIterator[FakeZalo]:
    """A fake Zalo Bot API on 127.0.0.1."""
    server = FakeZalo()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def config() -> CoreConfig:
    return CoreConfig(admin_ids=frozenset({ADMIN}))


@cache
def question_desk() -> QuestionDesk:
    """The real knowledge base, loaded once per run."""
    return QuestionDesk(Matcher(load_knowledge(DEFAULT_KNOWLEDGE_PATH)))


def default_dispatcher() -> Dispatcher:
    return build_dispatcher(question_desk())


def make_incoming(
    text: str,
    *,
    sender: UserRef = TEACHER,
    group: bool = True,
    update_id: str | None = None,
    chat_id: str = "-100123",
    message_id: str = "10",
    addressed: bool = False,
    mentioned: bool = False,
    sees_group_chatter: bool = True,
) -> Incoming:
    return Incoming(
        update_id=update_id or uuid.uuid4().hex,
        chat=ChatRef(sender.platform, chat_id if group else sender.user_id),
        chat_kind=ChatKind.GROUP if group else ChatKind.PRIVATE,
        sender=sender,
        text=text,
        received_at=datetime(2026, 6, 1, 8, 0, tzinfo=UTC),
        message_id=message_id,
        chat_title="Nhóm hỗ trợ THCS" if group else "",
        addressed=addressed or mentioned or text.startswith("/"),
        mentioned=mentioned,
        sees_group_chatter=sees_group_chatter,
    )
