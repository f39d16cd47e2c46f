"""Running the unsold-produce check (``produce_engine``) over an area and writing what it finds.

- DuckDB (default): the area's observations leave the database in bulk as one Arrow table (PostgreSQL: ``COPY``;
  SQLite: the queryset's rows in chunks) — the snapshot — and DuckDB evaluates the expression over it.
  PostgreSQL: the same expression runs in the database over the Django tables (``screening.engines``).
- Idempotent: one warning per commodity, period and kind (a unique constraint). A hit that already has its warning
  changes nothing — neither its figures nor its status — so re-running the check raises nothing new. A warning
  whose condition no longer holds stays: closing it is a person's act, with a note (``produce.warning_close``).
- Every run leaves a ``CheckRun`` row: engine, series, rows read, warnings raised, seconds.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pyarrow as pa
from django.db import connection, transaction
from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.core.audit import audit_entry
from shoudi.markets import codes
from shoudi.markets import produce_engine as engine
from shoudi.markets.access import RECORD_PRODUCE, require_may
from shoudi.markets.models_produce import CheckRun, Commodity, Observation, ProduceWarning
from shoudi.regions.models import Region

THOUSANDTH, TEN_THOUSANDTH = Decimal("0.001"), Decimal("0.0001")
MAX_RATIO = Decimal("999999.9999")
MAX_VALUE = Decimal("9999999999999.999")
MONTH_TO_WEEK = Decimal(12) / Decimal(52)
CHUNK = 50_000
OBS_FIELDS = ("commodity_id", "commodity__county_id", "commodity__frequency", "period_start", "price", "stock", "sales")


def observations(area: str, as_of: dt.date) -> pa.Table:
    """The snapshot: observations of ``area``'s active commodities up to ``as_of`` (``engine.OBSERVATIONS``)."""
    qs = (
        Observation.objects.filter(in_area("commodity__county_id", area), commodity__active=True)
        .filter(period_start__lte=as_of)
        .order_by()
        .values_list(*OBS_FIELDS)
    )
    if connection.vendor == "postgresql":
        from shoudi.screening.snapshot import _copy  # the bulk COPY reader of the screening snapshot

        return _copy(qs, engine.OBSERVATIONS)
    batches, rows = [], []
    for row in qs.iterator(chunk_size=CHUNK):
        rows.append(row)
        if len(rows) == CHUNK:
            batches.append(_batch(rows))
            rows = []
    if rows:
        batches.append(_batch(rows))
    return pa.Table.from_batches(batches, schema=engine.OBSERVATIONS)


def _batch(rows: list[tuple[Any, ...]]) -> pa.RecordBatch:
    cols = list(zip(*rows, strict=True))
    cols[0] = tuple(str(v) for v in cols[0])
    arrays = [pa.array(c, f.type) for c, f in zip(cols, engine.OBSERVATIONS, strict=True)]
    return pa.RecordBatch.from_arrays(arrays, schema=engine.OBSERVATIONS)


def hits_for(
    area: str, as_of: dt.date, *, engine_name: str = "duckdb", full: bool = False
) -> tuple[pa.Table, int, int]:
    """(hits, series, rows) of ``area`` on ``as_of`` by ``engine_name``."""
    counties = list(
        Commodity.objects.filter(in_area("county_id", area), active=True).values_list("county_id", flat=True).distinct()
    )
    params = engine.params_table(counties, as_of)
    if engine_name == "duckdb":
        table = observations(area, as_of)
        with engine.connect("duckdb", observations=table) as (con, obs):
            hits = engine.evaluate(con, obs, params, as_of=as_of, full=full)
        return hits, len(set(table.column("commodity_id").to_pylist())), table.num_rows
    with engine.connect(engine_name, area=area) as (con, obs):
        hits = engine.evaluate(con, obs, params, as_of=as_of, full=full, latest_from=engine.postgres_latest_from(con))
        upto = obs.filter(obs.period_start <= as_of)
        size = con.to_pyarrow(upto.aggregate(rows=upto.count(), series=upto.commodity_id.nunique())).to_pylist()[0]
    return hits, int(size["series"] or 0), int(size["rows"] or 0)


def _q(value: Decimal, step: Decimal, cap: Decimal) -> Decimal:
    return min(value.quantize(step, rounding=ROUND_HALF_UP), cap)


def warning_figures(hit: dict[str, Any]) -> tuple[Decimal, Decimal, Decimal]:
    """(value, reference, ratio) of a hit: the price and the same-period mean price with their ratio; the stock,
    the normal weekly sales and the weeks of sales the stock covers."""
    value, total, years = Decimal(hit["value"]), Decimal(hit["total"]), int(hit["years"])
    reference = total / years
    if hit["kind"] == codes.WarningKind.STOCK_HIGH and hit["frequency"] == codes.Frequency.MONTH:
        reference = reference * MONTH_TO_WEEK
    ratio = value / reference if reference else MAX_RATIO
    return _q(value, THOUSANDTH, MAX_VALUE), _q(reference, THOUSANDTH, MAX_VALUE), _q(ratio, TEN_THOUSANDTH, MAX_RATIO)


def write_warnings(hits: pa.Table, run: CheckRun | None) -> int:
    """New warnings for the hits that have none yet (bulk); the number written."""
    rows = hits.to_pylist()
    if not rows:
        return 0
    ids = {uuid.UUID(r["commodity_id"]) for r in rows}
    existing = set(
        ProduceWarning.objects.filter(commodity_id__in=ids).values_list("commodity_id", "period_start", "kind")
    )
    new = []
    for r in rows:
        key = (uuid.UUID(r["commodity_id"]), r["period_start"], r["kind"])
        if key in existing:
            continue
        existing.add(key)
        value, reference, ratio = warning_figures(r)
        new.append(
            ProduceWarning(
                commodity_id=key[0],
                period_start=key[1],
                kind=key[2],
                value=value,
                reference=reference,
                ratio=ratio,
                run=run,
                created_by=run.started_by if run else None,
            )
        )
    ProduceWarning.objects.bulk_create(new, batch_size=2_000, ignore_conflicts=True)
    return len(new)


def check_run(
    *, by: Any, area_code: str, engine_name: str = "duckdb", full: bool = False, as_of: dt.date | None = None
) -> CheckRun:
    """Run the check over ``area_code`` and write its warnings and its ``CheckRun`` row (``by`` None: the system,
    a command without ``--as``)."""
    if by is not None:
        require_may(by, RECORD_PRODUCE, area_code)
    if engine_name not in engine.ENGINES:
        raise engine.EngineError(f"未知的计算引擎“{engine_name}”，可选：{'、'.join(engine.ENGINES)}")
    area = Region.objects.get(code=area_code)
    as_of = as_of or timezone.localdate()
    began = time.perf_counter()
    hits, series, rows = hits_for(area_code, as_of, engine_name=engine_name, full=full)
    with transaction.atomic():
        run = CheckRun.objects.create(
            area=area,
            as_of=as_of,
            engine=engine_name,
            series=series,
            rows=rows,
            started_by=by if getattr(by, "pk", None) else None,
        )
        run.raised = write_warnings(hits, run)
        run.seconds = round(time.perf_counter() - began, 3)
        run.save(update_fields=["raised", "seconds"])
        audit_entry(
            actor=by,
            action="create",
            obj=run,
            area_code=area_code,
            changes={"新增预警数": [None, run.raised], "引擎": [None, engine_name], "全部历史": [None, full]},
        )
    return run
