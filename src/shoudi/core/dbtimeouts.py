"""Statement and lock timeouts on database connections, and telling a timeout from other database errors.

Every PostgreSQL connection starts with the web's limits (``settings.DB_STATEMENT_TIMEOUT`` and
``DB_LOCK_TIMEOUT``, passed as connection options). A process that runs long statements on purpose (the
worker, backup) sets its own limits with ``session_timeouts`` on every connection it opens. SQLite has no
statement timeout; a writer waits ``SHOUDI_SQLITE_BUSY_SECONDS`` for the lock and then fails "database is
locked", which counts as busy too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.backends.signals import connection_created

# SQLSTATE of PostgreSQL: query_canceled (statement_timeout) and lock_not_available (lock_timeout, NOWAIT)
BUSY_SQLSTATES = frozenset({"57014", "55P03"})
BUSY_MESSAGE = "系统繁忙，请稍后重试"


def _apply(connection: Any, statement: int, lock: int) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"SET statement_timeout = {int(statement) * 1000}")
        cursor.execute(f"SET lock_timeout = {int(lock) * 1000}")


def session_timeouts(*, statement: int, lock: int) -> Callable[[], None]:
    """From now on, every database connection of this process gets these limits (seconds; 0 = none), the
    connections already open too. Returns what stops it for connections opened later."""

    def on_connect(sender: Any, connection: Any, **kwargs: Any) -> None:
        _apply(connection, statement, lock)

    connection_created.connect(on_connect, weak=False, dispatch_uid="shoudi-session-timeouts")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _apply(connection, statement, lock)

    def stop() -> None:
        connection_created.disconnect(dispatch_uid="shoudi-session-timeouts")

    return stop


def is_busy(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is a statement or lock timeout, or SQLite's "database is locked"."""
    seen: BaseException | None = exc
    for _ in range(5):  # Django wraps the driver's error: look through the chain
        if seen is None:
            return False
        if getattr(seen, "sqlstate", None) in BUSY_SQLSTATES or getattr(seen, "pgcode", None) in BUSY_SQLSTATES:
            return True
        if "database is locked" in str(seen) and type(seen).__name__ == "OperationalError":
            return True
        seen = seen.__cause__ or seen.__context__
    return False
