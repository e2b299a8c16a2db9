"""Engine, sessions and schema upgrades. Nothing connects at import time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.errors import DatabaseUnavailable, Unavailability

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CONNECT_TIMEOUT_SECONDS = 10


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """An async engine; on SQLite with foreign keys on, WAL, and a wait instead of 'locked'."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", 30)
    elif url.startswith("postgresql"):
        kwargs.setdefault("connect_args", {}).setdefault("timeout", CONNECT_TIMEOUT_SECONDS)
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
    return engine


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: rows stay readable after commit; async code never lazy-loads.
    return async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade_schema(engine: AsyncEngine) -> None:
    """Bring the schema to the newest migration (run on every start)."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)


def masked_url(url: str) -> str:
    """The URL without its password, fit for a message or a log line."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url.split("@")[-1]


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory SQLite)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _schema_revision(connection: Connection) -> tuple[str | None, str | None]:
    """(the database's revision, the newest migration's)."""
    current = MigrationContext.configure(connection).get_current_revision()
    return current, ScriptDirectory.from_config(alembic_config()).get_current_head()


async def check_database(engine: AsyncEngine, url: str, *, create: bool) -> None:
    """Raise DatabaseUnavailable unless the database can be used: reachable and, unless it is
    about to be created or upgraded (`create`), holding the newest schema."""
    path = sqlite_file(url)
    if path is not None and not create and not path.exists():
        raise DatabaseUnavailable(Unavailability.NO_FILE, str(path))
    try:
        async with engine.connect() as connection:
            current, head = await connection.run_sync(_schema_revision)
    except Exception as error:  # noqa: BLE001 - drivers raise their own types on connect (asyncpg's are not wrapped)
        reason = str(getattr(error, "orig", None) or error)
        detail = reason.splitlines()[0] if reason else type(error).__name__
        raise DatabaseUnavailable(Unavailability.UNREACHABLE, detail) from None
    if create:
        return
    if current is None:
        raise DatabaseUnavailable(Unavailability.NOT_INITIALISED)
    if current != head:
        raise DatabaseUnavailable(Unavailability.OUTDATED, f"{current} < {head}")


async def run_statement(url: str, statement: str) -> None:
    """One SQL statement on a short-lived engine (creating or dropping a test schema)."""
    engine = make_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()
