"""集中排查 figures: opening a round over a whole county (every household onto its village's list in one
INSERT … SELECT), the progress page by township and village, the workbench panel, a village's list and closing
(frozen per-village results). Prints data size and machine with every figure.

    .venv/bin/python benchmarks/rounds.py                          # 100,000 households, fresh SQLite file
    .venv/bin/python benchmarks/rounds.py --households 20000 --data-dir /tmp/bench-rounds
    .venv/bin/python benchmarks/rounds.py --database-url postgres://postgres@127.0.0.1:5432/bench_rounds

A quarter of the households are marked visited (statuses spread) before the pages are timed, so the GROUP BY
counts every status. Pages are timed through Django's test client (the whole request), after a warm-up.
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
from monitoring import generate, timed  # noqa: E402


def users(county: str) -> dict[str, object]:
    from django.db.models import Count

    from shoudi.accounts.models import User
    from shoudi.core.access import in_area
    from shoudi.registry.models import Household

    by_village = Household.objects.filter(in_area("village_id", county)).values("village_id").annotate(n=Count("id"))
    village = by_village.order_by("-n").first()["village_id"]
    made = {}
    for name, role, area in (
        ("bench_county", "county_officer", county),
        ("bench_township", "township_reviewer", village[:9]),
        ("bench_village", "village_contact", village),
    ):
        made[name], _ = User.objects.get_or_create(
            username=name, defaults={"role": role, "area_id": area, "full_name": name}
        )
    return made


def mark_visited(round_id: object, share: float, seed: int) -> int:
    """Spread statuses over ``share`` of the round's households (bulk UPDATEs by id)."""
    from shoudi.rounds.models import RoundHousehold

    rnd = random.Random(seed)
    ids = list(RoundHousehold.objects.filter(round_id=round_id).values_list("id", flat=True))
    picked = rnd.sample(ids, int(len(ids) * share))
    statuses = ["visited", "accounted", "accounted", "risk"]
    today = dt.date.today()
    for n, status in enumerate(statuses):
        chunk = picked[n::4]
        for start in range(0, len(chunk), 5000):
            RoundHousehold.objects.filter(id__in=chunk[start : start + 5000]).update(status=status, visited_on=today)
    return len(picked)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=60, help="每个页面计时的请求次数（≥50）")
    parser.add_argument("--database-url", help="缺省为临时目录中的新 SQLite 文件")
    parser.add_argument("--data-dir", help="SQLite 文件所在目录（再次运行时复用已生成的数据）")
    args = parser.parse_args()
    data_dir = django_env.setup(args.database_url, args.data_dir, prefix="shoudi-bench-rounds-")

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from shoudi.core.access import in_area
    from shoudi.registry.models import Household
    from shoudi.rounds.models import Round
    from shoudi.rounds.services import recount, round_close, round_open

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    t0 = time.perf_counter()
    made = generate(args.county, args.households, args.seed)
    generated = time.perf_counter() - t0
    households = Household.objects.filter(in_area("village_id", args.county)).count()
    people = users(args.county)
    county_user = people["bench_county"]
    print("== 集中排查基准 (benchmarks/rounds.py) ==")
    print(describe())
    where = f"({data_dir})" if connection.vendor == "sqlite" else ""
    print(f"Python {platform.python_version()} · 数据库 {connection.vendor} {where}")
    print(f"数据: 县 {args.county} {households:,} 户；准备 {generated:.1f} 秒（{made}）")

    Round.objects.filter(name__startswith="基准排查").delete()
    today = dt.date.today()
    t0 = time.perf_counter()
    round_ = round_open(
        by=county_user,
        name="基准排查",
        year=today.year,
        starts_on=today - dt.timedelta(days=20),
        ends_on=today + dt.timedelta(days=5),
        area_code=args.county,
        checklist={"check_income": True, "check_basic": True, "check_water": True, "check_risks": True},
    )
    opened = time.perf_counter() - t0
    print(f"开启排查（全县 {round_.household_count:,} 户列入名单，一条 INSERT … SELECT）: {opened:.2f} 秒")
    visited = mark_visited(round_.pk, 0.25, args.seed)
    recount(round_)  # the counters, as the visits would have moved them
    print(f"已标记走访 {visited:,} 户（已走访/已核算/发现风险）")

    village = people["bench_village"].area_id  # type: ignore[attr-defined]
    pages = [
        ("进度页", f"/rounds/{round_.pk}/", ("bench_county", "bench_township")),
        ("工作台", "/", ("bench_county", "bench_township", "bench_village")),
        ("村名单", f"/rounds/{round_.pk}/villages/{village}/", ("bench_village",)),
        ("进度接口", f"/api/v1/rounds/{round_.pk}/progress", ("bench_county",)),
    ]
    for label, url, who in pages:
        for username in who:
            user = people[username]
            client = Client()
            client.force_login(user)
            times = timed(client, url, args.runs)
            print(
                f"{label:<6} {username:<15}（区域 {user.area_id}）: p50 {statistics.median(times):6.1f} ms · "  # type: ignore[attr-defined]
                f"p95 {percentile(times, 0.95):6.1f} ms · {args.runs} 次"
            )
    t0 = time.perf_counter()
    round_close(by=county_user, round_=round_)
    print(f"结束排查（冻结 {round_.results.count():,} 个村的结果）: {time.perf_counter() - t0:.2f} 秒")
    client = Client()
    client.force_login(county_user)
    times = timed(client, f"/rounds/{round_.pk}/", args.runs)
    print(
        f"进度页（已结束，读冻结结果） bench_county: p50 {statistics.median(times):6.1f} ms · "
        f"p95 {percentile(times, 0.95):6.1f} ms · {args.runs} 次"
    )


if __name__ == "__main__":
    main()
