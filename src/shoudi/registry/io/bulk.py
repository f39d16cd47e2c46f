"""Bulk inserts for large imports: rows as ``{attname: value}`` dicts, written in batches with one
``executemany`` (SQLite) or ``COPY`` (PostgreSQL) per batch.

Why not ``bulk_create``: it compiles every value through the SQL compiler (≈5 µs each) and, on SQLite,
splits into statements of 999 parameters — for 350,000 people × 30 columns plus their audit entries that
alone takes minutes. Here every value still goes through its model field's ``get_db_prep_save`` unless the
database driver takes the Python value as it is (text, booleans, integers), so what lands in the table is
what ``bulk_create`` would have written; defaults, ``auto_now`` and ``auto_now_add`` are filled the same way.
The two conversions that cost most at this scale are done directly, the way Django does them: UUIDs (hex
text where the database has no UUID type) and JSON (``json.dumps``, which PostgreSQL's COPY takes as jsonb
text); other conversions are remembered for values that repeat (dates, amounts, the import's timestamp).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.utils import timezone

from shoudi.core.audit import actor_name
from shoudi.core.models import AuditEntry

PLAIN_TYPES = {
    "CharField",
    "TextField",
    "BooleanField",
    "IntegerField",
    "SmallIntegerField",
    "BigIntegerField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "PositiveBigIntegerField",
    "AutoField",
    "BigAutoField",
}
MEMO_LIMIT = 50_000  # remembered conversions per field
SQLITE_CACHE_KIB = 256 * 1024  # page cache while importing: index pages of 10⁵ rows stay in memory


def _internal_type(field: models.Field) -> str:
    if field.is_relation:
        target = field.target_field  # type: ignore[attr-defined]
        return str(target.get_internal_type())
    return str(field.get_internal_type())


class BulkInsert:
    def __init__(self, model: type[models.Model], *, batch: int = 5000) -> None:
        self.model = model
        self.batch = batch
        self.connection = connections[DEFAULT_DB_ALIAS]  # the real wrapper: the proxy costs a lookup per use
        self.fields = [
            f
            for f in model._meta.concrete_fields
            if not (f.primary_key and isinstance(f, models.AutoField | models.BigAutoField | models.SmallAutoField))
        ]
        now = timezone.now()
        self.defaults: dict[str, Any] = {}
        self.factories: dict[str, Callable[[], Any]] = {}
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults[f.attname] = now
            elif f.has_default() and callable(f.default):
                self.factories[f.attname] = f.default
            else:
                self.defaults[f.attname] = f.get_default()
        self.preps: list[Callable[[Any], Any] | None] = [self._prep(f) for f in self.fields]
        self.attnames = [f.attname for f in self.fields]
        self.rows: list[tuple[Any, ...]] = []
        self.count = 0

    def _prep(self, field: models.Field) -> Callable[[Any], Any] | None:
        """How a Python value of ``field`` is handed to the driver (``None``: as it is)."""
        kind = _internal_type(field)
        conn = self.connection
        if kind in PLAIN_TYPES:
            return None
        if kind == "UUIDField":
            if conn.features.has_native_uuid_field:
                return None if conn.vendor == "postgresql" else lambda v: field.get_db_prep_save(v, conn)
            return lambda v: v.hex if isinstance(v, uuid.UUID) else field.get_db_prep_save(v, conn)
        if isinstance(field, models.JSONField) and field.encoder is None:
            return json.dumps
        memo: dict[Any, Any] = {}

        def prep(value: Any) -> Any:
            try:
                return memo[value]
            except KeyError:
                pass
            except TypeError:  # unhashable
                return field.get_db_prep_save(value, conn)
            converted = field.get_db_prep_save(value, conn)
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            memo[value] = converted
            return converted

        return prep

    def default(self, attname: str) -> Any:
        factory = self.factories.get(attname)
        return factory() if factory else self.defaults.get(attname)

    def add(self, values: Mapping[str, Any]) -> None:
        row = []
        for attname, prep in zip(self.attnames, self.preps, strict=True):
            value = values[attname] if attname in values else self.default(attname)
            row.append(value if prep is None or value is None else prep(value))
        self.rows.append(tuple(row))
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        conn = self.connection
        table = conn.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(conn.ops.quote_name(f.column) for f in self.fields)
        with conn.cursor() as cursor:
            if conn.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.fields))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)  # noqa: S608
        self.count += len(self.rows)
        self.rows = []


class BulkAudit:
    """The audit rows of a bulk import — each the row ``core.audit.audit_entry`` would write, inserted in batches
    — and, at the end, the import's own summary entry."""

    def __init__(self, *, actor: Any, reason: str, now: Any) -> None:
        self.rows = BulkInsert(AuditEntry)
        self.reason = reason
        self.actor = actor
        self.user_id = getattr(actor, "pk", None)
        self.now = now
        self.actor_name = actor_name(actor)

    @property
    def count(self) -> int:
        return self.rows.count

    def add(
        self,
        *,
        action: str,
        object_type: str,
        object_id: Any,
        label: str,
        household_id: Any,
        area_code: str,
        changes: dict[str, Any],
    ) -> None:
        self.rows.add(
            {
                "at": self.now,
                "actor_id": self.user_id,
                "actor_name": self.actor_name,
                "action": action,
                "object_type": object_type,
                "object_id": str(object_id),
                "object_label": label[:200],
                "household_id": household_id,
                "area_code": area_code,
                "changes": changes,
                "reason": self.reason,
            }
        )

    def flush(self) -> None:
        self.rows.flush()

    def summary(self, *, object_id: str, changes: dict[str, Any]) -> None:
        """One entry for the whole import: what it created and changed."""
        AuditEntry.objects.create(
            actor_id=self.user_id,
            actor_name=self.actor_name,
            action=AuditEntry.Action.IMPORT,
            object_type="import",
            object_id=object_id[:64],
            object_label=self.reason[:200],
            area_code=getattr(self.actor, "area_id", None) or "",
            changes=changes,
            reason=self.reason,
        )


@contextmanager
def large_cache() -> Iterator[None]:
    """On SQLite, a page cache large enough for the indexes of a big import (the default 2 MB makes each
    insert into the random-UUID and ID-number indexes spill and re-read pages: 3× slower at 10⁵ households)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
