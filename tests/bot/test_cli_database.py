"""A database that cannot be used stops any command with one Vietnamese line, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bot(cwd: Path, database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ZALO_", "DATABASE_URL"))}
    env |= {"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL
    )


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def assert_one_line_naming_the_setting(result: subprocess.CompletedProcess[str], *expected: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and "DATABASE_URL" in lines[0]
    for fragment in expected:
        assert fragment in lines[0]


def test_an_unreachable_postgresql_server_is_one_line_without_the_password(tmp_path):
    url = f"postgresql+asyncpg://csdl:mat-khau-bi-mat@127.0.0.1:{closed_port()}/csdl"
    result = run_bot(tmp_path, url, "progress")
    assert_one_line_naming_the_setting(result, "Không kết nối được cơ sở dữ liệu")
    assert "mat-khau-bi-mat" not in result.stderr + result.stdout


def test_a_missing_sqlite_file_is_not_created_by_a_read_only_command(tmp_path):
    result = run_bot(tmp_path, "sqlite+aiosqlite:///./data/tro_ly.db", "schools", "codes")
    assert_one_line_naming_the_setting(result, "Chưa có cơ sở dữ liệu", "python -m bot demo")
    assert not (tmp_path / "data").exists()


def test_a_sqlite_file_in_a_folder_that_cannot_be_created_is_one_line(tmp_path):
    (tmp_path / "data").write_text("a file where the folder should be")
    result = run_bot(tmp_path, "sqlite+aiosqlite:///./data/tro_ly.db", "demo")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "DATABASE_URL" in result.stderr
    assert "trên đường dẫn có một tệp trùng tên thư mục" in result.stderr  # the reason in Vietnamese, not the OS's


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"), reason="PostgreSQL lane only")
def test_an_unknown_postgresql_database_says_to_create_it(tmp_path):
    base = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
    result = run_bot(tmp_path, f"{base}/khong_co_csdl_nay", "progress")
    assert_one_line_naming_the_setting(result, "createdb")
