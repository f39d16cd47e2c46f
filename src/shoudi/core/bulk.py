"""Set-based reads and writes in raw SQL for the runs that touch hundreds of thousands of rows (a province's
screening, a synthetic load): no model instance per row, no Python branch per value.

- ``select_in``: rows whose key is one of many values, in chunks (PostgreSQL ``= ANY``; SQLite ``IN``).
- Keys travel as 32 hex digits (``hex_id``, ``new_ids``), not as a ``uuid.UUID`` object per row.
- ``insert_columns`` / ``insert_rows``: rows given column by column (or as dicts) into a model's table.
  PostgreSQL: the columns become Arrow arrays, Arrow writes them as CSV in C++, and one
  ``COPY … FROM STDIN (FORMAT csv)`` takes the bytes — psycopg's ``write_row`` formatted each value in
  Python, which was most of a province run's write time. SQLite: ``executemany`` of plain tuples.
- ``copy_arrow``: an Arrow table into a table by the same COPY (the synthetic loads use it too).

Everything runs inside the caller's transaction."""

from __future__ import annotations

import io
import json
import os
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
from django.db import connection, models

PLAIN = (models.CharField, models.TextField, models.BooleanField, models.IntegerField)  # passed as they are
BATCH = 5000  # rows per SQLite executemany
COPY_BATCH_ROWS = 100_000  # rows per CSV chunk handed to COPY
IN_CHUNK = 20_000  # values per look-up (PostgreSQL binds at most 65,535 parameters per statement)
# Strings are always quoted and NULL never is, so COPY tells "" from NULL.
CSV_OPTIONS = pacsv.WriteOptions(include_header=False, batch_size=8192)
HEX = np.array([f"{i:02x}".encode() for i in range(256)], dtype="S2")


def chunks(values: Iterable[Any], size: int = IN_CHUNK) -> Iterable[list[Any]]:
    """``values`` in lists of ``size`` (a province's tens of thousands of hits look up in several statements)."""
    items = list(values)
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _is_uuid(field: Any) -> bool:
    return isinstance(field.target_field if field.is_relation else field, models.UUIDField)


class RawJSON(str):
    """Text already encoded as JSON, written to a JSON column as it is (a run's hundreds of thousands of audit
    ``changes`` are one template each, not a dict to encode)."""


def hex_id(value: Any) -> str:
    """A UUID (object, dashed or plain text) as 32 lower-case hex digits: how the bulk paths carry keys (SQLite
    stores them so; PostgreSQL reads them), never a ``uuid.UUID`` object per row."""
    if type(value) is str and len(value) == 32:  # already so: the common case, kept cheap
        return value.lower()
    return value.hex if isinstance(value, uuid.UUID) else str(value).replace("-", "").lower()


def dashed(hex_ids: Sequence[str]) -> list[str]:
    """32-hex ids in the dashed form ``str(uuid)`` gives (what the audit trail's ``object_id`` holds)."""
    return [f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}" for h in hex_ids]


def new_ids(n: int) -> list[str]:
    """``n`` random version-4 UUIDs as 32 hex digits, from one ``os.urandom`` call (``uuid4()`` per row was a
    second per 100,000 rows)."""
    if n <= 0:
        return []
    raw = np.frombuffer(os.urandom(16 * n), dtype=np.uint8).reshape(n, 16).copy()
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40  # version 4
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80  # RFC 4122 variant
    text = np.ascontiguousarray(HEX[raw]).tobytes().decode("ascii")
    return [text[i : i + 32] for i in range(0, 32 * n, 32)]


def select_in(
    model: type[models.Model],
    columns: Sequence[str],
    field: str,
    values: Iterable[Any],
    *,
    where: str = "",
    params: Sequence[Any] = (),
) -> list[tuple[Any, ...]]:
    """``columns`` (attnames) of the rows of ``model`` whose ``field`` is one of ``values``, in raw SQL: a
    run's tens of thousands of keys cost Django's ``__in`` lookup a Python step per key, and SQLite's UUIDs
    a converter per value. UUID columns come back as 32 hex digits (``hex_id``) on both backends; UUID keys
    may be given as objects or text. ``where`` (SQL on the table's columns, with ``params``) narrows further.

    PostgreSQL gets each chunk of keys as one text parameter split by the server (``string_to_array``) when
    they are UUIDs or integers: psycopg quoting each element of an array parameter cost seconds per province."""
    meta = model._meta
    qn = connection.ops.quote_name
    fields: list[Any] = [meta.pk if c == "pk" else meta.get_field(c) for c in columns]
    key: Any = meta.pk if field == "pk" else meta.get_field(field)
    key_target = key.target_field if key.is_relation else key
    key_uuid = isinstance(key_target, models.UUIDField)
    key_int = isinstance(key_target, models.IntegerField | models.AutoField | models.BigAutoField)
    postgres = connection.vendor == "postgresql"

    def column(f: Any) -> str:
        if postgres and _is_uuid(f):
            return f"replace(CAST({qn(f.column)} AS text), '-', '')"
        return qn(f.column)

    select = ", ".join(column(f) for f in fields)
    also = f" AND ({where})" if where else ""
    table, key_column = qn(meta.db_table), qn(key.column)
    found: list[tuple[Any, ...]] = []
    args: list[Any]
    with connection.cursor() as cursor:
        for some in chunks(values):
            if key_uuid:
                some = [hex_id(v) for v in some]
            if postgres and (key_uuid or key_int):
                kind = "uuid" if key_uuid else "bigint"
                test, args = f"= ANY(string_to_array(%s, ',')::{kind}[])", [",".join(map(str, some))]
            elif postgres:
                test, args = "= ANY(%s)", [some]
            else:
                test, args = f"IN ({', '.join(['%s'] * len(some))})", some
            sql = f"SELECT {select} FROM {table} WHERE {key_column} {test}{also}"  # noqa: S608 - names from meta
            cursor.execute(sql, [*args, *params])
            found.extend(cursor.fetchall())
    return found


def _fields(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField | models.BigAutoField)]


def _default(field: Any) -> Any:
    return field.get_default() if field.has_default() else (None if field.null else "")


def insert_rows(model: type[models.Model], rows: Iterable[dict[str, Any]], *, skip_conflicts: bool = False) -> int:
    """``insert_columns`` of rows given as dicts by attname (a missing key takes the field's default)."""
    rows = list(rows)
    names = {f.attname: _default(f) for f in _fields(model)}
    columns = {name: [row.get(name, default) for row in rows] for name, default in names.items()}
    return insert_columns(model, columns, len(rows), skip_conflicts=skip_conflicts)


def insert_columns(
    model: type[models.Model], columns: Mapping[str, Sequence[Any]], n: int, *, skip_conflicts: bool = False
) -> int:
    """INSERT ``n`` rows into ``model``'s table, given column by column (attname → ``n`` values); a missing
    column takes the field's default, else NULL or "". Auto keys are left to the database; a field whose
    default is callable (a key, a time) must be given. ``skip_conflicts``: a row that breaks a unique
    constraint is left out (``ON CONFLICT DO NOTHING``; on PostgreSQL from a temporary table the rows are
    copied into). Returns ``n``."""
    fields = _fields(model)
    missing = sorted(f.attname for f in fields if f.has_default() and callable(f.default) and f.attname not in columns)
    if missing and n:
        raise ValueError(f"insert_columns: {model.__name__} rows must give {missing}")
    for name, values in columns.items():
        if len(values) != n:
            raise ValueError(f"insert_columns: {model.__name__}.{name} has {len(values)} values, not {n}")
    if not n:
        return 0
    given = [columns[f.attname] if f.attname in columns else [_default(f)] * n for f in fields]
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    if connection.vendor == "postgresql":
        arrays = pa.Table.from_arrays(
            [_arrow(f, v) for f, v in zip(fields, given, strict=True)], [f.column for f in fields]
        )
        target = table
        with connection.cursor() as cursor:
            if skip_conflicts:
                target = qn(f"_insert_{model._meta.db_table}")
                cursor.execute(f"CREATE TEMP TABLE {target} (LIKE {table}) ON COMMIT DROP")
            copy_arrow(target, arrays)
            if skip_conflicts:
                names = ", ".join(qn(f.column) for f in fields)
                cursor.execute(
                    f"INSERT INTO {table} ({names}) SELECT {names} FROM {target} ON CONFLICT DO NOTHING"  # noqa: S608
                )
                cursor.execute(f"DROP TABLE {target}")
        return n
    prepared = [_sqlite_values(f, v) for f, v in zip(fields, given, strict=True)]
    values = list(zip(*prepared, strict=True))
    names = ", ".join(qn(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608 - names from meta
    if skip_conflicts:
        sql += " ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for start in range(0, n, BATCH):
            cursor.executemany(sql, values[start : start + BATCH])
    return n


def copy_arrow(quoted_table: str, table: pa.Table) -> None:
    """``table`` (columns named as the target's columns) into ``quoted_table`` by ``COPY … (FORMAT csv)``,
    written by Arrow a chunk at a time. PostgreSQL only."""
    columns = ", ".join(connection.ops.quote_name(c) for c in table.column_names)
    sql = f"COPY {quoted_table} ({columns}) FROM STDIN WITH (FORMAT csv)"
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for batch in table.to_batches(max_chunksize=COPY_BATCH_ROWS):
            buffer = io.BytesIO()
            pacsv.write_csv(batch, buffer, CSV_OPTIONS)
            copy.write(buffer.getbuffer())


def _arrow(field: Any, values: Sequence[Any]) -> pa.Array:
    """One column as Arrow for the CSV: UUIDs and JSON as text, the rest as Arrow reads the Python values
    (text, numbers, booleans, dates, aware times, decimals); anything Arrow cannot type goes as its text."""
    target = field.target_field if field.is_relation else field
    if isinstance(target, models.UUIDField):
        return pa.array([v if v is None or isinstance(v, str) else v.hex for v in values], pa.string())
    if isinstance(target, models.JSONField):
        encoder = target.encoder  # None is SQL NULL, as Django saves it
        return pa.array(
            [
                None if v is None else v if isinstance(v, RawJSON) else json.dumps(v, cls=encoder, ensure_ascii=False)
                for v in values
            ],
            pa.string(),
        )
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else str(v) for v in values], pa.string())


def _sqlite_values(field: Any, values: Sequence[Any]) -> Sequence[Any]:
    """One column as SQLite takes it: text, numbers and booleans as they are, a UUID as 32 hex digits,
    anything else through the field (memoised: a run repeats its times, days and codes)."""
    target = field.target_field if field.is_relation else field
    if isinstance(target, PLAIN):
        return values
    if isinstance(target, models.UUIDField):
        return [None if v is None else hex_id(v) for v in values]
    if isinstance(target, models.JSONField):  # a document per row: nothing to memoise
        return [str(v) if isinstance(v, RawJSON) else field.get_db_prep_save(v, connection) for v in values]
    seen: dict[Any, Any] = {}
    out = []
    for value in values:
        try:
            out.append(seen[value])
        except KeyError:
            seen[value] = field.get_db_prep_save(value, connection)
            out.append(seen[value])
        except TypeError:  # not hashable
            out.append(field.get_db_prep_save(value, connection))
    return out
