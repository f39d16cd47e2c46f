"""What an import finds stored: the sheets of a batch of households and their lines, read with plain SQL (the
ORM's UUID and Decimal converters cost more than the rest of a re-import together), and the plans PostgreSQL
uses for those lookups."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection

from shoudi.income.models import IncomeLine, IncomeSheet
from shoudi.registry.io.validate import LOOKUP_CHUNK, chunks


class StoredSheet:
    """A stored sheet's key and the fields an import may change."""

    __slots__ = ("collected_on", "note", "pk", "version")

    def __init__(self, pk: Any, collected_on: dt.date | None, note: str, version: int) -> None:
        self.pk, self.collected_on, self.note, self.version = pk, collected_on, note, version

    def model(self, user_id: Any, now: Any) -> IncomeSheet:
        """An instance for ``bulk_update`` (only the changed sheets are made into models)."""
        return IncomeSheet(
            id=self.pk, collected_on=self.collected_on, note=self.note, version=self.version, collector_id=user_id,
            updated_by_id=user_id, updated_at=now,
        )  # fmt: skip


class StoredLine(NamedTuple):
    """A stored line, as much as the comparison with the file needs (10⁵ of them load faster than models)."""

    pk: int
    item: str
    member_id: Any
    work_place: str
    work_months: int | None
    amount: Decimal
    monthly: list[str] | None
    source: str
    department: str


def stored_sheets(households: list[Any]) -> dict[tuple[Any, int], StoredSheet]:
    """The stored sheets of ``households`` (ids as the database stores them) by (household, year), locked
    on PostgreSQL; plain SQL for the same reason as ``stored_lines``."""
    found: dict[tuple[Any, int], StoredSheet] = {}
    table = IncomeSheet._meta.db_table
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        for chunk in chunks(households, LOOKUP_CHUNK):
            marks = ", ".join(["%s"] * len(chunk))
            sql = f"SELECT id, household_id, year, collected_on, note, version FROM {table} WHERE household_id IN ({marks}){lock}"  # noqa: S608
            cursor.execute(sql, chunk)
            for pk, household, year, collected, note, version in cursor.fetchall():
                if isinstance(collected, str):  # SQLite gives text
                    collected = dt.date.fromisoformat(collected)
                pk = pk if isinstance(pk, uuid.UUID) else uuid.UUID(pk)
                found[(household, year)] = StoredSheet(pk, collected, note, version)
    return found


def stored_lines(sheets: list[Any]) -> dict[Any, list[StoredLine]]:
    """The stored lines of ``sheets`` by sheet id as the database gives it (``BulkInsert`` prep of the key), read with
    plain SQL: the ORM's UUID and Decimal converters cost more than the rest of a re-import together."""
    found: dict[Any, list[StoredLine]] = defaultdict(list)
    table = IncomeLine._meta.db_table
    columns = "sheet_id, id, item, member_id, work_place, work_months, amount, monthly, source, department"
    with connection.cursor() as cursor:
        for chunk in chunks(sheets, LOOKUP_CHUNK):
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {columns} FROM {table} WHERE sheet_id IN ({marks})", chunk)  # noqa: S608
            for sheet, pk, item, member, place, months, amount, monthly, source, dept in cursor.fetchall():
                if not isinstance(amount, Decimal):  # SQLite gives numbers
                    amount = Decimal(repr(amount)) if isinstance(amount, float) else Decimal(amount)
                if isinstance(monthly, str):
                    monthly = json.loads(monthly)
                member = member if member is None or isinstance(member, uuid.UUID) else uuid.UUID(member)
                found[sheet].append(StoredLine(pk, item, member, place, months, amount, monthly, source, dept))
    return found


def postgres_plans() -> None:
    """For this transaction only, make PostgreSQL look stored sheets and lines up by their indexes. Right after a
    large import the tables' statistics still describe them as (nearly) empty, and it then scans all 10⁶ lines
    for each chunk of 250 sheets: a re-import of 10⁵ households took 219 s in the write phase, nearly all of it
    in the server. The transaction only reads by key and inserts, so turning sequential scans off is safe."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
