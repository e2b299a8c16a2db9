"""Settings from the environment and `.env` (names fixed by design.md)."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

import knowledge
from handlers.core.context import CoreConfig
from handlers.core.messages import ChatRef, Platform, UserRef
from handlers.reminders.planning import DEFAULT_OFFSETS, Offset, ReminderPolicy, parse_offsets
from storage.database import sqlite_file

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./data/tro_ly_csdl.db"
DEFAULT_TELEGRAM_API_BASE_URL = "https://api.telegram.org/bot"
# The root: the client appends /bot<TOKEN>/<method> itself.
DEFAULT_ZALO_API_BASE_URL = "https://bot-api.zaloplatforms.com"
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
    # The bot's @username, for deep links on the registration slips (no network call to learn it).
    telegram_bot_username: str | None = None
    # The Zalo bot's share link (https://zalo.me/<bot id>), printed with a QR on registration slips.
    zalo_bot_link: str | None = None
    zalo_bot_token: SecretStr | None = None
    zalo_api_base_url: str = DEFAULT_ZALO_API_BASE_URL
    admin_ids: Annotated[frozenset[UserRef], NoDecode] = Field(default_factory=frozenset)
    staff_chat: Annotated[ChatRef | None, NoDecode] = None
    timezone: Annotated[ZoneInfo, NoDecode] = ZoneInfo("Asia/Ho_Chi_Minh")
    webhook_base_url: str | None = None
    webhook_secret: SecretStr | None = None
    port: int | None = Field(default=None, ge=0, le=65535)
    # Where the webhook server listens; behind a reverse proxy the default keeps it off the network.
    webhook_host: str = "127.0.0.1"
    # Messages a month the Zalo plan allows (free plan: 3,000); staff are warned at 80%.
    zalo_monthly_messages: int = Field(default=3000, ge=0)
    knowledge_path: Path = DEFAULT_KNOWLEDGE_PATH
    # Reminders (handlers/reminders/planning.py): offsets before each deadline, quiet time, grace.
    reminder_offsets: Annotated[tuple[Offset, ...], NoDecode] = DEFAULT_OFFSETS
    quiet_hours: Annotated[tuple[time, time], NoDecode] = (time(21, 0), time(6, 0))
    quiet_weekends: bool = False
    holidays: Annotated[frozenset[date], NoDecode] = Field(default_factory=frozenset)
    reminder_grace_hours: float = Field(default=6.0, ge=0, le=72)
    # Platforms where private reminders go to school leaders only (quota); empty: everyone.
    reminder_leaders_only_on: Annotated[frozenset[Platform], NoDecode] = frozenset({Platform.ZALO})
    digest_time: Annotated[time, NoDecode] = time(7, 30)
    # Days processed-update marks and sent messages are kept (they may quote people).
    retention_days: int = Field(default=30, ge=1, le=3650)
    # How long a sender's claim on a message lasts unless renewed: after a crash on PostgreSQL,
    # the dead process's messages wait this long before another process sends them.
    outbox_lease_seconds: float = Field(default=30.0, ge=1, le=3600)
    # A ticket unanswered for this many working hours (OFFICE_HOURS, Monday to Friday) is
    # re-announced to STAFF_CHAT.
    ticket_overdue_hours: float = Field(default=4.0, gt=0, le=72)
    office_hours: Annotated[tuple[time, time], NoDecode] = (time(7, 30), time(17, 0))

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

    @field_validator("zalo_api_base_url")
    @classmethod
    def _zalo_root(cls, value: str) -> str:
        # The client appends /bot<TOKEN>/<method>; a base ending in /bot (an old default) would double it.
        return value.rstrip("/").removesuffix("/bot")

    @field_validator("webhook_base_url", mode="before")
    @classmethod
    def _webhook_base(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            if value and not value.startswith("https://"):
                raise ValueError("phải là địa chỉ https:// công khai (Telegram và Zalo chỉ gửi tới HTTPS)")
            return value or None
        return value

    @field_validator("webhook_secret")
    @classmethod
    def _webhook_secret_shape(cls, value: SecretStr | None) -> SecretStr | None:
        # Both platforms accept it: Telegram 1-256 of A-Z a-z 0-9 _ -, Zalo 8-256 characters.
        if value is not None and not re.fullmatch(r"[A-Za-z0-9_-]{8,256}", value.get_secret_value()):
            raise ValueError("phải gồm 8–256 ký tự A-Z, a-z, 0-9, _ hoặc -")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_base_url and self.webhook_secret is None:
            raise ValueError("cần đặt khi dùng WEBHOOK_BASE_URL: 8–256 ký tự A-Z, a-z, 0-9, _ hoặc -")
        return self

    @property
    def webhook_port(self) -> int:
        return 8080 if self.port is None else self.port

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

    @field_validator("reminder_leaders_only_on", mode="before")
    @classmethod
    def _parse_platforms(cls, value: object) -> object:
        if isinstance(value, str):
            try:
                return frozenset(Platform(item.strip().lower()) for item in value.split(",") if item.strip())
            except ValueError:
                names = ", ".join(p.value for p in Platform)
                raise ValueError(f"'{value}' phải là các nền tảng cách nhau dấu phẩy ({names})") from None
        return value

    @field_validator("reminder_offsets", mode="before")
    @classmethod
    def _parse_offsets(cls, value: object) -> object:
        if isinstance(value, str):
            offsets = parse_offsets(value)
            if not offsets:
                raise ValueError("cần ít nhất một mốc nhắc, ví dụ 3d,1d,08:00,2h")
            return offsets
        return value

    @field_validator("quiet_hours", "office_hours", mode="before")
    @classmethod
    def _parse_clock_range(cls, value: object) -> object:
        if isinstance(value, str):
            start, sep, end = value.partition("-")
            if not sep:
                raise ValueError(f"'{value}' phải có dạng HH:MM-HH:MM, ví dụ 21:00-06:00")
            return (_parse_clock(start), _parse_clock(end))
        return value

    @field_validator("office_hours")
    @classmethod
    def _office_opens_before_closing(cls, value: tuple[time, time]) -> tuple[time, time]:
        if value[0] >= value[1]:
            raise ValueError("giờ bắt đầu làm việc phải trước giờ kết thúc, ví dụ 07:30-17:00")
        return value

    @property
    def core_config(self) -> CoreConfig:
        """What use cases need from the settings."""
        return CoreConfig(
            admin_ids=self.admin_ids,
            timezone=self.timezone,
            staff_chat=self.staff_chat,
            ticket_overdue_hours=self.ticket_overdue_hours,
            office_hours=self.office_hours,
        )

    @field_validator("digest_time", mode="before")
    @classmethod
    def _parse_digest_time(cls, value: object) -> object:
        return _parse_clock(value) if isinstance(value, str) else value

    @field_validator("holidays", mode="before")
    @classmethod
    def _parse_holidays(cls, value: object) -> object:
        if isinstance(value, str):
            days = set()
            for item in value.split(","):
                if item.strip():
                    try:
                        days.add(datetime.strptime(item.strip(), "%d/%m/%Y").date())
                    except ValueError:
                        raise ValueError(f"ngày '{item.strip()}' phải có dạng dd/mm/yyyy") from None
            return frozenset(days)
        return value

    @property
    def reminder_policy(self) -> ReminderPolicy:
        return ReminderPolicy(
            offsets=self.reminder_offsets,
            quiet_start=self.quiet_hours[0],
            quiet_end=self.quiet_hours[1],
            quiet_weekends=self.quiet_weekends,
            holidays=self.holidays,
            grace=timedelta(hours=self.reminder_grace_hours),
            leaders_only_on=frozenset(p.value for p in self.reminder_leaders_only_on),
            digest_at=self.digest_time,
        )

    @field_validator("telegram_bot_username", mode="before")
    @classmethod
    def _bot_username(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        name = str(value).strip().removeprefix("@")
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]{3,31}", name):
            raise ValueError("tên bot Telegram chỉ gồm chữ, số, dấu _ (5–32 ký tự), ví dụ TroLyCSDLBot")
        return name

    @field_validator("zalo_bot_link", mode="before")
    @classmethod
    def _zalo_link(cls, value: object) -> object:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        link = str(value).strip()
        if not re.fullmatch(r"https://(zalo\.me|bot\.zaloplatforms\.com/bots)/[A-Za-z0-9_-]{3,64}/?", link):
            raise ValueError(
                "phải là link chia sẻ của bot Zalo, dạng https://zalo.me/<id bot> "
                "(sao chép trong Zalo Bot Creator)"
            )
        return link.rstrip("/")

    @property
    def sqlite_path(self) -> Path | None:
        """The database file for a SQLite URL, so its folder can be created."""
        return sqlite_file(self.database_url)


def _parse_clock(text: str) -> time:
    try:
        hour, _, minute = text.strip().lower().replace("h", ":").partition(":")
        return time(int(hour), int(minute or 0))
    except ValueError:
        raise ValueError(f"giờ '{text.strip()}' phải có dạng HH:MM, ví dụ 07:30") from None


def load_settings(**overrides: object) -> Settings:
    """Load settings, turning a validation failure into one line that names the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]).upper() if first["loc"] else "WEBHOOK_SECRET"
        reason = str(first["msg"]).removeprefix("Value error, ")
        raise SettingsError(f"Cấu hình sai ở {name}: {reason}") from None
