"""The unsold-produce check over every product of a province (issue 17): 200 products × 88 counties × 10 years of
weekly series (≈ 9.15 M rows) on the screening engine (DuckDB), through the very Ibis expression the app runs
(``markets.produce_engine.expression``); target ≤ 10 s.

    .venv/bin/python benchmarks/produce_warning.py                     # generate (kept in /tmp), run latest + full
    .venv/bin/python benchmarks/produce_warning.py --products 20 --counties 8 --years 4
    .venv/bin/python benchmarks/produce_warning.py --postgres postgres://postgres@127.0.0.1:5432/shoudi_bench_produce

The series are generated with numpy (seeded): a seasonal price and sales curve per product with noise, stock
around two weeks of sales; 1 % of the series get a price slump and 1 % a stock pile-up in the latest weeks, so
the check has something to find. Timed: the latest period of every series (what the job runs weekly), and the
full-history variant (every period, the ``--full`` backfill). The time includes loading the Parquet file into
DuckDB. ``--postgres``: the same data COPYed into a bare table there, and the latest check on PostgreSQL.

The latest-period check reads only the last ~3 years of each series (``produce_engine.REACH_DAYS``, pushed down
into the join with each series' latest date); before that it computed the period of every row of 10 years in a
materialized CTE and sorted all 9.19 M rows on disk for the join: 44.9 s on PostgreSQL, now 4.4 s (DuckDB 1.8 s)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402

START = dt.date(2016, 1, 4)  # a Monday


def generate(path: Path, *, products: int, counties: int, years: int, seed: int = 17) -> int:
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    from shoudi.markets.produce_engine import OBSERVATIONS, PRICE, QTY
    from shoudi.screening.snapshot_schema import cents_to_money as _cents_to_money

    rng = np.random.default_rng(seed)
    weeks = years * 52 + years // 5  # ≈ years, ending on a Monday
    series = products * counties
    n = series * weeks
    week_index = np.tile(np.arange(weeks, dtype=np.int32), series)
    sid = np.repeat(np.arange(series, dtype=np.int32), weeks)
    base = rng.uniform(2, 60, series)[sid]
    season = 1 + 0.25 * np.sin(2 * np.pi * (week_index % 52) / 52 + rng.uniform(0, 6.28, series)[sid])
    price = base * season * rng.normal(1, 0.05, n)
    sales = rng.uniform(5, 500, series)[sid] * season * rng.normal(1, 0.1, n)
    stock = sales * rng.uniform(1, 3, n)
    late = week_index >= weeks - 3
    slump = rng.random(series) < 0.01
    pile = rng.random(series) < 0.01
    price = np.where(late & slump[sid], price * 0.6, price)
    stock = np.where(late & pile[sid], sales * 8, stock)
    days = (np.datetime64(START.isoformat()) + week_index.astype("timedelta64[W]")).astype("datetime64[D]")
    counties_codes = np.array([f"52{c // 10 + 1:02d}{c % 10 + 21:02d}" for c in range(counties)])
    ids = pa.DictionaryArray.from_arrays(pa.array(sid), pa.array([f"s{i:06d}" for i in range(series)]))
    county = pa.DictionaryArray.from_arrays(
        pa.array((sid // products).astype(np.int32)), pa.array(counties_codes.tolist())
    )
    table = pa.table(
        {
            "commodity_id": ids.cast(pa.string()),
            "county_code": county.cast(pa.string()),
            "frequency": pa.array(np.full(n, "week", dtype=object), pa.string()),
            "period_start": pa.array(days, pa.date32()),
            "price": _cents_to_money(pa.array(np.round(np.abs(price) * 100).astype(np.int64)), PRICE),
            "stock": _cents_to_money(pa.array(np.round(np.abs(stock) * 1000).astype(np.int64)), QTY),
            "sales": _cents_to_money(pa.array(np.round(np.abs(sales) * 1000).astype(np.int64)), QTY),
        },
        schema=OBSERVATIONS,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        table,
        path,
        compression="none",
        use_dictionary=["commodity_id", "county_code", "frequency"],
        row_group_size=1 << 20,
    )
    return n


def params(counties: list[str]):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    from shoudi.markets.params import DEFAULTS
    from shoudi.markets.produce_engine import PARAMS

    share, weeks = DEFAULTS["produce_price_fall_share"][0], DEFAULTS["produce_stock_weeks"][0]
    return pa.table(
        {"p_county": counties, "share": [share] * len(counties), "weeks": [weeks] * len(counties)}, schema=PARAMS
    )


def run_duckdb(path: Path, as_of: dt.date, *, full: bool) -> tuple[float, int, int]:
    import pyarrow.parquet as pq

    from shoudi.markets import produce_engine

    counties = pq.read_table(path, columns=["county_code"]).column(0).unique().to_pylist()
    began = time.perf_counter()
    with produce_engine.connect("duckdb", parquet=str(path)) as (con, obs):
        hits = produce_engine.evaluate(con, obs, params(counties), as_of=as_of, full=full)
    return time.perf_counter() - began, hits.num_rows, len(counties)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--products", type=int, default=200)
    ap.add_argument("--counties", type=int, default=88)
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--dir", default="/tmp/shoudi-bench-produce")
    ap.add_argument("--regenerate", action="store_true")
    ap.add_argument("--no-full", action="store_true", help="skip the full-history variant")
    ap.add_argument("--postgres", default="", help="also COPY into this PostgreSQL database and run there")
    args = ap.parse_args()
    django_env.setup(args.postgres or None, prefix="shoudi-bench-produce-", migrate=False)
    import pyarrow.parquet as pq

    path = Path(args.dir) / f"obs_{args.products}x{args.counties}x{args.years}.parquet"
    if args.regenerate or not path.exists():
        began = time.perf_counter()
        rows = generate(path, products=args.products, counties=args.counties, years=args.years)
        print(f"generated {rows:,} rows in {time.perf_counter() - began:.1f} s → {path}")
    meta = pq.ParquetFile(path).metadata
    last = pq.read_table(path, columns=["period_start"]).column(0)
    import pyarrow.compute as pc

    as_of = pc.max(last).as_py()
    print(describe())
    print(
        f"data: {meta.num_rows:,} rows, {args.products * args.counties:,} series ({args.products} products × "
        f"{args.counties} counties × {args.years} years weekly), {path.stat().st_size / 2**20:.0f} MiB Parquet"
    )
    for _ in range(2):
        seconds, hits, _n = run_duckdb(path, as_of, full=False)
        print(f"duckdb latest period of every series: {seconds:.2f} s, {hits:,} hits (target ≤ 10 s)")
    if not args.no_full:
        seconds, hits, _n = run_duckdb(path, as_of, full=True)
        print(f"duckdb full history (every period): {seconds:.2f} s, {hits:,} hits")
    if args.postgres:
        run_postgres(path, as_of)


def run_postgres(path: Path, as_of: dt.date) -> None:
    """COPY the Parquet rows into a bare table and run the latest check there (the expression over that table)."""
    import io

    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq
    from django.db import connection

    from shoudi.markets import produce_engine
    from shoudi.screening.engines import postgres_connect

    table = pq.read_table(path)
    with connection.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_produce_obs")
        cur.execute(
            "CREATE UNLOGGED TABLE bench_produce_obs (commodity_id text, county_code text, frequency text, "
            "period_start date, price numeric(14,2), stock numeric(14,3), sales numeric(14,3))"
        )
        began = time.perf_counter()
        raw = cur.cursor
        with raw.copy("COPY bench_produce_obs FROM STDIN WITH (FORMAT CSV)") as copy:
            for batch in table.to_batches(500_000):
                buffer = io.BytesIO()
                pacsv.write_csv(pa_table(batch), buffer, pacsv.WriteOptions(include_header=False))
                copy.write(buffer.getvalue())
        cur.execute("ANALYZE bench_produce_obs")
    print(f"postgres COPY {table.num_rows:,} rows: {time.perf_counter() - began:.1f} s")
    counties = table.column("county_code").unique().to_pylist()
    con = postgres_connect()
    began = time.perf_counter()
    hits = produce_engine.evaluate(con, con.table("bench_produce_obs"), params(counties), as_of=as_of)
    print(f"postgres latest period of every series: {time.perf_counter() - began:.2f} s, {hits.num_rows:,} hits")
    con.disconnect()


def pa_table(batch):  # type: ignore[no-untyped-def]
    import pyarrow as pa

    return pa.Table.from_batches([batch])


if __name__ == "__main__":
    main()
