"""Storage's own errors, so use cases never catch a database library's exceptions."""

from __future__ import annotations

from enum import StrEnum


class Conflict(Exception):
    """A write collided with another transaction's (a unique key taken meanwhile); run again."""


class Unavailability(StrEnum):
    UNREACHABLE = "unreachable"  # no server, refused, unknown database, bad credentials
    NO_FILE = "no_file"  # a SQLite file that does not exist yet (nothing was ever loaded)
    NOT_INITIALISED = "not_initialised"  # reachable, but the schema was never created
    OUTDATED = "outdated"  # the schema is older than this version of the bot


class DatabaseUnavailable(Exception):
    """The database cannot be used as it is; `kind` says why, `detail` what the driver said."""

    def __init__(self, kind: Unavailability, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail
