"""Time policy.batch.load_area over a county of N households before and after every household gets 收入核算表
(two years, wages per worker plus a few items, some by month), and print the figures with data size and machine.

    .venv/bin/python benchmarks/income_window.py                       # 20,000 households, fresh SQLite file
    .venv/bin/python benchmarks/income_window.py --share 0.5           # half the households with sheets
    .venv/bin/python benchmarks/income_window.py --database-url postgres://postgres@127.0.0.1:5432/bench_income
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402
from simulate import generate  # noqa: E402


def add_sheets(county: str, share: float, seed: int, years: tuple[int, ...]) -> int:
    from shoudi.core.access import in_area
    from shoudi.income.models import IncomeLine, IncomeSheet
    from shoudi.registry.models import Household

    rnd = random.Random(seed)
    ids = list(Household.objects.filter(in_area("village_id", county)).values_list("id", flat=True))
    chosen = [h for h in ids if rnd.random() < share]
    sheets, lines = [], []
    for household_id in chosen:
        for year in years:
            sheet = IncomeSheet(household_id=household_id, year=year, starts=dt.date(year, 1, 1), source="import")
            sheets.append(sheet)
            lines.append(IncomeLine(sheet=sheet, item="migrant_work", amount=Decimal(rnd.randint(5000, 40000))))
            lines.append(IncomeLine(sheet=sheet, item="crops", amount=Decimal(rnd.randint(0, 6000))))
            lines.append(IncomeLine(sheet=sheet, item="production_cost", amount=Decimal(rnd.randint(0, 2000))))
            monthly = [Decimal(rnd.randint(0, 300)) for _ in range(12)]
            lines.append(
                IncomeLine(sheet=sheet, item="pension", amount=sum(monthly), monthly=[str(m) for m in monthly])
            )
            if rnd.random() < 0.2:
                lines.append(IncomeLine(sheet=sheet, item="medical", amount=Decimal(rnd.randint(500, 30000))))
    IncomeSheet.objects.bulk_create(sheets, batch_size=2000)
    IncomeLine.objects.bulk_create(lines, batch_size=2000)
    return len(chosen)


def timed(county: str, as_of: dt.date, runs: int) -> list[float]:
    from shoudi.policy.batch import load_area

    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        load_area(county, as_of)
        times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--share", type=float, default=1.0, help="share of households given sheets")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="缺省为临时目录中的新 SQLite 文件")
    args = parser.parse_args()
    as_of = dt.date(2021, 6, 15)
    data_dir = django_env.setup(args.database_url, None, prefix="shoudi-bench-income-")
    from django.db import connection

    from shoudi.registry.models import FinanceRecord, Household, Person

    made = generate(args.county, args.households, args.seed, as_of)
    before = timed(args.county, as_of, args.runs)
    with_sheets = add_sheets(args.county, args.share, args.seed, (2020, 2021))
    after = timed(args.county, as_of, args.runs)
    print("== 收入核算表进入评估的读取基准 (benchmarks/income_window.py) ==")
    print(describe())
    print(
        f"Python {platform.python_version()} · 数据库 {connection.vendor} {data_dir if connection.vendor == 'sqlite' else ''}"
    )
    print(
        f"数据: {Household.objects.count():,} 户 · {Person.objects.count():,} 人 · "
        f"{FinanceRecord.objects.count():,} 条收支记录（{made}）；{with_sheets:,} 户各有2个年度的收入核算表"
    )
    print(f"load_area 无核算表: 中位数 {statistics.median(before):.2f} 秒，最快 {min(before):.2f} 秒")
    print(f"load_area 有核算表: 中位数 {statistics.median(after):.2f} 秒，最快 {min(after):.2f} 秒")


if __name__ == "__main__":
    main()
