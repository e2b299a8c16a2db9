"""Notes to the department's staff chat about a platform itself: its monthly quota nearly spent
or exceeded, its token refused. Each goes out once per period (ExactlyOnceRunner), however many
messages run into the same condition.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from handlers import texts
from handlers.core.context import Clock, CoreConfig
from handlers.core.messages import Outgoing, Platform
from handlers.core.runner import ExactlyOnceRunner, WorkKey
from storage.uow import UnitOfWork, UnitOfWorkFactory

log = logging.getLogger(__name__)

# The Zalo Bot free plan: 3,000 messages a month (../shared/reference/zalo-bot-api.md §4).
ZALO_FREE_MONTHLY_MESSAGES = 3000
WARN_SHARE = 0.8


def month_bounds(now: datetime, timezone: object) -> tuple[datetime, datetime, str]:
    """The local calendar month holding `now`: its start, the next month's start, and "YYYY-MM"."""
    local = now.astimezone(timezone)  # type: ignore[arg-type]
    start = local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    following = start.replace(year=start.year + 1, month=1) if start.month == 12 else start.replace(month=start.month + 1)
    return start, following, f"{start.year:04d}-{start.month:02d}"


USAGE_RECOUNT = timedelta(minutes=1)


@dataclass
class _Usage:
    month: str
    counted_at: datetime
    count: int  # sent messages, including those counted on since counted_at


class PlatformNotices:
    def __init__(
        self,
        *,
        runner: ExactlyOnceRunner,
        uow_factory: UnitOfWorkFactory,
        clock: Clock,
        config: CoreConfig,
        monthly_limits: Mapping[Platform, int],
    ) -> None:
        self._runner = runner
        self._uow_factory = uow_factory
        self._clock = clock
        self._config = config
        self._limits = monthly_limits
        self._usage: dict[Platform, _Usage] = {}

    async def messages_this_month(self, platform: Platform) -> int:
        start, end, _ = month_bounds(self._clock.now(), self._config.timezone)
        async with self._uow_factory() as uow:
            return await uow.usage.messages_sent(platform, start, end)

    async def check_quota(self, platform: Platform, just_sent: int = 0) -> None:
        """Warn the staff chat once a month when the bot has spent WARN_SHARE of the platform's quota.

        `just_sent`: messages the platform accepted that the outbox has not marked sent yet."""
        limit = self._limits.get(platform)
        if not limit:
            return
        count = await self._usage_now(platform, just_sent)
        if count < WARN_SHARE * limit:
            return
        _, _, month = month_bounds(self._clock.now(), self._config.timezone)
        text = texts.QUOTA_NEARLY_SPENT.format(
            platform=texts.PLATFORM_NAMES[platform], count=count, limit=limit, month=_month_label(month)
        )
        await self._note_once(f"{platform}-quota-80:{month}", text)

    async def _usage_now(self, platform: Platform, just_sent: int) -> int:
        """This month's count: from the database at most every USAGE_RECOUNT, counted on in between
        (a count per sent message cost more than the sending in bench/bench_webhook.py)."""
        now = self._clock.now()
        _, _, month = month_bounds(now, self._config.timezone)
        known = self._usage.get(platform)
        if known is None or known.month != month or now - known.counted_at >= USAGE_RECOUNT:
            known = _Usage(month, now, await self.messages_this_month(platform))
        known.count += just_sent
        self._usage[platform] = known
        return known.count

    async def quota_exceeded(self, platform: Platform) -> None:
        _, _, month = month_bounds(self._clock.now(), self._config.timezone)
        text = texts.QUOTA_EXCEEDED.format(platform=texts.PLATFORM_NAMES[platform], month=_month_label(month))
        await self._note_once(f"{platform}-quota-exceeded:{month}", text)

    async def token_refused(self, platform: Platform) -> None:
        day = self._clock.now().astimezone(self._config.timezone).date().isoformat()
        await self._note_once(f"{platform}-unauthorized:{day}", texts.TOKEN_REFUSED[platform])

    async def _note_once(self, key: str, text: str) -> None:
        staff_chat = self._config.staff_chat
        if staff_chat is None:
            log.warning("%s (chưa đặt STAFF_CHAT nên không báo được cán bộ Sở)", text)
            return

        async def note(uow: UnitOfWork) -> list[Outgoing]:
            return [Outgoing(chat=staff_chat, text=text)]

        await self._runner.run(WorkKey.job(key), note)


def _month_label(month: str) -> str:
    year, number = month.split("-")
    return f"{number}/{year}"
