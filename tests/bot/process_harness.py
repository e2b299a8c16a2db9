"""`python -m bot run` as a real process against the fake Bot API, on a database of its own:
a SQLite file, or a fresh PostgreSQL database created (and dropped) on the test server."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from tests.fake_telegram import TOKEN, FakeTelegram


@asynccontextmanager
async def own_database(test_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database URL the bot process may migrate and fill; gone afterwards."""
    if test_url == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    url = make_url(test_url)
    name = f"crash_{uuid.uuid4().hex[:10]}"
    admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        connection = await asyncpg.connect(admin)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()


class BotProcess:
    def __init__(self, telegram: FakeTelegram, database_url: str, workdir: Path) -> None:
        self.telegram = telegram
        self.database_url = database_url
        self.workdir = workdir
        self.process: asyncio.subprocess.Process | None = None
        self.runs = 0

    @property
    def log_path(self) -> Path:
        return self.workdir / f"run-{self.runs}.log"

    async def start(self, **extra_env: str) -> None:
        self.runs += 1
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "DATABASE_", "WEBHOOK_"))}
        env.update(
            TELEGRAM_BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=self.telegram.base_url,
            DATABASE_URL=self.database_url,
            ADMIN_IDS="",
            **extra_env,
        )
        with self.log_path.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=self.workdir, env=env, stdout=log, stderr=log
            )

    async def kill(self) -> int:
        return await self._signal(signal.SIGKILL)

    async def terminate(self) -> int:
        return await self._signal(signal.SIGTERM)

    async def _signal(self, signum: int) -> int:
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signum)
        return await asyncio.wait_for(self.process.wait(), 20)

    async def wait(self, timeout: float = 30) -> int:
        assert self.process is not None
        return await asyncio.wait_for(self.process.wait(), timeout)

    def output(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in sorted(self.workdir.glob("run-*.log")))
