"""Reports figures: indicator generation (the monthly report of a county by township), the county dashboard
page and the indicator API, on a county of 100,000 households with a few thousand cases and leads.
Prints data size and machine with every figure.

    .venv/bin/python benchmarks/reports.py                          # 100,000 households, fresh SQLite file
    .venv/bin/python benchmarks/reports.py --households 20000 --data-dir /tmp/bench-rep
    .venv/bin/python benchmarks/reports.py --database-url postgres://postgres@127.0.0.1:5432/bench_reports
    .venv/bin/python benchmarks/reports.py --province 52 --database-url postgres://…/shoudi_bench_province

``--province`` reads a database the province loader filled (``shoudi synth province`` to Parquet, then
``shoudi synth load-province``): the monthly report of the province by county, and one county's dashboard.

The county comes from ``shoudi.synth.writer.write_county``; cases are written in bulk as benchmarks/monitoring.py
does (that module's ``make_cases``), plus leads in bulk over every channel and status.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import monitoring as bench  # noqa: E402  (benchmarks/monitoring.py: setup, generate, make_cases)
from machine import describe  # noqa: E402


def make_leads(county: str, n: int, seed: int) -> str:
    from shoudi.core.access import in_area
    from shoudi.monitoring import codes
    from shoudi.monitoring.models import Lead
    from shoudi.registry.models import Household

    existing = Lead.objects.filter(in_area("village_id", county)).count()
    if existing:
        return f"已有 {existing:,} 条线索"
    rnd = random.Random(seed)
    today = dt.date.today()
    rows = list(Household.objects.filter(in_area("village_id", county)).values_list("id", "village_id")[: n * 3])
    rules = [("医保", "medical_oop"), ("民政", "dibao_stop"), ("残联", "disability_new"), ("应急", "disaster_loss")]
    leads = []
    for household_id, village in rnd.sample(rows, min(n, len(rows))):
        channel = rnd.choice(codes.Channel.values)
        department, rule = rnd.choice(rules) if channel == codes.Channel.DEPARTMENT else ("", "")
        on = today - dt.timedelta(days=rnd.randint(0, 400))
        leads.append(
            Lead(
                household_id=household_id,
                village_id=village,
                channel=channel,
                department=department,
                rule=rule,
                summary="线索",
                reported_on=on,
                due_on=on + dt.timedelta(days=3),
                status=rnd.choice(codes.LeadStatus.values),
            )
        )
    Lead.objects.bulk_create(leads, batch_size=2000)
    return f"{len(leads):,} 条线索"


def timed(fn, runs: int) -> list[float]:
    fn()  # warm-up
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def line(label: str, times: list[float]) -> str:
    return f"{label:<28}: p50 {statistics.median(times):8.1f} ms · max {max(times):8.1f} ms · {len(times)} 次"


def estimated_rows(model) -> int:
    """The planner's row estimate (exact counts of 70 million rows take longer than the report)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return model.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        return int(cursor.fetchone()[0])


def slowest_indicators(area: str, month, top: int = 6) -> str:
    from shoudi.reports.generator import scope_for
    from shoudi.reports.indicators import INDICATORS

    scope = scope_for(area, month)
    spent = []
    for indicator in INDICATORS:
        t0 = time.perf_counter()
        indicator.compute(scope)
        spent.append((time.perf_counter() - t0, indicator.code))
    spent.sort(reverse=True)
    return " · ".join(f"{code} {sec:.2f}s" for sec, code in spent[:top]) + f" · 合计 {sum(s for s, _ in spent):.2f}s"


def province(args: argparse.Namespace) -> None:
    """The monthly report of a loaded province by county, and the dashboard of its largest county."""
    bench.setup(args.database_url, args.data_dir)
    from django.conf import settings
    from django.db.models import Count
    from django.db.models.functions import Substr
    from django.test import Client
    from django.utils import timezone

    from shoudi.accounts.models import User
    from shoudi.accounts.roles import Role
    from shoudi.core.access import in_area
    from shoudi.monitoring.models import Case, Lead
    from shoudi.regions.models import Region
    from shoudi.registry.models import FinanceRecord, Household, Person
    from shoudi.reports import layout
    from shoudi.reports.generator import generate
    from shoudi.reports.periods import Period

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    area = Region.objects.get(pk=args.province)
    households = Household.objects.filter(in_area("village_id", args.province))
    by_county = households.annotate(c=Substr("village_id", 1, 6)).values("c").annotate(n=Count("id")).order_by("-n")
    biggest = by_county.first()
    if biggest is None:
        sys.exit(f"数据库中没有 {args.province} 的农户：先运行 shoudi synth province 和 shoudi synth load-province")
    county_code = args.county if args.county != "520628" else biggest["c"]
    cases = Case.objects.filter(in_area("village_id", args.province))
    print("== 报表与驾驶舱基准 · 省级 (benchmarks/reports.py --province) ==")
    print(describe())
    print(f"Python {platform.python_version()} · 数据库 PostgreSQL")
    print(
        f"数据: {area.name}（{args.province}）{households.count():,} 户 · 约 {estimated_rows(Person):,} 人 · "
        f"约 {estimated_rows(FinanceRecord):,} 条收支记录 · 监测对象 {cases.count():,}"
        f"（在办 {cases.filter(is_open=True).count():,}）· 线索 {Lead.objects.count():,} · "
        f"{by_county.count()} 个县"
    )
    month = Period.month(timezone.localdate())
    times = timed(lambda: generate(area, month), args.runs)
    g = generate(area, month)
    print(line(f"省月报指标生成（按县）{month.key}", times))
    print("  各指标耗时（同一 Scope，共用查询只计一次）:", slowest_indicators(area.code, month))
    print(line("省月报（指标+版式）", timed(lambda: layout.content(generate(area, month)), max(1, args.runs // 2))))
    print(
        f"本月: 累计纳入监测 {g.value('monitored_households'):,} 户 · 风险未消除 {g.value('at_risk_households'):,} 户 · "
        f"脱贫户人均纯收入 {g.value('former_poor_income_pc')} 元"
    )
    officer, _ = User.objects.get_or_create(
        username=f"bench_reports_{county_code}",
        defaults={"role": Role.COUNTY_OFFICER, "area_id": county_code, "full_name": "县"},
    )
    client = Client()
    client.force_login(officer)
    county_households = households.filter(in_area("village_id", county_code)).count()
    url = f"/reports/dashboard/{county_code}/"
    print(line(f"县驾驶舱页面 {county_code}（{county_households:,} 户）", timed(lambda: client.get(url), args.runs)))
    county = Region.objects.get(pk=county_code)
    print(line(f"县月报指标生成 {county_code}", timed(lambda: generate(county, month), args.runs)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--open-cases", type=int, default=2000)
    parser.add_argument("--closed-cases", type=int, default=1500)
    parser.add_argument("--leads", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--database-url", help="缺省为临时目录中的新 SQLite 文件")
    parser.add_argument("--data-dir", help="SQLite 文件所在目录（再次运行时复用已生成的数据）")
    parser.add_argument("--province", help="省级代码：读已载入的省（不生成数据），测省月报和最大县的驾驶舱")
    args = parser.parse_args()
    if args.province:
        if not args.database_url:
            parser.error("--province 需要 --database-url（已载入全省数据的 PostgreSQL）")
        province(args)
        return

    data_dir = bench.setup(args.database_url, args.data_dir)
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client
    from django.utils import timezone

    from shoudi.accounts.models import User
    from shoudi.accounts.roles import Role
    from shoudi.core.access import in_area
    from shoudi.monitoring.models import Case, Lead
    from shoudi.regions.models import Region
    from shoudi.registry.models import FinanceRecord, Household, Person
    from shoudi.reports import layout
    from shoudi.reports.generator import generate
    from shoudi.reports.periods import Period

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    t0 = time.perf_counter()
    made = bench.generate(args.county, args.households, args.seed)
    cases_made = bench.make_cases(args.county, args.open_cases, args.closed_cases, args.seed)
    leads_made = make_leads(args.county, args.leads, args.seed)
    with connection.cursor() as cursor:  # planner statistics, as autovacuum / a nightly ANALYZE would keep them
        cursor.execute("ANALYZE")
    prepared = time.perf_counter() - t0

    households = Household.objects.filter(in_area("village_id", args.county)).count()
    persons = Person.objects.count()
    finance = FinanceRecord.objects.count()
    cases = Case.objects.filter(in_area("village_id", args.county))
    leads = Lead.objects.filter(in_area("village_id", args.county)).count()
    county = Region.objects.get(pk=args.county)
    townships = Region.objects.filter(in_area("code", args.county), level=4).count()

    print("== 报表与驾驶舱基准 (benchmarks/reports.py) ==")
    print(describe())
    where = f"({data_dir})" if connection.vendor == "sqlite" else ""
    print(f"Python {platform.python_version()} · 数据库 {connection.vendor} {where}")
    print(
        f"数据: 县 {args.county}（{townships} 个乡镇）{households:,} 户 · {persons:,} 人 · {finance:,} 条收支记录 · "
        f"监测对象 {cases.count():,}（在办 {cases.filter(is_open=True).count():,}）· 线索 {leads:,}；"
        f"准备 {prepared:.1f} 秒（{made}；{cases_made}；{leads_made}；ANALYZE）"
    )

    month = Period.month(timezone.localdate())
    settings.DEBUG = True
    reset_queries()
    g = generate(county, month)
    queries = len(connection.queries)
    settings.DEBUG = False
    print(f"全部 {len(g.results)} 项指标、{len(g.rows)} 行（乡镇）+ 合计: {queries} 条 SQL")
    print(line(f"县月报指标生成 {month.key}", timed(lambda: generate(county, month), args.runs)))
    print(line("县月报（指标+版式）", timed(lambda: layout.content(generate(county, month)), args.runs)))
    year = Period.year_of(month.year)
    print(line(f"县年报指标生成 {year.key}", timed(lambda: generate(county, year), args.runs)))

    officer, _ = User.objects.get_or_create(
        username="bench_reports_county",
        defaults={"role": Role.COUNTY_OFFICER, "area_id": args.county, "full_name": "县"},
    )
    client = Client()
    client.force_login(officer)
    url = f"/reports/dashboard/{args.county}/"
    print(line("县驾驶舱页面（整页请求）", timed(lambda: client.get(url), args.runs)))
    api = f"/api/v1/reports/areas/{args.county}/indicators?period={month.key}"
    print(line("指标 API（全部指标）", timed(lambda: client.get(api), args.runs)))
    appraisal = f"/reports/appraisal/{args.county}/"
    print(line("考核排名页面（默认方案）", timed(lambda: client.get(appraisal), args.runs)))
    print(
        f"本月: 累计纳入监测 {g.value('monitored_households'):,} 户 · 风险未消除 {g.value('at_risk_households'):,} 户"
    )


if __name__ == "__main__":
    main()
