"""Where the rules run: DuckDB over a Parquet snapshot (default), PostgreSQL directly over the Django
tables, or Spark (``local[2]`` in tests, a cluster URL in production) over the same Parquet snapshot."""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.compute as pc
from ibis.expr.types import Table

from shoudi.screening.expressions import EVIDENCE, Context, Rule, Tables
from shoudi.screening.rules import REGISTER_UPDATE, RULES, register_updates

ENGINES = ("duckdb", "postgres", "spark")
PARAM_SCHEMA = pa.schema(
    [
        ("county_code", pa.string()),
        ("oop_threshold_former_poor", pa.decimal128(14, 2)),
        ("oop_threshold_others", pa.decimal128(14, 2)),
        ("disaster_threshold", pa.decimal128(14, 2)),
    ]
)


class EngineError(RuntimeError):
    """The engine cannot run here; the message is Chinese."""


def _finish(households: Table, persons: Table, feeds: Table, cases: Table, params: Table) -> Tables:
    """Derived columns shared by every engine."""
    return Tables(
        households=households.mutate(county_code=households.village_code.substr(0, 6)),
        persons=persons,
        feeds=feeds,
        cases=cases,
        params=params,
    )


SNAPSHOT_TABLES = ("households", "persons", "feeds", "cases")


def parquet_tables(con: Any, directory: Path, params: pa.Table) -> Tables:
    """The snapshot's Parquet files as tables of ``con`` (Spark reads them where they lie)."""
    read = {n: con.read_parquet(str(directory / f"{n}.parquet"), table_name=f"s_{n}") for n in SNAPSHOT_TABLES}
    return _finish(read["households"], read["persons"], read["feeds"], read["cases"], _params(con, params))


def duckdb_tables(con: Any, source: Path | dict[str, pa.Table], params: pa.Table) -> Tables:
    """The snapshot loaded into DuckDB's own tables once: the rules read them many times, and decoding
    Parquet on every read costs more than the load. ``source``: the snapshot's directory, or its tables in
    memory (handed over: each is dropped from the dict once DuckDB holds its copy — no Parquet written and
    read back)."""
    read = {}
    for n in SNAPSHOT_TABLES:
        data = source.pop(n) if isinstance(source, dict) else con.read_parquet(str(source / f"{n}.parquet"))
        read[n] = con.create_table(f"s_{n}", data, temp=True)
        del data
    return _finish(read["households"], read["persons"], read["feeds"], read["cases"], _params(con, params))


def _params(con: Any, params: pa.Table) -> Table:
    return ibis.memtable(params)


def postgres_tables(con: Any, area: str, params: pa.Table) -> Tables:
    """The canonical tables straight from the Django tables (no snapshot). Keys stay UUIDs (joins use the
    indexes' types); the area is a join, not ``IN (subquery) OR …``, which PostgreSQL cannot hash."""
    raw = con.table("registry_household")
    in_area = raw.filter(raw.village_id.startswith(area))
    h = in_area.select(
        household_id=in_area.id,
        number=in_area.number,
        village_code=in_area.village_id,
        status=in_area.status,
        leisure_car=in_area.leisure_car,
        other_car=in_area.other_car,
    )
    keys = in_area.select(area_key=in_area.id)
    p = con.table("registry_person")
    p = p.join(keys, p.household_id == keys.area_key).select(
        person_id=p.id,
        household_id=p.household_id,
        labor=p.labor,
        work_income=p.work_income,
        birth_date=p.birth_date,
        work_place=p.work_place,
    )
    f = con.table("feeds_feedrecord")
    b = con.table("feeds_feedbatch")
    applied = b.filter(b.status == "applied").select(batch_key=b.id)
    f = f.join(applied, f.batch_id == applied.batch_key).left_join(keys, f.household_id == keys.area_key)
    f = f.filter(keys.area_key.notnull() | (f.village_code.startswith(area) & (f.village_code != ""))).select(
        record_id=f.id.cast("int64"),
        source=f.source,
        person_id=f.person_id,
        household_id=f.household_id,
        village_code=f.village_code,
        on_date=f.on,
        year=f.year.cast("int32"),
        category=f.category,
        status=f.status,
        amount=f.amount,
        amount_oop=f.amount_oop,
    )
    c = con.table("monitoring_case")
    c = c.filter(c.is_open, c.village_id.startswith(area)).select(household_id=c.household_id)
    return _finish(h, p, f, c, _params(con, params))


def postgres_connect() -> Any:
    from django.db import connection

    if connection.vendor != "postgresql":
        raise EngineError("PostgreSQL 引擎需要系统数据库为 PostgreSQL")
    s = connection.settings_dict
    con = ibis.postgres.connect(
        host=s.get("HOST") or None,
        port=int(s["PORT"]) if s.get("PORT") else None,
        user=s.get("USER") or None,
        password=s.get("PASSWORD") or None,
        database=s["NAME"],
    )
    # Batch analytics: a rule joins whole tables. The planner's row estimates after filters such as
    # "households with exactly one worker" are 1, and a nested loop over 100,000 such rows takes minutes;
    # hash joins take a second.
    cursor = con.raw_sql("SET enable_nestloop = off")
    getattr(cursor, "close", lambda: None)()
    return con


_spark_lock = threading.Lock()
_spark_sessions: dict[str, Any] = {}


def spark_session(master: str = "local[2]") -> Any:
    """One SparkSession per master per process (starting Spark takes seconds)."""
    with _spark_lock:
        session = _spark_sessions.get(master)
        if session is None:
            from pyspark.sql import SparkSession

            logging.getLogger("py4j").setLevel(logging.WARNING)  # its shutdown notes outlive pytest's streams
            session = (
                SparkSession.builder.master(master)
                .appName("shoudi-screening")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.warehouse.dir", tempfile.mkdtemp(prefix="shoudi-spark-"))
                .config("spark.sql.session.timeZone", "Asia/Shanghai")
                .getOrCreate()
            )
            _spark_sessions[master] = session
        return session


@contextmanager
def connect(
    engine: str,
    *,
    directory: Path | None,
    area: str,
    snapshot_tables: dict[str, pa.Table] | None = None,
    params: pa.Table,
    spark_master: str = "local[2]",
    memory: str = "",
) -> Iterator[tuple[Any, Tables]]:
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        if memory:
            con.raw_sql(f"SET memory_limit = '{memory}'")
        source = snapshot_tables if snapshot_tables is not None else directory
        assert source is not None
        yield con, duckdb_tables(con, source, params)
        con.disconnect()
    elif engine == "postgres":
        con = postgres_connect()
        try:
            yield con, postgres_tables(con, area, params)
        finally:
            con.disconnect()
    elif engine == "spark":
        assert directory is not None
        con = ibis.pyspark.connect(spark_session(spark_master))
        yield con, parquet_tables(con, directory, params)
    else:
        raise EngineError(f"未知的计算引擎“{engine}”，可选：{'、'.join(ENGINES)}")


def evaluate(con: Any, tables: Tables, as_of: dt.date, rules: tuple[Rule, ...] = RULES) -> tuple[pa.Table, pa.Table]:
    """Evidence rows of every rule and the register-update rows (户籍变动待办), as Arrow tables.

    One query: the rules' evidence (one schema) and the register updates in a single ``UNION ALL``. Ibis
    compiles one expression faster than thirteen, and the engine plans and runs them together."""
    ctx = Context(as_of)
    schema = EVIDENCE.to_pyarrow()
    exprs = [rule.build(tables, ctx) for rule in rules] + [register_updates(tables, ctx)]
    table = con.to_pyarrow(ibis.union(*exprs) if len(exprs) > 1 else exprs[0])
    table = table.select(schema.names).cast(schema)
    is_update = pc.equal(table.column("rule"), REGISTER_UPDATE)
    return table.filter(pc.invert(is_update)), table.filter(is_update)


def stop_spark() -> None:
    with _spark_lock:
        for session in _spark_sessions.values():
            session.stop()
        _spark_sessions.clear()
