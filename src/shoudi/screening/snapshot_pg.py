"""The snapshot out of PostgreSQL through ADBC: Arrow columns straight from the server, in parallel, all of
one snapshot.

``adbc-driver-postgresql`` runs each query as ``COPY … TO STDOUT (FORMAT binary)`` and builds the Arrow
arrays in C, with the GIL released while it fetches: no Python loop per row and no CSV to parse (psycopg's
COPY handed Python one message per row). The join then costs more than the transfer, and a query runs on
one core, so persons and households are read in PARTS pieces (contiguous groups of the area's villages),
each on its own connection and thread, beside feed records and cases (see ``pieces``).

One snapshot: the first connection begins ``REPEATABLE READ`` and exports its snapshot
(``pg_export_snapshot``); every other connection begins ``REPEATABLE READ`` and imports it (``SET
TRANSACTION SNAPSHOT``) before its query, so all tables and parts see the same committed rows. The
exporting transaction stays open until every query has finished.

Types: uuid (``arrow.uuid``, 16 bytes) → the 36-character text PostgreSQL writes, in numpy; numeric → cents
as ``bigint`` in SQL, then decimal128(14, 2); the rest cast to SCHEMAS.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urlencode

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from django.db.models import Q, QuerySet

from shoudi.core.access import code_range
from shoudi.screening.snapshot_schema import SCHEMAS, cents_to_money

PARTS = 2  # pieces of persons and households: PostgreSQL runs each on one core
WORKERS = 3  # connections reading at once (plus the exporting one, idle)
LIBPQ_OPTIONS = ("options", "sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "application_name")
HEX = np.frombuffer(b"".join(f"{i:02x}".encode() for i in range(256)), np.uint16)  # byte → its 2 hex digits
# The 8-4-4-4-12 groups: (first byte, last byte + 1, first character) of each.
GROUPS = ((0, 4, 0), (4, 6, 9), (6, 8, 14), (8, 10, 19), (10, 16, 24))


def uri() -> str:
    """A libpq URI of Django's connection: host, port, user, password, database, and the ``options`` (statement
    and lock timeouts) and TLS settings it has."""
    settings = connection.settings_dict
    params = {
        "host": settings.get("HOST") or "",
        "port": str(settings.get("PORT") or ""),
        "user": settings.get("USER") or "",
        "password": settings.get("PASSWORD") or "",
        "dbname": settings.get("NAME") or "",
    }
    extra = settings.get("OPTIONS") or {}
    params.update({key: str(extra[key]) for key in LIBPQ_OPTIONS if extra.get(key) not in (None, "")})
    return "postgresql:///?" + urlencode({k: v for k, v in params.items() if v}, quote_via=quote)


@contextmanager
def _transaction(snapshot: str | None = None) -> Iterator[Any]:
    """An ADBC cursor in a REPEATABLE READ transaction (of ``snapshot`` if given); committed and closed after."""
    import adbc_driver_postgresql.dbapi as adbc

    with adbc.connect(uri(), autocommit=True) as conn, conn.cursor() as cur:
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        if snapshot is not None:
            cur.execute(f"SET TRANSACTION SNAPSHOT '{snapshot}'")  # from pg_export_snapshot(), not user input
        try:
            yield cur
        finally:
            cur.execute("COMMIT")


def village_groups(area: str, parts: int) -> list[tuple[str, str, bool]]:
    """``[lo, hi)`` code ranges (the last one ``[lo, hi]``) that together cover the area's code range, each
    holding about as many of its villages."""
    from shoudi.regions.models import Level, Region

    lo, hi = code_range(area)
    codes = list(
        Region.objects.filter(level=Level.VILLAGE, code__gte=lo, code__lte=hi)
        .order_by("code")
        .values_list("code", flat=True)
    )
    parts = max(1, min(parts, len(codes)))
    cuts = [codes[len(codes) * i // parts] for i in range(1, parts)]
    bounds = [lo, *cuts, hi]
    return [(bounds[i], bounds[i + 1], i == parts - 1) for i in range(parts)]


def _within(field: str, group: tuple[str, str, bool]) -> Q:
    lo, hi, last = group
    return Q(**{f"{field}__gte": lo, f"{field}__lte" if last else f"{field}__lt": hi})


def pieces(area: str, qs: dict[str, QuerySet[Any, Any]], parts: int = PARTS) -> list[tuple[str, QuerySet[Any, Any]]]:
    """(table, queryset) of every query to run: persons and households cut by the area's village groups.

    Feed records stay one query: a record belongs to its household's village or, without one in the area, to
    its own village code (water by village), and that OR across the join made each piece cost as much as the
    whole (measured 56 s a piece against 14 s whole)."""
    groups = village_groups(area, parts)
    out = [(name, qs[name].filter(_within("household__village_id", g))) for name in ("persons",) for g in groups]
    out.append(("feeds", qs["feeds"]))
    out += [("households", qs["households"].filter(_within("village_id", g))) for g in groups]
    out.append(("cases", qs["cases"]))
    return out


def select(qs: QuerySet[Any, Any], schema: pa.Schema) -> str:
    """The queryset's SQL with its parameters inlined, its columns renamed to ``schema``'s, money as cents."""
    sql, params = qs.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        query = cursor.cursor.mogrify(sql, params)  # the psycopg cursor under Django's wrapper
    quote = connection.ops.quote_name
    names = ", ".join(quote(name) for name in schema.names)
    columns = ", ".join(
        f"(s.{quote(f.name)} * 100)::bigint AS {quote(f.name)}" if pa.types.is_decimal(f.type) else f"s.{quote(f.name)}"
        for f in schema
    )
    return f"SELECT {columns} FROM ({query}) AS s ({names})"  # noqa: S608 - the queryset's own SQL


def uuid_text(array: pa.Array) -> pa.Array:
    """``arrow.uuid`` (16 bytes a row) → PostgreSQL's text form (8-4-4-4-12 lower-case hex), in numpy."""
    storage = getattr(array, "storage", array)
    n = len(storage)
    if n == 0:
        return pa.array([], pa.string())
    start = storage.offset * 16
    raw = np.frombuffer(storage.buffers()[1], np.uint8)[start : start + 16 * n].reshape(n, 16)
    digits = HEX[raw].view(np.uint8)  # n × 32 characters
    text = np.full((n, 36), ord("-"), np.uint8)
    for first, end, at in GROUPS:
        text[:, at : at + 2 * (end - first)] = digits[:, 2 * first : 2 * end]
    offsets = np.arange(0, 36 * (n + 1), 36, dtype=np.int32)
    out = pa.Array.from_buffers(pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(text)])
    return pc.if_else(storage.is_valid(), out, pa.scalar(None, pa.string())) if storage.null_count else out


def typed(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """ADBC's columns → ``schema``."""
    arrays = []
    for field in schema:
        values = table.column(field.name)
        if getattr(values.type, "extension_name", "") == "arrow.uuid":
            arrays.append(pa.chunked_array([uuid_text(c) for c in values.chunks], pa.string()))
        elif pa.types.is_decimal(field.type):
            arrays.append(cents_to_money(values.cast(pa.int64()), field.type))
        else:
            arrays.append(values.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=schema)


def read_postgres(area: str, qs: dict[str, QuerySet[Any, Any]], parts: int = PARTS) -> dict[str, pa.Table]:
    """The canonical tables of ``area`` (as ``qs``), read in pieces on parallel connections of one snapshot."""

    queries = [(name, select(q, SCHEMAS[name])) for name, q in pieces(area, qs, parts)]

    def run(snapshot: str, name: str, sql: str) -> pa.Table:
        with _transaction(snapshot) as cur:
            cur.execute(sql)
            table = cur.fetch_arrow_table()
        return typed(table, SCHEMAS[name])

    with _transaction() as exporter:
        exporter.execute("SELECT pg_export_snapshot()")
        snapshot = exporter.fetchone()[0]
        with ThreadPoolExecutor(max_workers=min(WORKERS, len(queries))) as pool:
            futures = [(name, pool.submit(run, snapshot, name, sql)) for name, sql in queries]
            results = [(name, future.result()) for name, future in futures]
    tables: dict[str, list[pa.Table]] = {name: [] for name in SCHEMAS}
    for name, table in results:
        tables[name].append(table)
    return {name: pa.concat_tables(pieces_) for name, pieces_ in tables.items()}
