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


def is_unavailable(error: BaseException) -> bool:
    """Whether `error` (or what caused it) says the database could not be reached or was busy,
    rather than that the work itself is wrong: such work is retried later, never given up."""
    from sqlalchemy import exc  # storage's own library; use cases only call this function

    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, exc.OperationalError | exc.InterfaceError | exc.DisconnectionError | exc.TimeoutError):
            return True
        if isinstance(seen, exc.DBAPIError) and seen.connection_invalidated:
            return True
        if isinstance(seen, OSError | ConnectionError | TimeoutError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def is_conflict(error: BaseException) -> bool:
    """Whether `error` is a unique key taken by a concurrent transaction, also when it surfaced
    in an automatic flush before the commit (where the unit of work could not translate it)."""
    from sqlalchemy import exc

    return isinstance(error, Conflict | exc.IntegrityError)
