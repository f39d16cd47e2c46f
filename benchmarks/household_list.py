"""Household list and search latency on a city-sized base database (issue 2).

Loads the synthetic generator's households into the ten counties of 铜仁市 (5206) — by default 1,000,000
households, about 3.5 million people and their 12 months of income and spending — then times 200 list and
search requests through Django's test client (the whole page: middleware, session, queries, template) and
200 through the API, as the users who make them: a city-level county officer (市乡村振兴局, the whole 1M),
a county officer, a township reviewer and a village contact.

    .venv/bin/python benchmarks/household_list.py                      # PostgreSQL database shoudi_bench_list
    .venv/bin/python benchmarks/household_list.py --households 100000 --database-url postgres://…/other
    .venv/bin/python benchmarks/household_list.py --drop               # remove the benchmark database

The data stay in the database between runs (generation of 1M households takes a while); a second run only
times. Prints the data size and the machine with every figure.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from machine import describe, percentile  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shoudi_bench_list"
CITY = "5206"  # 铜仁市
COUNTIES = ["520602", "520603", "520621", "520622", "520623", "520624", "520625", "520626", "520627", "520628"]
TARGET_P95_MS = 150


def ensure_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup(url: str) -> None:
    os.environ.setdefault("SHOUDI_DEBUG", "1")
    os.environ.setdefault("SHOUDI_DB_STATEMENT_TIMEOUT", "0")  # batch work: no web statement timeout
    os.environ.setdefault("SHOUDI_DATA_DIR", "/tmp/shoudi-bench-list")
    os.environ["SHOUDI_ALLOWED_HOSTS"] = "testserver"  # Django's test client
    os.environ["SHOUDI_DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(households: int) -> None:
    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.regions import loader
    from shoudi.regions.models import Region
    from shoudi.registry.models import Household
    from shoudi.synth.writer import write_county

    if not Region.objects.filter(code=COUNTIES[-1]).exists():
        started = time.perf_counter()
        loader.load(["52"])
        print(f"区划: 贵州省载入 {time.perf_counter() - started:.1f} s")
    per_county = households // len(COUNTIES)
    for seed, county in enumerate(COUNTIES, start=1):
        have = Household.objects.filter(in_area("village_id", county)).count()
        if have >= per_county:
            continue
        started = time.perf_counter()
        summary = write_county(county, per_county, seed, replace=bool(have))
        print(f"生成 {county}: {per_county:,} 户 {time.perf_counter() - started:.0f} s  {summary}".splitlines()[0])
    with connection.cursor() as cur:  # what autovacuum does on a live database: statistics, visibility map
        cur.execute("VACUUM ANALYZE")


def users() -> dict[str, Any]:
    """One user per level, as the services would create them (no superuser)."""
    from shoudi.accounts.models import User
    from shoudi.accounts.roles import Role
    from shoudi.regions.models import Level, Region

    county = COUNTIES[-1]
    township = Region.objects.filter(parent_id=county, level=Level.TOWNSHIP).order_by("code").first()
    assert township is not None
    village = Region.objects.filter(parent_id=township.code, level=Level.VILLAGE).order_by("code").first()
    assert village is not None
    wanted = {
        "市级": (Role.COUNTY_OFFICER, CITY),
        "县级": (Role.COUNTY_OFFICER, county),
        "乡镇": (Role.TOWNSHIP_REVIEWER, township.code),
        "村级": (Role.VILLAGE_CONTACT, village.code),
    }
    result = {}
    for label, (role, area) in wanted.items():
        user, _ = User.objects.update_or_create(
            username=f"bench_list_{area}", defaults={"role": role, "area_id": area, "full_name": f"基准{label}"}
        )
        result[label] = user
    return result


def request_plan(people: dict[str, Any], n: int, seed: int) -> list[tuple[str, Any, dict[str, str]]]:
    """``n`` list/search requests in the mix a county sees: plain pages, deep pages, filters, searches."""
    from shoudi.core.access import in_area
    from shoudi.regions.models import Level, Region
    from shoudi.registry.models import Person

    rnd = random.Random(seed)
    county = COUNTIES[-1]
    townships = list(Region.objects.filter(parent_id=county, level=Level.TOWNSHIP).values_list("code", flat=True))
    villages = list(
        Region.objects.filter(in_area("code", county), level=Level.VILLAGE).values_list("code", "parent_id")
    )
    sample = list(
        Person.objects.filter(in_area("household__village_id", county))
        .order_by("id_number")
        .values_list("name", "id_number", "household__number")[:50_000:250]
    )
    plan: list[tuple[str, Any, dict[str, str]]] = []
    kinds: list[tuple[str, Callable[[], tuple[Any, dict[str, str]]]]] = [
        ("市级首页", lambda: (people["市级"], {})),
        ("市级第200页", lambda: (people["市级"], {"page": "200"})),
        ("县级首页", lambda: (people["县级"], {})),
        ("县级按乡镇", lambda: (people["县级"], {"township": rnd.choice(townships)})),
        ("县级按村+类型", lambda: (people["县级"], {"village": rnd.choice(villages)[0], "status": "former_poor"})),
        ("县级姓名", lambda: (people["县级"], {"q": rnd.choice(sample)[0]})),
        ("县级身份证号", lambda: (people["县级"], {"q": rnd.choice(sample)[1]})),
        ("县级户编号", lambda: (people["县级"], {"q": rnd.choice(sample)[2]})),
        ("市级姓名", lambda: (people["市级"], {"q": rnd.choice(sample)[0]})),
        ("乡镇首页", lambda: (people["乡镇"], {})),
        ("村级首页", lambda: (people["村级"], {})),
    ]
    for i in range(n):
        label, make = kinds[i % len(kinds)]
        user, params = make()
        plan.append((label, user, params))
    return plan


def time_requests(plan: list[tuple[str, Any, dict[str, str]]], *, api: bool) -> dict[str, list[float]]:
    from django.test import Client

    clients: dict[int, Client] = {}
    timings: dict[str, list[float]] = {}
    for label, user, params in plan:
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        if api:
            url = "/api/v1/households/"
            query = dict(params)
            if "page" in query:
                query["offset"] = str((int(query.pop("page")) - 1) * 50)
        else:
            url, query = "/households/", params
        started = time.perf_counter()
        response = client.get(url, query)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} {query} → {response.status_code}: {response.content[:300]!r}")
        timings.setdefault(label, []).append(elapsed)
    return timings


def report(name: str, timings: dict[str, list[float]]) -> float:
    every = [t for values in timings.values() for t in values]
    p50, p95 = statistics.median(every), percentile(every, 0.95)
    print(f"\n{name}: {len(every)} 次请求  p50 {p50:.1f} ms  p95 {p95:.1f} ms  最大 {max(every):.1f} ms")
    for label, values in timings.items():
        print(f"  {label:<12} n={len(values):<3} p50 {statistics.median(values):7.1f} ms  最大 {max(values):7.1f} ms")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("SHOUDI_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--households", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=200, help="每种入口（页面、API）的请求数")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--load-only", action="store_true", help="只生成数据，不计时")
    parser.add_argument("--drop", action="store_true", help="删除基准数据库后退出")
    args = parser.parse_args()
    if args.drop:
        drop_database(args.database_url)
        return
    if not args.database_url.startswith("postgres"):
        raise SystemExit("本基准针对 PostgreSQL：--database-url postgres://…")
    ensure_database(args.database_url)
    setup(args.database_url)
    load(args.households)
    if args.load_only:
        return

    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.registry.models import Household, Person

    households = Household.objects.filter(in_area("village_id", CITY)).count()
    persons = Person.objects.filter(in_area("household__village_id", CITY)).count()
    version = connection.cursor().connection.info.server_version
    print(
        f"{describe()}\n数据: PostgreSQL {version // 10000}.{version % 10000} · {households:,} 户 · {persons:,} 人 (铜仁市 10 个县)"
    )
    people = users()
    plan = request_plan(people, args.requests, args.seed)
    time_requests(plan[:22], api=False)  # warm-up: connections, template loading, the database's caches
    time_requests(plan[:22], api=True)
    page_p95 = report("页面 /households/", time_requests(plan, api=False))
    api_p95 = report("API /api/v1/households/", time_requests(plan, api=True))
    verdict = "达到" if max(page_p95, api_p95) <= TARGET_P95_MS else "未达到"
    print(f"\n目标 p95 ≤ {TARGET_P95_MS} ms：{verdict}（页面 {page_p95:.1f} ms，API {api_p95:.1f} ms）")


if __name__ == "__main__":
    main()
