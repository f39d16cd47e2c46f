"""The unsold-produce check (农副产品滞销监测预警) as ONE Ibis expression, on the screening engines: DuckDB over an
Arrow/Parquet snapshot of the observations (default) or PostgreSQL directly over the Django tables
(``screening.engines.postgres_connect``). The hits come back as Arrow; ``produce_check`` writes the warnings.

Rules (seed 001 强化预警妥善应对农副产品滞销; parameters ``produce_price_fall_share`` 0.8 and ``produce_stock_weeks``
4 of ``markets.params``, per county):

- Period of year: a weekly series' period is its ISO week (the week starts on Monday; its year is the ISO year,
  the year of its Thursday); a monthly series' is its calendar month. "The same period" of a previous year is the
  same ISO week (month) of that year — week 53 exists only in some years.
- 价格下跌 ``price_fall``: price < share × mean price of the same period in each of the previous three years.
  At least 2 of the 3 years must have a price, else no verdict. Exactly at the share is no warning. The check
  is exact (decimals): price × n < share × Σ prices.
- 库存积压 ``stock_high``: stock > weeks × normal weekly sales; normal weekly sales = mean sales of the same period
  in the previous three years (≥ 2 of 3 years with sales), of a monthly series × 12/52. No verdict when the
  normal sales are 0 (nothing is normally sold then; stock then is not "weeks of sales").
- What is evaluated: the latest period of each series up to ``as_of`` (``full=False``), or every period
  (``full=True``, the backfill). Inactive commodities are skipped.

Columns of the observations table (the snapshot schema ``OBSERVATIONS``): commodity_id, county_code, frequency,
period_start, price, stock, sales. Hits (``HITS``): commodity_id, county_code, frequency, period_start, kind, value, total,
years — the reference is total / years (of a monthly stock hit, × 12/52), computed exactly by the writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import ibis
import pyarrow as pa
from ibis.expr.types import Table

from shoudi.markets import codes
from shoudi.markets import params as market_params
from shoudi.screening.engines import EngineError, postgres_connect

ENGINES = ("duckdb", "postgres")
PRICE = pa.decimal128(14, 2)
QTY = pa.decimal128(14, 3)
SHARE = pa.decimal128(12, 4)
OBSERVATIONS = pa.schema(
    [
        ("commodity_id", pa.string()),
        ("county_code", pa.string()),
        ("frequency", pa.string()),
        ("period_start", pa.date32()),
        ("price", PRICE),
        ("stock", QTY),
        ("sales", QTY),
    ]
)
PARAMS = pa.schema([("p_county", pa.string()), ("share", SHARE), ("weeks", SHARE)])
HITS = pa.schema(
    [
        ("commodity_id", pa.string()),
        ("county_code", pa.string()),
        ("frequency", pa.string()),
        ("period_start", pa.date32()),
        ("kind", pa.string()),
        ("value", pa.decimal128(38, 3)),
        ("total", pa.decimal128(38, 3)),
        ("years", pa.int64()),
    ]
)
WEEK, MONTH = codes.Frequency.WEEK.value, codes.Frequency.MONTH.value
PRICE_FALL, STOCK_HIGH = codes.WarningKind.PRICE_FALL.value, codes.WarningKind.STOCK_HIGH.value
MIN_YEARS = 2


def params_table(county_codes: list[str], on: dt.date) -> pa.Table:
    """Each county's share and weeks on ``on`` (its stored parameter, else the built-in default)."""

    def value(key: str, code: str) -> Decimal:
        return market_params.decimal(key, code, on).quantize(Decimal("0.0001"))

    codes_ = sorted(set(county_codes))
    return pa.table(
        {
            "p_county": pa.array(codes_, pa.string()),
            "share": pa.array([value("produce_price_fall_share", c) for c in codes_], SHARE),
            "weeks": pa.array([value("produce_stock_weeks", c) for c in codes_], SHARE),
        },
        schema=PARAMS,
    )


def _exact(value: Any) -> Any:
    """Both sides of a comparison as one decimal type (Ibis compares no two decimal types of different
    precision); wide enough for any product of the model's columns."""
    return value.cast("decimal(38, 8)")


def _year_and_period(day: Any, weekly: Any) -> tuple[Any, Any]:
    """(year, period of year) of a date: ISO year and ISO week (weekly), calendar year and month (monthly)."""
    iso_year = (day + ibis.interval(days=3)).year()
    return (
        ibis.ifelse(weekly, iso_year, day.year()).cast("int32"),
        ibis.ifelse(weekly, day.week_of_year(), day.month()).cast("int32"),
    )


def _periods(obs: Table) -> Table:
    yr, pk = _year_and_period(obs.period_start, obs.frequency == WEEK)
    return obs.mutate(yr=yr, pk=pk)


# The same period three years before the latest lies at most 159 weeks (ISO years of 52/53 weeks; a monthly series:
# 36 months) before it; rows older than this cannot be a reference of the latest period.
REACH_DAYS = 160 * 7


def _latest_and_references(obs: Table, as_of: dt.date, latest_from: Table | None = None) -> Table:
    """The latest row of each series up to ``as_of`` (``is_target``) and the rows of the same period in the three
    years before it — and nothing else: the date window is pushed down before any per-row computation, so a
    database reads the last ~3 years of each series instead of computing periods over all of its history.
    ``latest_from``: where to find each series' latest period (commodity_id, period_start) when ``obs`` is itself
    a query (PostgreSQL: the bare observations table, so ``obs`` is not referenced twice — a twice-referenced
    query becomes a materialized CTE there)."""
    source = obs if latest_from is None else latest_from
    upto = source.filter(source.period_start <= as_of)
    last = upto.group_by("commodity_id").aggregate(m_last=upto.period_start.max())
    rows = obs.view()  # a relation of its own: ``obs`` may itself be a join (PostgreSQL), which a join would extend
    near = rows.join(
        last,
        [
            rows.commodity_id == last.commodity_id,
            rows.period_start <= last.m_last,
            rows.period_start >= last.m_last - ibis.interval(days=REACH_DAYS),
        ],
    ).select(*[rows[c] for c in obs.columns], m_last=last.m_last)
    weekly = near.frequency == WEEK
    yr, pk = _year_and_period(near.period_start, weekly)
    m_yr, m_pk = _year_and_period(near.m_last, weekly)
    near = near.mutate(yr=yr, pk=pk, m_yr=m_yr, m_pk=m_pk)
    near = near.filter(near.pk == near.m_pk, near.yr >= near.m_yr - 3)
    return near.select(*[near[c] for c in (*obs.columns, "yr", "pk")], is_target=near.period_start == near.m_last)


def expression(
    obs: Table, params: Table, *, as_of: dt.date, full: bool = False, latest_from: Table | None = None
) -> Table:
    """The hits of every series in ``obs`` (one expression: a window over the same period of the years before)."""
    upto = _periods(obs.filter(obs.period_start <= as_of)) if full else None
    obs = upto if upto is not None else _latest_and_references(obs, as_of, latest_from)
    w = ibis.window(group_by=[obs.commodity_id, obs.pk], order_by=obs.yr, range=(-3, -1))
    ranked = obs.mutate(
        p_sum=obs.price.sum().over(w),
        p_n=obs.price.count().over(w),
        s_sum=obs.sales.sum().over(w),
        s_n=obs.sales.count().over(w),
    )
    if not full:
        ranked = ranked.filter(ranked.is_target)
    t = ranked.join(params, ranked.county_code == params.p_county)
    monthly = t.frequency == MONTH
    # stock / (weeks × normal weekly sales) > 1, exactly: stock × n × 52 > weeks × Σ sales × 12 (monthly)
    per, factor = ibis.ifelse(monthly, 52, 1), ibis.ifelse(monthly, 12, 1)
    price_hit = t.price.notnull() & (t.p_n >= MIN_YEARS) & (_exact(t.price) * t.p_n < _exact(t.share) * _exact(t.p_sum))
    stock_hit = (
        t.stock.notnull()
        & (t.s_n >= MIN_YEARS)
        & (t.s_sum > 0)
        & (_exact(t.stock) * (t.s_n * per) > _exact(t.weeks) * _exact(t.s_sum) * factor)
    )

    def out(hit: Any, kind: str, value: Any, total: Any, years: Any) -> Table:
        rows = t.filter(hit)
        return rows.select(
            commodity_id=rows.commodity_id,
            county_code=rows.county_code,
            frequency=rows.frequency,
            period_start=rows.period_start,
            kind=ibis.literal(kind),
            value=value.cast("decimal(38, 3)"),
            total=total.cast("decimal(38, 3)"),
            years=years.cast("int64"),
        )

    return ibis.union(
        out(price_hit, PRICE_FALL, t.price, t.p_sum, t.p_n),
        out(stock_hit, STOCK_HIGH, t.stock, t.s_sum, t.s_n),
    )


def postgres_observations(con: Any, area: str) -> Table:
    """The observations of ``area``'s active commodities straight from the Django tables."""
    c = con.table("markets_commodity")
    c = c.filter(c.active, c.county_id.startswith(area)).select(
        c_id=c.id, county_code=c.county_id, frequency=c.frequency
    )
    o = con.table("markets_observation")
    o = o.join(c, o.commodity_id == c.c_id)
    return o.select(
        commodity_id=o.commodity_id.cast("string"),
        county_code=o.county_code,
        frequency=o.frequency,
        period_start=o.period_start,
        price=o.price,
        stock=o.stock,
        sales=o.sales,
    )


@contextmanager
def connect(
    engine: str, *, observations: pa.Table | None = None, parquet: str = "", area: str = ""
) -> Iterator[tuple[Any, Table]]:
    """A connection and its observations table: DuckDB over an Arrow table or Parquet file(s); PostgreSQL over
    the Django tables of ``area``."""
    if engine == "duckdb":
        con = ibis.duckdb.connect()
        try:
            if parquet:
                table = con.create_table("obs", con.read_parquet(parquet), temp=True)
            else:
                table = con.create_table(
                    "obs", observations if observations is not None else OBSERVATIONS.empty_table(), temp=True
                )
            yield con, table
        finally:
            con.disconnect()
    elif engine == "postgres":
        con = postgres_connect()
        try:
            yield con, postgres_observations(con, area)
        finally:
            con.disconnect()
    else:
        raise EngineError(f"未知的计算引擎“{engine}”，可选：{'、'.join(ENGINES)}")


def postgres_latest_from(con: Any) -> Table:
    """The bare observations table (commodity_id, period_start) where the PostgreSQL check finds each series'
    latest period (a view of its own: the observations query joins the same table)."""
    o = con.table("markets_observation").view()
    return o.select(commodity_id=o.commodity_id.cast("string"), period_start=o.period_start)


def evaluate(
    con: Any, obs: Table, params: pa.Table, *, as_of: dt.date, full: bool = False, latest_from: Table | None = None
) -> pa.Table:
    """The hits as Arrow (``HITS``), in no particular order."""
    expr = expression(obs, ibis.memtable(params), as_of=as_of, full=full, latest_from=latest_from)
    table = con.to_pyarrow(expr)
    return table.select(HITS.names).cast(HITS)
