"""The canonical input tables of ``lowincome.engine``, and where they run.

Two sources, one schema (``SCHEMAS``):

- the database (``area_tables``): an area's households, persons, income rows and what the households hold, as
  Arrow tables. Income rows follow ``policy.batch``: a household with a 收入核算表 is read through
  ``income.window.area_rows`` (the window rule of the Python assessment: sheets, finance records where a sheet
  has no line of the item, the nearest year's sheet), every other household from its monthly finance records of
  the window. Holds: open memberships of the register (``lowincome.models.Membership``) and open monitoring
  cases, as ``lowincome.selectors.holds_of`` reads them.
- a synthetic province's Parquet (``province_tables``: ``households/``, ``persons/`` and ``income/`` part files
  of ``shoudi synth province``), read where it lies; no cases, no memberships — the persons' 低保 / 特困 flags
  become its holds rows (the household status says 脱贫户, as everywhere).

Then per engine: DuckDB reads the Arrow tables in place (memtables), Spark reads them from Parquet written to a
temporary directory, PostgreSQL gets them as temporary tables of the Ibis connection (the expression then runs
inside PostgreSQL). ``classify_on`` runs the classification on one of them and returns ``engine.OUTPUT_SCHEMA``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import ibis
import pyarrow as pa
import pyarrow.parquet as pq

from shoudi.lowincome.engine import InputTables, classify, standards_table, to_arrow
from shoudi.policy.facts import income_window
from shoudi.policy.layers import Layer

MONEY = pa.decimal128(14, 2)
SCHEMAS: dict[str, pa.Schema] = {
    "households": pa.schema(
        [
            ("household_id", pa.string()),
            ("village_code", pa.string()),
            ("status", pa.string()),
            ("leisure_car", pa.bool_()),
            ("truck_or_excavator", pa.bool_()),
            ("commercial_property", pa.bool_()),
            ("business", pa.bool_()),
            ("assembly_override", pa.bool_()),
        ]
    ),
    "persons": pa.schema(
        [
            ("household_id", pa.string()),
            ("living_in", pa.bool_()),
            ("labor", pa.string()),
            ("dibao", pa.bool_()),
            ("tekun", pa.bool_()),
            ("public_payroll", pa.bool_()),
        ]
    ),
    "income": pa.schema(
        [
            ("household_id", pa.string()),
            ("month", pa.date32()),
            ("flow", pa.string()),
            ("kind", pa.string()),
            ("amount", MONEY),
        ]
    ),
    "holds": pa.schema([("household_id", pa.string()), ("layer", pa.string())]),
}
TABLES = tuple(SCHEMAS)
ENGINES = ("duckdb", "postgres", "spark")


def household_key(value: Any) -> str:
    """One text form of a household id whatever the database gave (a UUID, or SQLite's 32 hex digits)."""
    return str(value if isinstance(value, uuid.UUID) else uuid.UUID(str(value)))


def _arrow(rows: Iterable[tuple[Any, ...]], schema: pa.Schema) -> pa.Table:
    rows = list(rows)
    if not rows:
        return schema.empty_table()
    columns = []
    for field, values in zip(schema, zip(*rows, strict=True), strict=True):
        if field.name == "household_id":
            values = tuple(household_key(v) for v in values)
        elif pa.types.is_boolean(field.type):  # SQLite may give 0/1
            values = tuple(None if v is None else bool(v) for v in values)
        columns.append(pa.array(values, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


# ---- from the database ----------------------------------------------------------------------------------


def area_tables(region_code: str, as_of: dt.date) -> dict[str, pa.Table]:
    """The canonical tables of the households of ``region_code`` (a code of any level) for ``as_of``."""
    from shoudi.core.access import in_area
    from shoudi.income.window import area_rows, sheet_households
    from shoudi.lowincome.models import Membership
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import FinanceRecord, Household, Person

    start, end = income_window(as_of)
    households = Household.objects.filter(in_area("village_id", region_code)).values_list(
        "id", "village_id", "status", "leisure_car", "truck_or_excavator", "commercial_property", "business",
        "assembly_override",
    )  # fmt: skip
    persons = Person.objects.filter(in_area("household__village_id", region_code)).values_list(
        "household_id", "living_in", "labor", "dibao", "tekun", "public_payroll"
    )
    records = (
        FinanceRecord.objects.filter(in_area("household__village_id", region_code), month__gte=start, month__lte=end)
        .exclude(household_id__in=sheet_households(region_code))  # read below, with their sheets
        .values_list("household_id", "month", "flow", "kind", "amount")
    )
    income = [*records.order_by().iterator(chunk_size=5000)]
    for key, rows in area_rows(region_code, start, end).items():
        income.extend((key, row.month, row.flow, row.kind, row.amount) for row in rows)
    memberships = Membership.objects.filter(in_area("village_id", region_code), ended_on__isnull=True)
    cases = Case.objects.filter(in_area("village_id", region_code), is_open=True)
    holds = [
        *memberships.values_list("household_id", "layer").order_by(),
        *((key, Layer.MONITORING.value) for key in cases.values_list("household_id", flat=True).order_by()),
    ]
    return {
        "households": _arrow(households.order_by().iterator(chunk_size=5000), SCHEMAS["households"]),
        "persons": _arrow(persons.order_by().iterator(chunk_size=5000), SCHEMAS["persons"]),
        "income": _arrow(income, SCHEMAS["income"]),
        "holds": _arrow(holds, SCHEMAS["holds"]),
    }


def counties_of(tables: Mapping[str, pa.Table]) -> list[str]:
    codes = tables["households"].column("village_code").to_pylist()
    return sorted({code[:6] for code in codes if code})


# ---- from a synthetic province's Parquet -------------------------------------------------------------------


def province_tables(con: Any, directory: Path | str) -> InputTables:
    """The part files of ``shoudi synth province`` under ``directory`` as the canonical tables of ``con`` (read
    where they lie; nothing is loaded before the query)."""
    root = Path(directory)

    def read(name: str) -> Any:
        return con.read_parquet(str(root / name / "*.parquet"), table_name=f"li_{name}_{uuid.uuid4().hex[:8]}")

    h, p, i = read("households"), read("persons"), read("income")
    return InputTables(
        households=h.select(
            household_id=h.household_number,
            village_code=h.village_code,
            status=h.status,
            leisure_car=h.leisure_car,
            truck_or_excavator=h.truck_or_excavator,
            commercial_property=h.commercial_property,
            business=h.business,
            assembly_override=ibis.literal(False),
        ),
        persons=p.select(
            household_id=p.household_number,
            living_in=p.living_in,
            labor=p.labor,
            dibao=p.dibao,
            tekun=p.tekun,
            public_payroll=p.public_payroll,
        ),
        income=i.select(household_id=i.household_number, month=i.month, flow=i.flow, kind=i.kind, amount=i.amount),
        holds=_flag_holds(p),
    )


def _flag_holds(p: Any) -> Any:
    """A province's holds: a household holds 低保 (特困) when a member is flagged so."""
    dibao = p.filter(p.dibao).select(household_id=p.household_number, layer=ibis.literal(Layer.DIBAO.value))
    tekun = p.filter(p.tekun).select(household_id=p.household_number, layer=ibis.literal(Layer.TEKUN.value))
    return ibis.union(dibao, tekun, distinct=True)


# ---- per engine ----------------------------------------------------------------------------------------------


def duckdb_inputs(tables: Mapping[str, pa.Table]) -> InputTables:
    """DuckDB reads Arrow in place: memtables."""
    return InputTables(**{name: ibis.memtable(tables[name]) for name in TABLES})


def spark_table(con: Any, table: pa.Table, directory: Path, name: str) -> Any:
    """``table`` as a Spark table, read from Parquet written to ``directory`` (which must outlive the query).
    Not a memtable: Ibis cannot hand Spark a decimal column with nulls that way."""
    path = directory / f"{name}.parquet"
    pq.write_table(table, path)
    return con.read_parquet(str(path), table_name=f"li_{name}_{uuid.uuid4().hex[:8]}")


def spark_inputs(con: Any, tables: Mapping[str, pa.Table], directory: Path) -> InputTables:
    return InputTables(**{name: spark_table(con, tables[name], directory, name) for name in TABLES})


def postgres_table(con: Any, table: pa.Table, name: str) -> Any:
    """``table`` as a temporary table of the Ibis PostgreSQL connection (the query then runs in PostgreSQL)."""
    return con.create_table(f"li_{name}_{uuid.uuid4().hex[:8]}", table, temp=True)


def postgres_inputs(con: Any, tables: Mapping[str, pa.Table]) -> InputTables:
    return InputTables(**{name: postgres_table(con, tables[name], name) for name in TABLES})


def classify_on(engine: str, tables: Mapping[str, pa.Table], as_of: dt.date, standards: pa.Table) -> pa.Table:
    """``engine.classify`` of the canonical Arrow ``tables`` on ``engine``, as Arrow (``OUTPUT_SCHEMA``)."""
    from shoudi.screening.engines import EngineError, postgres_connect, spark_session

    if engine == "duckdb":
        con = ibis.duckdb.connect()
        try:
            return to_arrow(con, classify(duckdb_inputs(tables), as_of, standards))
        finally:
            con.disconnect()
    if engine == "postgres":
        con = postgres_connect()
        try:
            inputs = postgres_inputs(con, tables)
            return to_arrow(con, classify(inputs, as_of, postgres_table(con, standards, "standards")))
        finally:
            con.disconnect()
    if engine == "spark":
        con = ibis.pyspark.connect(spark_session())
        with tempfile.TemporaryDirectory(prefix="shoudi-lowincome-") as tmp:
            inputs = spark_inputs(con, tables, Path(tmp))
            return to_arrow(con, classify(inputs, as_of, spark_table(con, standards, Path(tmp), "standards")))
    raise EngineError(f"未知的计算引擎“{engine}”，可选：{'、'.join(ENGINES)}")


def classify_area(region_code: str, as_of: dt.date, engine: str = "duckdb", pset: Any = None) -> pa.Table:
    """Every household of ``region_code`` classified into layers on ``engine`` (standards from ``pset``, default
    the stored parameters of the area's counties)."""
    tables = area_tables(region_code, as_of)
    return classify_on(engine, tables, as_of, standards_table(counties_of(tables), as_of, pset))
