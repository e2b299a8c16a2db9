"""Logging for operators. Tokens and ID numbers never reach a log: they are masked in every record."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from handlers.core.personal_data import mask_citizen_ids


class RedactingFormatter(logging.Formatter):
    """Masks secrets in the finished line, tracebacks included (a library error may quote a token)."""

    def __init__(self, fmt: str, secrets: Iterable[str]) -> None:
        super().__init__(fmt)
        self._secrets = [s for s in secrets if s]

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return mask_citizen_ids(text)  # a logged message or error may quote what someone wrote


def setup_logging(secrets: Iterable[str] = (), level: int = logging.INFO) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s", secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL, and Telegram's URL carries the token.
    for noisy in ("httpx", "httpcore", "apscheduler", "aiosqlite", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    quiet_flood_waits()


# PTB's rate limiter logs every flood wait with a full traceback ("Rate limit hit after maximum of
# 0 retries"), though the outbox retries the message after retry_after as designed; a reminder
# fan-out would print dozens of tracebacks to the operator's terminal.
FLOOD_WAIT_LOGGER = "telegram.ext.AIORateLimiter"


def quiet_flood_waits() -> None:
    logging.getLogger(FLOOD_WAIT_LOGGER).setLevel(logging.CRITICAL)
