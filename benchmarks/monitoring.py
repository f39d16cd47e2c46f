"""Dynamic monitoring figures: workbench and case list latency with 2,000 open cases, and the data-quality
checks over a whole county. Prints data size and machine with every figure.

    .venv/bin/python benchmarks/monitoring.py                          # 100,000 households, fresh SQLite file
    .venv/bin/python benchmarks/monitoring.py --households 20000 --data-dir /tmp/bench-mon
    .venv/bin/python benchmarks/monitoring.py --database-url postgres://postgres@127.0.0.1:5432/bench_monitoring

The county comes from ``shoudi.synth.writer.write_county`` (a plain bulk_create generator if synth is
missing). Cases are written in bulk straight into the tables — 2,000 open ones spread over the procedure
steps (some overdue), plus eliminated ones so every check has something to look at. Pages are timed through
Django's test client (the whole request: middleware, session, queries, templates), after a warm-up.
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

import django_env  # noqa: E402
from machine import describe, percentile  # noqa: E402


def setup(database_url: str | None, data_dir: str | None) -> str:
    return django_env.setup(database_url, data_dir, prefix="shoudi-bench-mon-")


def generate(county: str, households: int, seed: int) -> str:
    from shoudi.core.access import in_area
    from shoudi.registry.models import Household

    existing = Household.objects.filter(in_area("village_id", county)).count()
    if existing:
        return f"已有 {existing:,} 户，直接使用"
    try:
        from shoudi.synth.writer import write_county
    except ImportError:
        from simulate import fallback_generate  # the policy benchmark's plain generator

        return fallback_generate(county, households, seed, dt.date.today())
    return str(write_county(county, households, seed))


def make_cases(county: str, open_cases: int, closed_cases: int, seed: int) -> str:
    """Bulk cases on random households of the county (idempotent: skipped when the county has cases)."""
    from shoudi.assistance.models import Measure
    from shoudi.core.access import in_area
    from shoudi.monitoring import codes
    from shoudi.monitoring.models import Case, CaseRisk
    from shoudi.registry.models import Household

    existing = Case.objects.filter(in_area("village_id", county)).count()
    if existing:
        return f"已有 {existing:,} 个监测对象"
    rnd = random.Random(seed)
    today = dt.date.today()
    rows = list(Household.objects.filter(in_area("village_id", county)).values_list("id", "village_id"))
    picked = rnd.sample(rows, min(len(rows), open_cases + closed_cases))
    open_statuses = [s for s in codes.Status if s not in codes.CLOSED_STATUSES]
    cases, risks, measures = [], [], []
    for n, (household_id, village) in enumerate(picked):
        closed = n >= open_cases
        if closed:
            status = codes.Status.ELIMINATED
        else:
            status = codes.Status.MONITORED if rnd.random() < 0.55 else rnd.choice(open_statuses)
        opened = today - dt.timedelta(days=rnd.randint(3, 600))
        identified = status not in codes.IDENTIFICATION_STATUSES
        start = opened + dt.timedelta(days=rnd.randint(5, 20)) if identified else None
        end = min(today, start + dt.timedelta(days=rnd.randint(40, 400))) if closed and start else None
        case = Case(
            household_id=household_id,
            village_id=village,
            status=status,
            is_open=not closed,
            status_on=end or start or opened,
            category=rnd.choice(codes.Category.values),
            channel=rnd.choice(codes.Channel.values),
            opened_on=opened,
            deadline=opened + dt.timedelta(days=15),
            period_start=start,
            period_end=end,
            elimination_kind=rnd.choice(codes.EliminationKind.values) if closed else "",
            assessed_income_pc=rnd.randint(3000, 12000) if closed else None,
            assessed_line=6320 if closed else None,
        )
        cases.append(case)
        for code in rnd.sample(codes.RiskType.values, rnd.randint(1, 2)):
            risks.append(CaseRisk(case=case, code=code))
        if identified and rnd.random() < 0.7:
            measures.append(
                Measure(
                    case=case,
                    kind=rnd.choice(codes.MeasureKind.values),
                    content="措施",
                    start=start,
                    responsible_unit="乡镇",
                    responsible_person="责任人",
                    status="active",
                )
            )
    Case.objects.bulk_create(cases, batch_size=2000)
    CaseRisk.objects.bulk_create(risks, batch_size=5000)
    Measure.objects.bulk_create(measures, batch_size=2000)
    return f"{open_cases:,} 个在办 + {closed_cases:,} 个已消除"


def users(county: str) -> dict[str, object]:
    """A county officer, the township reviewer and the village contact with the most open cases."""
    from django.db.models import Count

    from shoudi.accounts.models import User
    from shoudi.core.access import in_area
    from shoudi.monitoring.models import Case

    open_cases = Case.objects.filter(in_area("village_id", county), is_open=True)
    village = open_cases.values("village_id").annotate(n=Count("id")).order_by("-n").first()["village_id"]
    counts: dict[str, int] = {}
    for code in open_cases.values_list("village_id", flat=True):
        counts[code[:9]] = counts.get(code[:9], 0) + 1
    busiest = max(counts, key=lambda k: counts[k])
    made = {}
    for name, role, area in (
        ("bench_county", "county_officer", county),
        ("bench_township", "township_reviewer", busiest),
        ("bench_village", "village_contact", village),
    ):
        made[name], _ = User.objects.get_or_create(
            username=name, defaults={"role": role, "area_id": area, "full_name": name}
        )
    return made


def timed(client, url: str, runs: int) -> list[float]:
    for _ in range(3):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200
    return times


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--open-cases", type=int, default=2000)
    parser.add_argument("--closed-cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=60, help="每个页面计时的请求次数")
    parser.add_argument("--check-runs", type=int, default=3)
    parser.add_argument("--database-url", help="缺省为临时目录中的新 SQLite 文件")
    parser.add_argument("--data-dir", help="SQLite 文件所在目录（再次运行时复用已生成的数据）")
    args = parser.parse_args()

    data_dir = setup(args.database_url, args.data_dir)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from shoudi.core.access import in_area
    from shoudi.monitoring.checks import CHECKS, run_checks
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import FinanceRecord, Household, Person

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    t0 = time.perf_counter()
    made = generate(args.county, args.households, args.seed)
    cases_made = make_cases(args.county, args.open_cases, args.closed_cases, args.seed)
    generated = time.perf_counter() - t0
    households = Household.objects.filter(in_area("village_id", args.county)).count()
    persons = Person.objects.count()
    finance = FinanceRecord.objects.count()
    cases = Case.objects.filter(in_area("village_id", args.county))
    open_n, all_n = cases.filter(is_open=True).count(), cases.count()

    print("== 动态监测基准 (benchmarks/monitoring.py) ==")
    print(describe())
    where = f"({data_dir})" if connection.vendor == "sqlite" else ""
    print(f"Python {platform.python_version()} · 数据库 {connection.vendor} {where}")
    print(
        f"数据: 县 {args.county} {households:,} 户 · {persons:,} 人 · {finance:,} 条收支记录 · 监测对象 {all_n:,}"
        f"（在办 {open_n:,}）；准备 {generated:.1f} 秒（{made}；{cases_made}）"
    )

    people = users(args.county)
    pages = [
        ("工作台", "/"),
        ("监测对象列表", "/monitoring/"),
        ("监测对象列表·超期", "/monitoring/?overdue=1"),
        ("监测对象列表·待我办理", "/monitoring/?mine=1"),
    ]
    for username, user in people.items():
        client = Client()
        client.force_login(user)
        for label, url in pages:
            times = timed(client, url, args.runs)
            print(
                f"页面 {label:<12} {username:<15}（区域 {user.area_id}）: p50 {statistics.median(times):6.1f} ms · "
                f"p95 {p95(times):6.1f} ms · {args.runs} 次"
            )

    from django.template import Context, Template
    from django.test import RequestFactory

    panel = Template("{% load monitoring_tags %}{% monitoring_panel %}")
    for username, user in people.items():
        request = RequestFactory().get("/")
        request.user = user
        times = []
        for n in range(args.runs + 3):
            t0 = time.perf_counter()
            panel.render(Context({"request": request}))
            if n >= 3:
                times.append((time.perf_counter() - t0) * 1000)
        print(
            f"工作台中的动态监测面板 {username:<15}: p50 {statistics.median(times):6.1f} ms · p95 {p95(times):6.1f} ms"
            "（整页其余为工作台自身的户数、人数统计）"
        )

    durations = []
    run = None
    for _ in range(args.check_runs):
        t0 = time.perf_counter()
        run = run_checks(args.county)
        durations.append(time.perf_counter() - t0)
    assert run is not None
    print(
        f"数据质量检查（{len(CHECKS)} 项，{households:,} 户的县）: 中位数 {statistics.median(durations):.2f} 秒，"
        f"{args.check_runs} 次: " + ", ".join(f"{d:.2f}" for d in durations)
    )
    print("  问题数: " + "；".join(f"{c.label} {run.counts.get(c.name, 0)}" for c in CHECKS))


if __name__ == "__main__":
    main()
