"""What the suite does between tests, made cheap without changing what a test sees.

A test with ``transaction=True`` (``transactional_db``, ``live_server``: the browser tests) ends with Django's
``flush``: every table emptied, then the ``post_migrate`` signal, whose receivers write the content types and
permissions of every model again. Measured in December 2026 on PostgreSQL, one such teardown took 5–7 s: the
``TRUNCATE`` of all 140 tables in one statement (each table and index a new file) and the signal's queries.

- On PostgreSQL the flush deletes instead (``DELETE FROM`` each table, in the flush's one transaction). Django's
  foreign keys there are ``DEFERRABLE INITIALLY DEFERRED``, so the order does not matter; at the commit every
  table is empty. Sequences are not reset either way (the test cases flush with ``reset_sequences=False``).
- After the flush the rows ``post_migrate`` wrote when the test database was built (content types,
  permissions) are put back as they were, in one insert per table, instead of the receivers rebuilding them
  query by query; the signal's other receivers (the cache table) still run.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.management import create_permissions
from django.contrib.contenttypes.management import create_contenttypes
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.db.models.signals import post_migrate

# The tables post_migrate fills, parents first; their rows are restored after each flush.
_SNAPSHOT_MODELS = ("contenttypes.ContentType", "auth.Permission")
_snapshots: dict[str, list[tuple[Any, list[Any]]]] = {}
_truncate: Any = None  # PostgreSQL's own sql_flush, while cheap_flush replaces it


def _sql_flush_by_delete(self: Any, style: Any, tables: Any, *, reset_sequences: bool = False, **kwargs: Any) -> Any:
    if reset_sequences or kwargs.get("allow_cascade"):  # not what the test cases ask: Django's own statement
        return _truncate(self, style, tables, reset_sequences=reset_sequences, **kwargs)
    return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(table))};" for table in tables]


def take_snapshot(using: str = "default") -> None:
    """The rows ``post_migrate`` wrote into the new test database (call right after it is built)."""
    from django.apps import apps

    _snapshots[using] = [
        (model, list(model._base_manager.using(using).order_by("pk")))
        for model in (apps.get_model(label) for label in _SNAPSHOT_MODELS)
    ]


def _emit_after_flush(verbosity: int, interactive: bool, db: str, **kwargs: Any) -> None:
    """Instead of ``emit_post_migrate_signal`` in ``flush``: the snapshot back, then the other receivers."""
    from django.core.management import sql

    snapshot = _snapshots.get(db)
    if snapshot is None:  # no snapshot of this database: what Django does
        sql.emit_post_migrate_signal(verbosity, interactive, db, **kwargs)
        return
    for model, rows in snapshot:
        model._base_manager.using(db).bulk_create(rows)
    ContentType.objects.clear_cache()  # as create_contenttypes does
    post_migrate.disconnect(create_permissions, dispatch_uid="django.contrib.auth.management.create_permissions")
    post_migrate.disconnect(create_contenttypes)
    try:
        sql.emit_post_migrate_signal(verbosity, interactive, db, **kwargs)
    finally:
        post_migrate.connect(create_permissions, dispatch_uid="django.contrib.auth.management.create_permissions")
        post_migrate.connect(create_contenttypes)


@contextmanager
def cheap_flush() -> Iterator[None]:
    """For the whole session: ``flush`` deletes on PostgreSQL and restores the post_migrate snapshot."""
    global _truncate
    from django.core.management.commands import flush

    patched: list[tuple[Any, str, Any]] = [(flush, "emit_post_migrate_signal", _emit_after_flush)]
    if connections["default"].vendor == "postgresql":
        ops_class = type(connections["default"].ops)
        _truncate = ops_class.sql_flush
        patched.append((ops_class, "sql_flush", _sql_flush_by_delete))
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in patched]
    for owner, name, value in patched:
        setattr(owner, name, value)
    try:
        yield
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)
