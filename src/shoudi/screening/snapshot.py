"""The snapshot: registry, matched feed records and open cases of an area, exported in bulk to Parquet.

On PostgreSQL each table leaves the database through ``COPY (SELECT …) TO STDOUT`` (CSV, parsed by Arrow);
on SQLite through ``values_list`` in chunks. Never one ORM object per row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.db import connection
from django.db.models import Q, QuerySet

from shoudi.core.access import in_area

MONEY = pa.decimal128(14, 2)
CENT = Decimal("0.01")
SCHEMAS: dict[str, pa.Schema] = {
    "households": pa.schema(
        [("household_id", pa.string()), ("number", pa.string()), ("village_code", pa.string()), ("status", pa.string())]
    ),
    "persons": pa.schema(
        [
            ("person_id", pa.string()),
            ("household_id", pa.string()),
            ("labor", pa.string()),
            ("work_income", MONEY),
            ("birth_date", pa.date32()),
        ]
    ),
    "feeds": pa.schema(
        [
            ("record_id", pa.int64()),
            ("source", pa.string()),
            ("person_id", pa.string()),
            ("household_id", pa.string()),
            ("village_code", pa.string()),
            ("on_date", pa.date32()),
            ("year", pa.int32()),
            ("category", pa.string()),
            ("status", pa.string()),
            ("amount", MONEY),
            ("amount_oop", MONEY),
        ]
    ),
    "cases": pa.schema([("household_id", pa.string())]),
}
FEED_FIELDS = (
    "id",
    "source",
    "person_id",
    "household_id",
    "village_code",
    "on",
    "year",
    "category",
    "status",
    "amount",
    "amount_oop",
)


def querysets(area: str) -> dict[str, QuerySet[Any, Any]]:
    """The canonical tables of ``area`` as ``values_list`` querysets (columns in SCHEMAS order)."""
    from shoudi.feeds.selectors import records_for_area
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household, Person

    feeds = records_for_area(area).filter(Q(household__isnull=False) | ~Q(village_code=""))
    return {
        "households": Household.objects.filter(in_area("village_id", area)).values_list(
            "id", "number", "village_id", "status"
        ),
        "persons": Person.objects.filter(in_area("household__village_id", area)).values_list(
            "id", "household_id", "labor", "work_income", "birth_date"
        ),
        "feeds": feeds.values_list(*FEED_FIELDS),
        "cases": Case.objects.filter(in_area("village_id", area), is_open=True).values_list("household_id"),
    }


def table_from_queryset(name: str, qs: QuerySet[Any, Any], chunk: int = 50_000) -> pa.Table:
    schema = SCHEMAS[name]
    if connection.vendor == "postgresql":
        return _copy(qs, schema)
    # SQLite: the queryset's SQL on the raw cursor, in chunks, skipping Django's per-value converters
    # (UUIDs stay 32-digit hex, dates ISO text, money numbers — converted per column below).
    sql, params = qs.query.sql_with_params()
    batches = []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(chunk):
            batches.append(_batch(rows, schema))
    return pa.Table.from_batches(batches, schema=schema) if batches else schema.empty_table()


def _money_array(values: tuple[Any, ...], kind: pa.DataType) -> pa.Array:
    """Numbers (SQLite returns money as int or float) → decimal with 2 places, rounded to the cent."""
    try:
        cents = pc.cast(pc.round(pc.multiply(pa.array(values, pa.float64()), 100)), pa.int64())
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return pa.array([None if v is None else Decimal(str(v)).quantize(CENT) for v in values], kind)
    wide = pc.cast(cents, pa.decimal128(19, 0))
    return pa.Array.from_buffers(kind, len(wide), wide.buffers(), null_count=wide.null_count, offset=wide.offset)


def _batch(rows: list[tuple[Any, ...]], schema: pa.Schema) -> pa.RecordBatch:
    columns = list(zip(*rows, strict=True))
    arrays = []
    for field, values in zip(schema, columns, strict=True):
        if pa.types.is_date(field.type):
            first = next((v for v in values if v is not None), None)
            kind = pa.string() if isinstance(first, str) else field.type
            arrays.append(pa.array(values, kind).cast(field.type))
        elif pa.types.is_decimal(field.type):
            arrays.append(_money_array(values, field.type))
        elif pa.types.is_string(field.type):
            try:
                arrays.append(pa.array(values, field.type))
            except (pa.ArrowTypeError, pa.ArrowInvalid):
                arrays.append(pa.array([None if v is None else str(v) for v in values], field.type))
        else:
            arrays.append(pa.array(values, field.type))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _copy(qs: QuerySet[Any, Any], schema: pa.Schema) -> pa.Table:
    sql, params = qs.query.sql_with_params()
    buffer = io.BytesIO()
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor under Django's wrapper
        query = raw.mogrify(sql, params)
        with raw.copy(f"COPY ({query}) TO STDOUT WITH (FORMAT CSV)") as copy:
            for data in copy:
                buffer.write(data)
    buffer.seek(0)
    if not buffer.getbuffer().nbytes:
        return schema.empty_table()
    read = pacsv.ReadOptions(column_names=schema.names)
    convert = pacsv.ConvertOptions(
        column_types={f.name: f.type for f in schema}, strings_can_be_null=True, quoted_strings_can_be_null=False
    )
    return pacsv.read_csv(buffer, read_options=read, convert_options=convert)


@dataclass
class Snapshot:
    directory: Path
    rows: dict[str, int]

    def path(self, name: str) -> Path:
        return self.directory / f"{name}.parquet"


def export(area: str, directory: Path) -> Snapshot:
    """Write the canonical tables of ``area`` to ``directory`` as Parquet."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = {}
    for name, qs in querysets(area).items():
        table = table_from_queryset(name, qs)
        pq.write_table(table, directory / f"{name}.parquet")
        rows[name] = table.num_rows
    return Snapshot(directory, rows)
