"""Time the policy simulation over a county of N households and print the figures with data size and machine.

    .venv/bin/python benchmarks/simulate.py                       # 20,000 households, fresh SQLite file
    .venv/bin/python benchmarks/simulate.py --households 5000
    .venv/bin/python benchmarks/simulate.py --database-url postgres://postgres@127.0.0.1:5432/bench_sim

The county is generated with ``shoudi.synth.writer.write_county`` (falls back to a plain bulk_create
generator if the synth app is not there) with finance records dated for an assessment on 2021-06-15, so
Guizhou's 2021 line (6,320 元, built in) applies; the proposal is monitoring_line=6600.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402


def setup(database_url: str | None, data_dir: str | None) -> str:
    return django_env.setup(database_url, data_dir, prefix="shoudi-bench-sim-")


def generate(county: str, households: int, seed: int, as_of: dt.date) -> str:
    from shoudi.core.access import in_area
    from shoudi.registry.models import Household

    existing = Household.objects.filter(in_area("village_id", county)).count()
    if existing:
        return f"已有 {existing:,} 户，直接使用"
    try:
        from shoudi.synth.writer import write_county
    except ImportError:
        return fallback_generate(county, households, seed, as_of)
    return str(write_county(county, households, seed, as_of=as_of))


def fallback_generate(county: str, households: int, seed: int, as_of: dt.date) -> str:
    """Plain households with bulk_create (used only when shoudi.synth is missing)."""
    import random
    from decimal import Decimal

    from shoudi.core.access import in_area
    from shoudi.regions import loader
    from shoudi.regions.models import Level, Region
    from shoudi.registry.idnumber import make
    from shoudi.registry.models import FinanceRecord, Household, Person

    if not Region.objects.filter(in_area("code", county), level=Level.VILLAGE).exists():
        loader.load([county[:2]])
    villages = list(Region.objects.filter(in_area("code", county), level=Level.VILLAGE).values_list("code", flat=True))
    rnd = random.Random(seed)
    months = [dt.date(as_of.year - 1, as_of.month, 1)]
    while len(months) < 12:
        last = months[-1]
        months.append(dt.date(last.year + (last.month == 12), last.month % 12 + 1, 1))
    hh, people, money = [], [], []
    for i in range(households):
        h = Household(number=f"{villages[i % len(villages)]}{i:05d}", village_id=villages[i % len(villages)])
        h.status = "former_poor" if rnd.random() < 0.3 else "ordinary"
        hh.append(h)
        for j in range(rnd.randint(1, 6)):
            birth = dt.date(1950, 1, 1) + dt.timedelta(days=i * 7 + j)
            people.append(
                Person(
                    household=h,
                    id_number=make(county, birth, 100 + j),
                    name=f"成员{i}-{j}",
                    sex="M",
                    birth_date=birth,
                    relationship="head" if j == 0 else "son",
                )
            )
        for m in rnd.sample(months, 6):
            money.append(
                FinanceRecord(
                    household=h,
                    month=m,
                    flow="income",
                    kind="wage",
                    item="migrant_work",
                    amount=Decimal(rnd.randint(0, 4000)),
                )
            )
    Household.objects.bulk_create(hh, batch_size=2000)
    Person.objects.bulk_create(people, batch_size=2000)
    FinanceRecord.objects.bulk_create(money, batch_size=2000)
    return f"{households:,} 户（简易生成）"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=20000)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url", help="缺省为临时目录中的新 SQLite 文件")
    parser.add_argument("--data-dir", help="SQLite 文件所在目录（再次运行时复用已生成的县）")
    args = parser.parse_args()
    as_of = dt.date(2021, 6, 15)

    data_dir = setup(args.database_url, args.data_dir)
    from django.db import connection

    from shoudi.policy.batch import load_area
    from shoudi.policy.simulation import simulate
    from shoudi.registry.models import FinanceRecord, Household, Person

    started = time.perf_counter()
    made = generate(args.county, args.households, args.seed, as_of)
    generated = time.perf_counter() - started
    households = Household.objects.count()
    persons = Person.objects.count()
    finance = FinanceRecord.objects.count()

    load_times, times = [], []
    report = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        load_area(args.county, as_of)
        load_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        report = simulate(region_code=args.county, as_of=as_of, proposals={"monitoring_line": "6600"})
        times.append(time.perf_counter() - t0)
    assert report is not None

    print("== 政策模拟基准 (benchmarks/simulate.py) ==")
    print(describe())
    print(
        f"Python {platform.python_version()} · 数据库 {connection.vendor} {'(' + data_dir + ')' if connection.vendor == 'sqlite' else ''}"
    )
    print(
        f"数据: {report.region_name} {households:,} 户 · {persons:,} 人 · {finance:,} 条收支记录（生成 {generated:.1f} 秒：{made}）"
    )
    print(f"读取（3 条查询，SQL 汇总）: 中位数 {statistics.median(load_times):.2f} 秒，最快 {min(load_times):.2f} 秒")
    print(
        f"模拟（读取 + 测算两次 + 汇总）: 中位数 {statistics.median(times):.2f} 秒，最快 {min(times):.2f} 秒，{args.runs} 次: "
        + ", ".join(f"{t:.2f}" for t in times)
    )
    cur, new = report.total.current, report.total.proposed
    print(
        f"结果: 监测范围内 {cur.within.households:,} → {new.within.households:,} 户"
        f"（{cur.within.people:,} → {new.within.people:,} 人）；数据不全 {report.errors} 户；乡镇 {len(report.rows)} 个"
    )


if __name__ == "__main__":
    main()
