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


def _periods(obs: Table) -> Table:
    """Year and period-of-year of each row: ISO year and ISO week (weekly), calendar year and month (monthly)."""
    weekly = obs.frequency == WEEK
    iso_year = (obs.period_start + ibis.interval(days=3)).year()
    return obs.mutate(
        yr=ibis.ifelse(weekly, iso_year, obs.period_start.year()).cast("int32"),
        pk=ibis.ifelse(weekly, obs.period_start.week_of_year(), obs.period_start.month()).cast("int32"),
    )


def expression(obs: Table, params: Table, *, as_of: dt.date, full: bool = False) -> Table:
    """The hits of every series in ``obs`` (one expression: a window over the same period of the years before)."""
    obs = _periods(obs.filter(obs.period_start <= as_of))
    if not full:
        # Only the latest period of each series, and the rows of the same period in the 3 years before it.
        last = obs.group_by("commodity_id").aggregate(last=obs.period_start.max())
        mark = obs.join(last, [obs.commodity_id == last.commodity_id, obs.period_start == last.last]).select(
            m_id=obs.commodity_id, m_pk=obs.pk, m_yr=obs.yr, m_last=last.last
        )
        obs = obs.join(
            mark,
            [obs.commodity_id == mark.m_id, obs.pk == mark.m_pk, obs.yr >= mark.m_yr - 3, obs.yr <= mark.m_yr],
        ).select(*[obs[c] for c in obs.columns], is_target=obs.period_start == mark.m_last)
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


def evaluate(con: Any, obs: Table, params: pa.Table, *, as_of: dt.date, full: bool = False) -> pa.Table:
    """The hits as Arrow (``HITS``), in no particular order."""
    expr = expression(obs, ibis.memtable(params), as_of=as_of, full=full)
    table = con.to_pyarrow(expr)
    return table.select(HITS.names).cast(HITS)
