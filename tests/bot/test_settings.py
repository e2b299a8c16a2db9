"""Settings: names from design.md; a bad value stops start-up with one line naming it."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from bot.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings
from handlers.core.messages import ChatRef, Platform, UserRef


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "TELEGRAM_BOT_TOKEN", "ADMIN_IDS", "STAFF_CHAT", "TIMEZONE", "PORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no stray .env


def test_defaults_run_on_embedded_sqlite_with_no_token():
    settings = load_settings()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.telegram_bot_token is None
    assert settings.timezone == ZoneInfo("Asia/Ho_Chi_Minh")
    assert settings.sqlite_path is not None and settings.sqlite_path.parts == ("data", "tro_ly_csdl.db")


def test_values_come_from_the_environment_and_the_env_file(monkeypatch, tmp_path):
    (tmp_path / ".env").write_text("TELEGRAM_BOT_TOKEN=123:abc\nSTAFF_CHAT=telegram:-1001\n", encoding="utf-8")
    monkeypatch.setenv("ADMIN_IDS", "telegram:1, zalo:abc")
    settings = load_settings()
    assert settings.telegram_bot_token is not None
    assert settings.telegram_bot_token.get_secret_value() == "123:abc"
    assert settings.admin_ids == {UserRef(Platform.TELEGRAM, "1"), UserRef(Platform.ZALO, "abc")}
    assert settings.staff_chat == ChatRef(Platform.TELEGRAM, "-1001")
    assert "123:abc" not in repr(settings)


def test_an_empty_token_counts_as_unset(monkeypatch):
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "  ")
    assert load_settings().telegram_bot_token is None


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_IDS", "12345"),
        ("ADMIN_IDS", "facebook:1"),
        ("STAFF_CHAT", "telegram:"),
        ("TIMEZONE", "Asia/Hanoi_City"),
        ("DATABASE_URL", "mysql://localhost/db"),
        ("PORT", "eighty"),
        ("TELEGRAM_API_BASE_URL", "api.telegram.org/bot"),
        ("OFFICE_HOURS", "17:00-07:30"),
        ("TICKET_OVERDUE_HOURS", "0"),
    ],
)
def test_a_malformed_setting_gives_one_line_naming_it(monkeypatch, name, value):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    message = str(error.value)
    assert name in message and "\n" not in message


def test_the_ticket_overdue_policy_comes_from_the_settings(monkeypatch):
    from datetime import time

    monkeypatch.setenv("TICKET_OVERDUE_HOURS", "2.5")
    monkeypatch.setenv("OFFICE_HOURS", "08:00-16:30")
    config = load_settings().core_config
    assert (config.ticket_overdue_hours, config.office_hours) == (2.5, (time(8, 0), time(16, 30)))
