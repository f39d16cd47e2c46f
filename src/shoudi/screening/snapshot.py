"""The snapshot: registry, matched feed records and open cases of an area, exported in bulk to Parquet.

How each table leaves the database:

- PostgreSQL: through ADBC (``snapshot_pg``), the large tables in pieces on parallel connections that share
  one exported snapshot, so all tables are of one moment. Inside a transaction (the tests; other connections
  would not see its rows): ``COPY (SELECT …) TO STDOUT`` (CSV, parsed by Arrow) on Django's connection.
- SQLite on disk (a county on a laptop): a second, read-only connection of Python's ``sqlite3`` — the very
  SQLite library Django's connection uses — in one read transaction, fetched in batches of typed columns
  into Arrow. Every large table is read by a sequential scan: households filtered by the area's code range,
  persons and feed records kept by an Arrow semi-join on the area's households. SQLite has no hash join,
  and 350,000 index look-ups cost more than scanning a county's whole table; a SQLite database holds a
  county or so, so the scan stays small.

  Never a second copy of SQLite in the process (issue 12): POSIX locks belong to the process, so two copies
  cannot see each other's locks on a WAL database. A bundled copy (``adbc-driver-sqlite`` had one) took itself
  for the only connection: opening, it truncated the ``-shm`` file that Django's connection had mapped (a
  bus error at Django's next large commit); closing, it checkpointed and deleted ``-wal`` and ``-shm`` under
  Django's connection, whose later commits then went to a deleted file no other connection could see.
  ``tests/test_one_sqlite.py`` holds the process to one copy; ``scripts/sqlite_two_copies_stress.py`` is
  the stress run.
- SQLite in memory or inside a transaction (the tests; another connection would not see the rows): the
  queryset's SQL on Django's own cursor, in chunks.

Never one ORM object per row. Rows come in no particular order: the rules treat the tables as sets.
"""

from __future__ import annotations

import io
import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from django.db import connection
from django.db.models import Field, Model, Q, QuerySet

from shoudi.core.access import code_range, in_area
from shoudi.screening.snapshot_schema import CENT, SCHEMAS, cents_to_money

# The model fields behind each table's columns, in SCHEMAS order.
HOUSEHOLD_FIELDS = ("id", "number", "village_id", "status", "leisure_car", "other_car")
PERSON_FIELDS = ("id", "household_id", "labor", "work_income", "birth_date", "work_place")
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
CASE_FIELDS = ("household_id",)
BATCH_ROWS = 65_536  # rows per Arrow batch from SQLite
SQLITE_TIMEOUT = 10.0  # seconds the snapshot's connection waits on a lock (as Django's busy_timeout)
CATEGORICAL = {"village_code", "status", "labor", "source", "category", "year", "other_car", "work_place"}


def querysets(area: str) -> dict[str, QuerySet[Any, Any]]:
    """The canonical tables of ``area`` as ``values_list`` querysets (columns in SCHEMAS order, unordered)."""
    from shoudi.feeds.selectors import records_for_area
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household, Person

    feeds = records_for_area(area).filter(Q(household__isnull=False) | ~Q(village_code=""))
    return {
        "households": Household.objects.filter(in_area("village_id", area)).values_list(*HOUSEHOLD_FIELDS),
        "persons": Person.objects.filter(in_area("household__village_id", area)).values_list(*PERSON_FIELDS),
        "feeds": feeds.values_list(*FEED_FIELDS),
        "cases": Case.objects.filter(in_area("village_id", area), is_open=True).values_list(*CASE_FIELDS),
    }


def read(area: str) -> dict[str, pa.Table]:
    """The canonical tables of ``area`` as Arrow tables (SCHEMAS), by the fastest way the database allows."""
    path = sqlite_file()
    if path is not None:
        return read_sqlite(path, area)
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        from shoudi.screening.snapshot_pg import read_postgres

        return read_postgres(area, querysets(area))
    return {name: table_from_queryset(name, qs.order_by()) for name, qs in querysets(area).items()}


def sqlite_file() -> Path | None:
    """Django's SQLite file, when a second connection sees all that Django's has written: a database on disk
    (not the tests' in-memory one) and no transaction open (its rows would be invisible elsewhere)."""
    if connection.vendor != "sqlite" or connection.in_atomic_block or cast(Any, connection).is_in_memory_db():
        return None
    path = Path(connection.settings_dict["NAME"])
    return path if path.is_file() else None


# ---- through Django's connection (PostgreSQL COPY; SQLite in memory) ---------------------------------


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
    return cents_to_money(cents, kind)


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
        elif pa.types.is_boolean(field.type):  # SQLite keeps booleans as 0/1
            arrays.append(pa.array([None if v is None else bool(v) for v in values], field.type))
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
        column_types={f.name: f.type for f in schema},
        strings_can_be_null=True,
        quoted_strings_can_be_null=False,
        true_values=["t", "true", "1"],  # PostgreSQL writes booleans as t / f
        false_values=["f", "false", "0"],
    )
    return pacsv.read_csv(buffer, read_options=read, convert_options=convert)


# ---- SQLite on disk: a read-only connection of the same SQLite library --------------------------------


def _field(model: type[Model], name: str) -> Field[Any, Any]:
    return cast("Field[Any, Any]", model._meta.get_field(name))


def _columns(model: type[Model], fields: tuple[str, ...], schema: pa.Schema) -> list[tuple[str, str, pa.DataType]]:
    """(SQL expression, name, Arrow type) of each selected column. The SQL gives every column one SQLite type
    whatever the data, the type its Arrow array is built with: text and dates as text (a nullable one as ''
    with a 0/1 NULL flag beside it), integers as integers, money as integer cents."""
    quote = connection.ops.quote_name
    parts: list[tuple[str, str, pa.DataType]] = []
    for name, field in zip(schema.names, fields, strict=True):
        model_field = _field(model, field)
        column = quote(model_field.column)
        kind = schema.field(name).type
        if (pa.types.is_string(kind) or pa.types.is_date(kind)) and model_field.null:
            parts.append((f"COALESCE(CAST({column} AS TEXT), '')", name, pa.string()))
            parts.append((f"{column} IS NULL", name + "__null", pa.int64()))
        elif pa.types.is_string(kind) or pa.types.is_date(kind):
            parts.append((f"CAST({column} AS TEXT)", name, pa.string()))
        elif pa.types.is_decimal(kind):
            parts.append((f"CAST(ROUND({column} * 100) AS INTEGER)", name, pa.int64()))
        else:
            parts.append((f"CAST({column} AS INTEGER)", name, pa.int64()))
    return parts


def _select(model: type[Model], fields: tuple[str, ...], schema: pa.Schema) -> str:
    """The SELECT list of ``_columns``."""
    quote = connection.ops.quote_name
    return ", ".join(f"{sql} AS {quote(name)}" for sql, name, _ in _columns(model, fields, schema))


def _raw_schema(model: type[Model], fields: tuple[str, ...], schema: pa.Schema) -> pa.Schema:
    """The Arrow schema of the columns ``_select`` produces (before ``_typed``)."""
    return pa.schema([(name, kind) for _, name, kind in _columns(model, fields, schema)])


def _fetch(
    cursor: sqlite3.Cursor,
    model: type[Model],
    fields: tuple[str, ...],
    schema: pa.Schema,
    *,
    where: str = "",
    params: Sequence[Any] = (),
    extra: tuple[tuple[str, ...], pa.Schema] | None = None,
) -> pa.Table:
    """``_sql``'s rows (plus the columns ``extra`` of the same table) as Arrow, a batch of BATCH_ROWS rows at
    a time, each column built with the type ``_columns`` gives it (``_typed`` makes them ``schema``'s)."""
    also, raw = "", _raw_schema(model, fields, schema)
    if extra is not None:
        also = ", " + _select(model, *extra)
        raw = pa.schema([*raw, *_raw_schema(model, *extra)])
    cursor.execute(_sql(model, fields, schema, also=also, where=where), params)
    row = pa.struct(raw)  # the rows' tuples become columns in Arrow's C++, not in a Python loop
    batches = []
    while rows := cursor.fetchmany(BATCH_ROWS):
        batches.append(pa.RecordBatch.from_struct_array(pa.array(rows, row)))
    return pa.Table.from_batches(batches, schema=raw)


def _typed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """The columns that ``_select`` produced → ``schema``."""
    arrays = []
    for field in schema:
        values = table.column(field.name)
        if pa.types.is_decimal(field.type):
            arrays.append(cents_to_money(values.cast(pa.int64()), field.type))
            continue
        if pa.types.is_string(field.type) or pa.types.is_date(field.type):
            values = values.cast(pa.string())
            flag = field.name + "__null"
            missing = table.column(flag).cast(pa.bool_()) if flag in table.column_names else None
            if missing is not None and pc.any(missing).as_py():
                values = pc.if_else(missing, pa.scalar(None, pa.string()), values)
        arrays.append(values.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def _sql(model: type[Model], fields: tuple[str, ...], schema: pa.Schema, *, also: str = "", where: str = "") -> str:
    """SELECT of ``fields`` (as ``_select`` types them, plus the expressions ``also``) from ``model``'s table."""
    table = connection.ops.quote_name(model._meta.db_table)
    sql = f"SELECT {_select(model, fields, schema)}{also} FROM {table}"  # noqa: S608 - names from model meta
    return f"{sql} WHERE {where}" if where else sql


def read_sqlite(path: Path, area: str) -> dict[str, pa.Table]:
    """The canonical tables of ``area`` from the SQLite file ``path``; the same rows as ``querysets``.

    Read-only (``mode=ro``: this connection cannot write the file) and through ``sqlite3``, the library of
    Django's own connection, so both are one SQLite that sees each other's locks."""
    from shoudi.feeds.models import FeedBatch, FeedRecord
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household, Person

    lo, hi = code_range(area)

    def column(model: type[Model], field: str) -> str:
        return connection.ops.quote_name(_field(model, field).column)

    batch_key = pa.schema([("batch_key", pa.string())])
    uri = f"{path.resolve().as_uri()}?mode=ro"
    # isolation_level=None: no implicit transactions; the explicit BEGIN … COMMIT is one read transaction, so
    # the tables are of one moment.
    with closing(sqlite3.connect(uri, uri=True, timeout=SQLITE_TIMEOUT, isolation_level=None)) as conn:
        cur = conn.cursor()
        cur.execute("BEGIN")
        village, case_village = column(Household, "village_id"), column(Case, "village_id")
        # ``+column``: no index (one row look-up per household); a scan with the range is three times faster.
        in_range = f"+{village} >= ? AND +{village} <= ?"
        households = _fetch(cur, Household, HOUSEHOLD_FIELDS, SCHEMAS["households"], where=in_range, params=(lo, hi))
        persons = _fetch(cur, Person, PERSON_FIELDS, SCHEMAS["persons"])
        feeds = _fetch(cur, FeedRecord, FEED_FIELDS, SCHEMAS["feeds"], extra=(("batch_id",), batch_key))
        status = f"{column(FeedBatch, 'status')} = ?"
        applied = _fetch(cur, FeedBatch, ("id",), batch_key, where=status, params=(FeedBatch.Status.APPLIED.value,))
        open_cases = f"{case_village} >= ? AND {case_village} <= ? AND {column(Case, 'is_open')}"
        cases = _fetch(cur, Case, CASE_FIELDS, SCHEMAS["cases"], where=open_cases, params=(lo, hi))
        cur.execute("COMMIT")

    # The area's semi-joins, as ``querysets`` has them: persons of its households; feed records of applied
    # batches whose household is one of its households or whose village code lies in it (water by village).
    households = _typed(households, SCHEMAS["households"])
    keys = households.column("household_id").combine_chunks()
    persons = _typed(persons, SCHEMAS["persons"])
    persons = persons.filter(pc.is_in(persons.column("household_id"), value_set=keys))
    feeds = _typed(feeds, pa.unify_schemas([SCHEMAS["feeds"], batch_key]))
    code = feeds.column("village_code")
    keep = pc.and_(
        pc.is_in(feeds.column("batch_key"), value_set=_typed(applied, batch_key).column(0).combine_chunks()),
        pc.or_(
            pc.is_in(feeds.column("household_id"), value_set=keys),
            pc.and_(pc.not_equal(code, ""), pc.and_(pc.greater_equal(code, lo), pc.less_equal(code, hi))),
        ),
    )
    return {
        "households": households,
        "persons": persons,
        "feeds": feeds.filter(keep).drop_columns(["batch_key"]),
        "cases": _typed(cases, SCHEMAS["cases"]),
    }


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
    for name, table in read(area).items():
        # A working copy, read once by the engine: no compression, dictionaries only where values repeat.
        repeated = [c for c in table.column_names if c in CATEGORICAL]
        pq.write_table(table, directory / f"{name}.parquet", compression="none", use_dictionary=repeated)
        rows[name] = table.num_rows
    return Snapshot(directory, rows)
