"""Settings from the environment and `.env` (names fixed by design.md)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

import knowledge
from handlers.core.messages import ChatRef, Platform, UserRef
from storage.database import sqlite_file

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/tro_ly_csdl.db"
DEFAULT_TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
DEFAULT_ZALO_API_BASE_URL = "https://bot-api.zaloplatforms.com/bot"
# The knowledge base shipped with the package; department staff edit these YAML files.
DEFAULT_KNOWLEDGE_PATH = knowledge.KNOWLEDGE_DIR


class SettingsError(Exception):
    """A setting is missing or malformed; the message is one line naming it."""


def _parse_ref(value: str) -> tuple[Platform, str]:
    platform, sep, ident = value.strip().partition(":")
    if not sep or not ident.strip():
        raise ValueError(f"'{value}' phải có dạng nền_tảng:id, ví dụ telegram:123456")
    try:
        return Platform(platform.strip().lower()), ident.strip()
    except ValueError:
        names = ", ".join(p.value for p in Platform)
        raise ValueError(f"nền tảng '{platform}' không hợp lệ (chọn một trong: {names})") from None


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = DEFAULT_TELEGRAM_API_BASE_URL
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = DEFAULT_ZALO_API_BASE_URL
    admin_ids: Annotated[frozenset[UserRef], NoDecode] = Field(default_factory=frozenset)
    staff_chat: Annotated[ChatRef | None, NoDecode] = None
    timezone: Annotated[ZoneInfo, NoDecode] = ZoneInfo("Asia/Ho_Chi_Minh")
    webhook_base_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    knowledge_path: Path = DEFAULT_KNOWLEDGE_PATH
    # Days processed-update marks and sent messages are kept (they may quote people).
    retention_days: int = Field(default=30, ge=1, le=3650)
    # How long a sender's claim on a message lasts unless renewed: after a crash on PostgreSQL,
    # the dead process's messages wait this long before another process sends them.
    outbox_lease_seconds: float = Field(default=30.0, ge=1, le=3600)

    @property
    def retention(self) -> timedelta:
        return timedelta(days=self.retention_days)

    @field_validator("knowledge_path")
    @classmethod
    def _knowledge_exists(cls, value: Path) -> Path:
        if not value.exists():
            raise ValueError(f"không thấy thư mục hoặc file cơ sở tri thức '{value}'")
        return value

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        value = value.strip()
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("chỉ hỗ trợ sqlite+aiosqlite://... hoặc postgresql+asyncpg://...")
        return value

    @field_validator("telegram_bot_token", "zalo_bot_token", "webhook_secret", mode="before")
    @classmethod
    def _blank_is_unset(cls, value: object) -> object:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("telegram_api_base_url", "zalo_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("phải bắt đầu bằng http:// hoặc https://")
        return value

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(UserRef(*_parse_ref(item)) for item in value.split(",") if item.strip())
        return value

    @field_validator("staff_chat", mode="before")
    @classmethod
    def _parse_staff_chat(cls, value: object) -> object:
        if isinstance(value, str):
            return ChatRef(*_parse_ref(value)) if value.strip() else None
        return value

    @field_validator("timezone", mode="before")
    @classmethod
    def _parse_timezone(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return ZoneInfo(value.strip())
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"không biết múi giờ '{value}' (ví dụ đúng: Asia/Ho_Chi_Minh)") from None
        return value

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for a SQLite URL, so its folder can be created."""
        return sqlite_file(self.database_url)


def load_settings(**overrides: object) -> Settings:
    """Load settings, turning a validation failure into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "?"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"Cấu hình sai ở {name}: {reason}") from None
