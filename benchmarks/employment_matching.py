"""Job matching on a 100,000-household county (issue 16): one opening against the county's labour force
(≤ 200 ms p95), openings for one person, and the batch recommendation of every unemployed person (≤ 30 s).

    .venv/bin/python benchmarks/employment_matching.py                         # PostgreSQL shoudi_bench_jobs
    .venv/bin/python benchmarks/employment_matching.py --households 20000 --openings 100
    .venv/bin/python benchmarks/employment_matching.py --database-url sqlite:////tmp/bench-jobs/db.sqlite3
    .venv/bin/python benchmarks/employment_matching.py --drop                  # remove the PostgreSQL database

The county comes from ``shoudi.synth.writer.write_county`` (kept between runs); this script adds what the
generator does not make — labour profiles for most working-age members (skills from a vocabulary of trades,
wishes, expected pay, some unwilling), open monitoring cases and low-income memberships for a few per cent of
the households, employers and a few hundred openings across the townships — written in bulk, once.

Timed: loading the county's labour pool (cold), matching one opening on the loaded pool (warm: ``matching.top``
and the page's whole selector ``selectors_jobs.candidates`` with its queries, and the API request through
Django's test client), cold matches (pool dropped before each), openings for one person, and the batch
(dry run, then written). Prints the machine and the data size with every figure."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe, percentile  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shoudi_bench_jobs"
COUNTY = "520628"
SKILLS = [
    "电焊",
    "焊工",
    "电工",
    "木工",
    "瓦工",
    "钢筋工",
    "架子工",
    "水电安装",
    "挖掘机",
    "叉车",
    "驾驶",
    "货车司机",
    "厨师",
    "面点",
    "餐饮服务",
    "保洁",
    "保安",
    "家政",
    "育婴",
    "养老护理",
    "护工",
    "缝纫",
    "苗绣",
    "刺绣",
    "裁剪",
    "电子装配",
    "流水线",
    "质检",
    "仓储",
    "快递分拣",
    "物流",
    "电商",
    "直播",
    "客服",
    "收银",
    "营业员",
    "美发",
    "美容",
    "采茶",
    "制茶",
    "种植",
    "养殖",
    "果树修剪",
    "农机操作",
    "食用菌",
    "中药材",
    "汽修",
    "钣金",
    "喷漆",
    "焊接",
    "数控",
    "车工",
    "钳工",
    "模具",
    "纺织",
    "制鞋",
    "印刷",
    "搬运",
]
KINDS = ["普工", "电焊工", "厨师", "保安", "缝纫工", "司机", "保洁员", "家政服务员", "电工", "采茶工", "装配工", "护工"]
PLACES = ["in_county", "in_county", "in_province", "out_province", "partner_city"]


def ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
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


def load_county(households: int) -> None:
    from shoudi.core.access import in_area
    from shoudi.registry.models import Household
    from shoudi.synth.writer import write_county

    have = Household.objects.filter(in_area("village_id", COUNTY)).count()
    if have >= households:
        print(f"县 {COUNTY}: 已有 {have:,} 户（沿用）")
        return
    started = time.perf_counter()
    write_county(COUNTY, households, 7, replace=bool(have))
    print(f"生成 {COUNTY}: {households:,} 户 {time.perf_counter() - started:.0f} s（不计入匹配用时）")


def add_labour(seed: int, openings: int) -> None:
    """Profiles, cases, memberships, employers and openings (once)."""
    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.employment import codes
    from shoudi.employment.models import Employer, LabourProfile, Opening
    from shoudi.lowincome.models import Membership
    from shoudi.monitoring import codes as mc
    from shoudi.monitoring.models import Case
    from shoudi.regions.models import Level, Region
    from shoudi.registry.models import Household, Person

    if LabourProfile.objects.filter(in_area("village_id", COUNTY)).exists():
        return
    started = time.perf_counter()
    rnd = random.Random(seed)
    today = dt.date.today()
    oldest, youngest = dt.date(today.year - 61, today.month, 1), dt.date(today.year - 16, 1, 1)
    people = Person.objects.filter(in_area("household__village_id", COUNTY), birth_date__range=(oldest, youngest))
    rows = list(people.exclude(labor__in=("lost", "none")).values_list("id", "household__village_id"))
    profiles = []
    for pid, village in rows:
        if rnd.random() > 0.7:
            continue
        profiles.append(
            LabourProfile(
                person_id=pid,
                village_id=village,
                skills="、".join(rnd.sample(SKILLS, rnd.choice((0, 1, 1, 2, 2, 3)))),
                certificates=rnd.choice(["", "", "", "焊工证", "电工证", "厨师证", "叉车证", "育婴师证"]),
                wish_kind=rnd.choice(["", "", *KINDS]),
                wish_place=rnd.choice(["", *PLACES]),
                wish_pay=Decimal(rnd.randrange(2000, 7000, 100)) if rnd.random() < 0.6 else None,
                available=rnd.random() < 0.93,
            )
        )
    LabourProfile.objects.bulk_create(profiles, batch_size=5000)
    homes = list(Household.objects.filter(in_area("village_id", COUNTY)).values_list("id", "village_id"))
    picked = rnd.sample(homes, len(homes) // 20)
    day = today - dt.timedelta(days=90)
    cases = [
        Case(
            household_id=h,
            village_id=v,
            status=mc.Status.MONITORED,
            is_open=True,
            status_on=day,
            category=mc.Category.MARGINAL,
            channel=mc.Channel.CADRE_VISIT,
            opened_on=day,
            deadline=day + dt.timedelta(days=15),
            period_start=day,
        )
        for h, v in picked[: len(picked) // 2]
    ]
    Case.objects.bulk_create(cases, batch_size=5000)
    members = [
        Membership(household_id=h, village_id=v, layer="dibao", started_on=day, monthly_amount=Decimal("400"))
        for h, v in picked[len(picked) // 2 :]
    ]
    Membership.objects.bulk_create(members, batch_size=5000)
    towns = list(Region.objects.filter(in_area("code", COUNTY), level=Level.TOWNSHIP).values_list("code", flat=True))
    employers = Employer.objects.bulk_create(
        Employer(name=f"基准用工单位{n:03d}", kind=rnd.choice(codes.EmployerKind.values), area_id=COUNTY)
        for n in range(max(10, openings // 4))
    )
    made = []
    for _n in range(openings):
        place = rnd.choice(PLACES)
        pay = rnd.randrange(2200, 6000, 100)
        made.append(
            Opening(
                employer=rnd.choice(employers),
                area_id=COUNTY,
                title=rnd.choice(KINDS),
                skills="、".join(rnd.sample(SKILLS, rnd.choice((0, 1, 2, 2, 3)))),
                place=place,
                workplace_id=rnd.choice(towns) if place == "in_county" else None,
                pay_min=Decimal(pay),
                pay_max=Decimal(pay + 800),
                headcount=rnd.randint(1, 30),
                age_max=rnd.choice([None, 45, 50, 55]),
                opens_on=today - dt.timedelta(days=rnd.randint(0, 60)),
            )
        )
    Opening.objects.bulk_create(made, batch_size=1000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
    print(
        f"加入: 劳动力信息 {len(profiles):,} 条、监测对象 {len(cases):,} 户、低保 {len(members):,} 户、"
        f"用工主体 {len(employers)} 个、岗位 {openings} 个（{time.perf_counter() - started:.0f} s，不计入）"
    )


def hr_clerk() -> Any:
    from shoudi.accounts.models import User
    from shoudi.accounts.roles import Department, Role

    user, _ = User.objects.update_or_create(
        username="bench_hr_clerk",
        defaults={"role": Role.DEPT_CLERK, "area_id": COUNTY, "department": Department.HUMAN_RESOURCES,
                  "full_name": "基准县人社局"},
    )  # fmt: skip
    return user


def stats(label: str, values: list[float], unit: str = "ms") -> None:
    p50, p95 = statistics.median(values), percentile(values, 0.95)
    print(
        f"  {label:<34} n={len(values):<4} p50 {p50:8.1f} {unit}  p95 {p95:8.1f} {unit}  最大 {max(values):8.1f} {unit}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("SHOUDI_BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--openings", type=int, default=300)
    parser.add_argument("--samples", type=int, default=120, help="计时的岗位数（≥100）")
    parser.add_argument("--data-dir", default="/tmp/shoudi-bench-jobs")
    parser.add_argument("--drop", action="store_true")
    args = parser.parse_args()
    if args.drop:
        drop_database(args.database_url)
        print("已删除基准数据库")
        return
    print(describe())
    ensure_database(args.database_url)
    os.environ["SHOUDI_ALLOWED_HOSTS"] = "testserver"
    Path(args.data_dir).mkdir(parents=True, exist_ok=True)
    django_env.setup(args.database_url, args.data_dir, prefix="bench-jobs-")
    from django.db import connection

    print(f"数据库: {connection.vendor} {connection.settings_dict.get('NAME')}")
    load_county(args.households)
    add_labour(7, args.openings)
    run(args)


def run(args: Any) -> None:
    from django.test import Client

    from shoudi.core.access import in_area
    from shoudi.employment import matching, selectors_jobs
    from shoudi.employment.jobs_recommendations import batch_recommend
    from shoudi.employment.matching_pool import forget, pool_for
    from shoudi.employment.models import LabourProfile, Opening, Recommendation
    from shoudi.registry.models import Household, Person

    user = hr_clerk()
    openings = list(Opening.objects.filter(in_area("area_id", COUNTY)).select_related("employer")[: args.samples])
    forget()
    started = time.perf_counter()
    pool = pool_for(COUNTY)
    load_s = time.perf_counter() - started
    unemployed = int((~pool.at_work & (pool.willing != -1)).sum())
    print(
        f"数据: {Household.objects.filter(in_area('village_id', COUNTY)).count():,} 户 · "
        f"{Person.objects.filter(in_area('household__village_id', COUNTY)).count():,} 人 · 劳动力池 {pool.size:,} 人"
        f"（未就业且有意愿 {unemployed:,}）· 劳动力信息 {LabourProfile.objects.count():,} · "
        f"技能词 {len(pool.skills)} · 在招岗位 {len(selectors_jobs.open_openings_of(COUNTY, dt.date.today()))}"
    )
    print(f"\n载入全县劳动力池（冷）: {load_s * 1000:.0f} ms")

    print("\n一个岗位匹配全县劳动力（取前30名）:")
    warm_top, warm_page, warm_api, cold = [], [], [], []
    for o in openings:
        feat = matching.Features.of(o)
        t = time.perf_counter()
        matching.top(pool, feat, 30)
        warm_top.append((time.perf_counter() - t) * 1000)
    for o in openings:
        t = time.perf_counter()
        selectors_jobs.candidates(user, o, 30)
        warm_page.append((time.perf_counter() - t) * 1000)
    client = Client()
    client.force_login(user)
    for o in openings:
        t = time.perf_counter()
        response = client.get(f"/api/v1/employment/openings/{o.pk}/candidates", {"limit": 30})
        warm_api.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200, response.content[:200]
    for o in openings[:5]:
        forget()
        t = time.perf_counter()
        selectors_jobs.candidates(user, o, 30)
        cold.append((time.perf_counter() - t) * 1000)
    stats("热：matching.top（纯计算）", warm_top)
    stats("热：candidates（含查询）", warm_page)
    stats("热：API 请求（整个请求）", warm_api)
    stats("冷：candidates（先载入劳动力池）", cold)

    print("\n为一名劳动力推荐岗位（全部在招岗位打分）:")
    rnd = random.Random(3)
    sample = [pool.person_id(i) for i in rnd.sample(range(pool.size), min(100, pool.size))]
    persons = {p.pk: p for p in Person.objects.filter(pk__in=sample).select_related("household")}
    per_person = []
    for pid in sample:
        t = time.perf_counter()
        selectors_jobs.openings_for_person(user, persons[pid], 20)
        per_person.append((time.perf_counter() - t) * 1000)
    stats("热：openings_for_person", per_person)

    print("\n批量推荐（每人前3个岗位，得分≥40）:")
    Recommendation.objects.filter(opening__area_id=COUNTY).delete()
    forget()
    dry = batch_recommend(by=user, county=COUNTY, write=False)
    print(
        f"  试算（含载入劳动力池）: {dry.seconds:.1f} s · 未就业 {dry.targets:,} 人 × 岗位 {dry.openings} → {dry.pairs:,} 对"
    )
    dry = batch_recommend(by=user, county=COUNTY, write=False)
    print(f"  试算（劳动力池已载入）: {dry.seconds:.1f} s")
    wrote = batch_recommend(by=user, county=COUNTY, write=True)
    print(f"  写入推荐记录: {wrote.seconds:.1f} s · 写入 {wrote.written:,} 条")
    again = batch_recommend(by=user, county=COUNTY, write=True)
    print(f"  再次运行（已推荐的跳过）: {again.seconds:.1f} s · 写入 {again.written:,} 条")
    Recommendation.objects.filter(opening__area_id=COUNTY).delete()


if __name__ == "__main__":
    main()
