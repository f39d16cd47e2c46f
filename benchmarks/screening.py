"""Screening figures (issue 6). Every figure is printed with its data size and the machine.

    # Province scale: `shoudi synth province` Parquet + generated feed Parquet, all rules on DuckDB,
    # leads written (to Parquet: the province's households are not in a database). Target ≤120 s, ≤8 GiB.
    .venv/bin/python benchmarks/screening.py province --persons 10000000 --feed-rows 5000000 --out /tmp/bench-prov

    # County scale: a synthetic county in the database (SQLite, or PostgreSQL with --database-url), feeds in
    # the FeedRecord table; DuckDB (snapshot), PostgreSQL (in the database) and Spark side by side, plus a
    # naive ORM baseline (queries per household, timed on a sample and scaled) and the ratio. Each engine
    # runs --runs times (default 2): the first pays for loading its modules (and starting Spark), the ratio
    # uses the last, as a worker that has screened before runs it. --data-dir keeps the county for re-runs.
    .venv/bin/python benchmarks/screening.py county --households 100000 --engines duckdb,spark
    .venv/bin/python benchmarks/screening.py county --households 100000 --engines duckdb,postgres,spark \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_screening

    # Splink: 1,000,000 persons against 600,000 feed rows, 2% of them with a mistyped ID (one wrong character
    # anywhere in the 18, or two neighbours swapped; a quarter also with one wrong character in the name):
    # time, precision and recall against the generator's truth, and recall by kind of slip.
    .venv/bin/python benchmarks/screening.py splink --persons 1000000 --feed-rows 600000 --mistyped 0.02 \\
        --out /tmp/bench-splink

Feed rows come from one DuckDB query over the persons (hash-based, so the same persons give the same rows):
every source of the issue, with values around each rule's boundary.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402

AS_OF = dt.date(2024, 6, 30)
# source: (share of the feed rows, SQL for category, SQL for status, SQL for amount, SQL for amount_oop)
# ``h`` is a second hash of the person (0..999999) that decides the values.
SOURCES: dict[str, tuple[float, str, str, str, str]] = {
    "medical_claims": (
        0.40,
        "'住院'",
        "''",
        "(h % 30000)::DECIMAL(14,2)",
        "(CASE WHEN h % 50 = 0 THEN 6000 + h % 20000 ELSE h % 3000 END)::DECIMAL(14,2)",
    ),
    "medical_enrolment": (0.14, "''", "CASE WHEN h % 40 = 0 THEN '未参保' ELSE '已参保' END", "NULL", "NULL"),
    "civil_assistance": (
        0.07,
        "CASE WHEN h % 3 = 0 THEN '特困' ELSE '低保' END",
        "CASE WHEN h % 4 = 0 THEN '停止' WHEN h % 4 = 1 THEN '新增' ELSE '在保' END",
        "(h % 600)::DECIMAL(14,2)",
        "NULL",
    ),
    "school": (0.06, "'初中'", "CASE WHEN h % 30 = 0 THEN '辍学' ELSE '在校' END", "NULL", "NULL"),
    "housing": (0.05, "''", "CASE h % 8 WHEN 0 THEN 'C' WHEN 1 THEN 'D' WHEN 2 THEN 'B' ELSE 'A' END", "NULL", "NULL"),
    "disability": (0.03, "'肢体'", "((h % 4) + 1)::VARCHAR", "NULL", "NULL"),
    "disaster": (
        0.03,
        "CASE WHEN h % 2 = 0 THEN '洪涝' ELSE '滑坡' END",
        "CASE WHEN h % 20 = 0 THEN '是' ELSE '否' END",
        "(h % 20000)::DECIMAL(14,2)",
        "NULL",
    ),
    "household_register": (
        0.03,
        "CASE h % 4 WHEN 0 THEN '死亡' WHEN 1 THEN '出生' WHEN 2 THEN '迁入' ELSE '迁出' END",
        "''",
        "NULL",
        "NULL",
    ),
    "employment": (0.07, "CASE h % 3 WHEN 0 THEN '失业登记' WHEN 1 THEN '返乡' ELSE '就业' END", "''", "NULL", "NULL"),
    "vehicles": (
        0.04,
        "CASE h % 3 WHEN 0 THEN '小型轿车' WHEN 1 THEN '大中型货车' ELSE '工程机械' END",
        "''",
        "NULL",
        "NULL",
    ),
    "market": (0.02, "'个体工商户'", "''", "NULL", "NULL"),
    "real_estate": (0.02, "CASE WHEN h % 2 = 0 THEN '商业' ELSE '住宅' END", "''", "NULL", "NULL"),
    "payroll": (0.02, "''", "''", "NULL", "NULL"),
    "water": (0.02, "''", "CASE WHEN h % 10 = 0 THEN '否' ELSE '是' END", "NULL", "NULL"),
}


def load() -> str:
    """The 1-minute load average now (other work on the machine skews a figure)."""
    return f"负载 {os.getloadavg()[0]:.2f}"


def rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def feed_sql(persons: str, total_rows: int, person_count: int, as_of: dt.date = AS_OF) -> str:
    """One query: canonical feed rows for ``persons`` (a relation with id_number, household_number,
    village_code, name, is_head), about ``total_rows`` of them, spread over the sources by SOURCES."""
    parts = []
    for n, (source, (share, category, status, amount, oop)) in enumerate(SOURCES.items()):
        heads_only = source in ("housing", "disaster", "water")
        pool = person_count / (3.3 if heads_only else 1)
        ppm = min(1_000_000, int(share * total_rows / max(pool, 1) * 1_000_000))
        where = f"(hash(id_number || '{source}') % 1000000) < {ppm}" + (" AND is_head" if heads_only else "")
        parts.append(
            f"""SELECT '{source}' AS source, id_number, name, household_number, village_code,
                DATE '{as_of.isoformat()}' - CAST(hash(id_number || 'd{n}') % 330 AS INTEGER) AS on_date,
                {as_of.year}::INTEGER AS year,
                {category} AS category, {status} AS status,
                {amount} AS amount, {oop} AS amount_oop
            FROM (SELECT *, CAST(hash(id_number || 'v{n}') % 1000000 AS BIGINT) AS h FROM {persons}) p
            WHERE {where}"""
        )
    union = "\nUNION ALL\n".join(parts)
    return f"SELECT row_number() OVER () AS record_id, * FROM ({union})"


# ---- province scale --------------------------------------------------------------------------------------


def setup_django(database_url: str | None = None, data_dir: str | None = None, migrate: bool = False) -> str:
    return django_env.setup(database_url, data_dir, prefix="shoudi-bench-screen-", migrate=migrate)


def builtin_parameters() -> Any:
    from shoudi.policy.params import ParameterSet
    from shoudi.policy.services import builtin_document
    from shoudi.policy.values import ParameterTable, parse_entries

    return ParameterSet(ParameterTable(parse_entries(builtin_document())))


def province(args: argparse.Namespace) -> None:
    setup_django()
    import duckdb
    import ibis
    import pyarrow as pa
    import pyarrow.parquet as pq

    from shoudi.screening import engines
    from shoudi.screening import params as sparams
    from shoudi.screening.rules import RULES_BY_ID
    from shoudi.screening.services import describe as describe_hit

    out = Path(args.out)
    print(describe())
    if not (out / "persons").exists():
        started = time.perf_counter()
        from django.core.management import call_command

        call_command(
            "synth", "province", "--persons", str(args.persons), "--out", str(out), "--province", args.province
        )
        print(f"生成省级模拟数据: {time.perf_counter() - started:.1f} 秒（不计入筛查用时）")
    prepared = out / "screening"
    prepared.mkdir(exist_ok=True)
    con = duckdb.connect()
    persons_glob, households_glob = f"{out}/persons/*.parquet", f"{out}/households/*.parquet"
    n_persons = con.execute(f"SELECT count(*) FROM read_parquet('{persons_glob}')").fetchone()[0]  # type: ignore[index]
    if not (prepared / "feeds.parquet").exists():
        started = time.perf_counter()
        con.execute(
            f"""CREATE VIEW p AS SELECT pe.id_number, pe.name, pe.household_number, h.village_code,
                 pe.relationship = 'head' AS is_head
               FROM read_parquet('{persons_glob}') pe JOIN read_parquet('{households_glob}') h USING (household_number)"""
        )
        sql = feed_sql("p", args.feed_rows, n_persons)
        con.execute(
            f"""COPY (SELECT record_id, source, id_number AS person_id, household_number AS household_id,
                   CASE WHEN source = 'water' AND record_id % 5 = 0 THEN village_code ELSE '' END AS village_code,
                   on_date, year, category, status, amount, amount_oop FROM ({sql}))
               TO '{prepared}/feeds.parquet' (FORMAT PARQUET)"""
        )
        con.execute(
            f"""COPY (SELECT household_number AS household_id FROM read_parquet('{households_glob}')
                 WHERE hash(household_number || 'case') % 100 < 3) TO '{prepared}/cases.parquet' (FORMAT PARQUET)"""
        )
        print(f"生成部门数据: {time.perf_counter() - started:.1f} 秒（不计入筛查用时）")
    n_feeds = con.execute(f"SELECT count(*) FROM '{prepared}/feeds.parquet'").fetchone()[0]  # type: ignore[index]
    n_households = con.execute(f"SELECT count(*) FROM read_parquet('{households_glob}')").fetchone()[0]  # type: ignore[index]
    con.close()

    started = time.perf_counter()
    db = ibis.duckdb.connect(threads=os.cpu_count() or 2)
    db.raw_sql(f"SET memory_limit = '{args.memory}'")
    h = db.read_parquet(households_glob)
    households = h.select(
        household_id=h.household_number, number=h.household_number, village_code=h.village_code, status=h.status
    )
    p = db.read_parquet(persons_glob)
    persons = p.select(
        person_id=p.id_number,
        household_id=p.household_number,
        labor=p.labor,
        work_income=p.work_income,
        birth_date=p.birth_date,
    )
    feeds = db.read_parquet(str(prepared / "feeds.parquet"))
    feeds = feeds.mutate(household_id=ibis.ifelse(feeds.village_code == "", feeds.household_id, ibis.null("string")))
    cases = db.read_parquet(str(prepared / "cases.parquet"))
    counties = sorted(
        {
            row["c"]
            for row in households.select(c=households.village_code.substr(0, 6)).distinct().to_pyarrow().to_pylist()
        }
    )
    county_params = sparams.resolve(counties, AS_OF, builtin_parameters())
    tables = engines._finish(households, persons, feeds, cases, ibis.memtable(sparams.as_arrow(county_params)))
    evidence, updates = engines.evaluate(db, tables, AS_OF)
    t_rules = time.perf_counter() - started
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in evidence.to_pylist():
        groups[(row["household_id"], row["rule"])].append(row)
    leads = {"household_number": [], "rule": [], "risk_code": [], "evidence": [], "first_seen": []}
    for (hid, rule), rows in groups.items():
        parts = describe_hit(rule, rows, {}, county_params.get(hid[:6]), AS_OF)
        leads["household_number"].append(hid)
        leads["rule"].append(rule)
        leads["risk_code"].append(RULES_BY_ID[rule].risk_code)
        leads["evidence"].append("\n".join(t for _, t in parts))
        leads["first_seen"].append(AS_OF)
    pq.write_table(pa.table(leads), prepared / "leads.parquet")
    total = time.perf_counter() - started
    by_rule: dict[str, int] = defaultdict(int)
    for _, rule in groups:
        by_rule[rule] += 1
    print(
        f"省级筛查（DuckDB）: {n_persons:,} 人 · {n_households:,} 户 · {n_feeds:,} 条部门数据 → "
        f"{evidence.num_rows:,} 条证据行、{len(groups):,} 条线索、{updates.num_rows:,} 个户籍更新任务"
    )
    print(f"  规则计算 {t_rules:.1f} 秒；含证据文字和写出线索共 {total:.1f} 秒；峰值内存 {rss_gib():.2f} GiB")
    print("  按规则: " + "，".join(f"{k} {v:,}" for k, v in sorted(by_rule.items())))


# ---- county scale ----------------------------------------------------------------------------------------


def county_feeds(county: str, feed_rows: int) -> int:
    """FeedRecords of ``county`` from the generator: one applied batch per source (bulk, in the DB)."""
    import duckdb
    import pyarrow as pa

    from shoudi.core.access import in_area
    from shoudi.feeds.models import FeedBatch, FeedRecord
    from shoudi.registry.models import Person

    existing = FeedRecord.objects.filter(batch__area_id=county).count()
    if existing:
        return existing
    rows = list(
        Person.objects.filter(in_area("household__village_id", county)).values_list(
            "id", "id_number", "name", "household_id", "household__village_id", "relationship"
        )
    )
    persons = pa.table(
        {
            "pid": [str(r[0]) for r in rows],
            "id_number": [r[1] for r in rows],
            "name": [r[2] for r in rows],
            "household_number": [str(r[3]) for r in rows],
            "village_code": [r[4] for r in rows],
            "is_head": [r[5] == "head" for r in rows],
        }
    )
    con = duckdb.connect()
    con.register("persons_arrow", persons)
    feeds = con.sql(
        f"SELECT f.*, p.pid FROM ({feed_sql('persons_arrow', feed_rows, len(rows))}) f JOIN persons_arrow p USING (id_number)"
    ).to_arrow_table()
    batches = {}
    for source in SOURCES:
        batches[source] = FeedBatch.objects.create(
            source=source,
            area_id=county,
            status=FeedBatch.Status.APPLIED,
            file="bench.csv",
            file_hash=f"bench-{source}",
        )
    records = []
    for i, r in enumerate(feeds.to_pylist()):
        records.append(
            FeedRecord(
                batch=batches[r["source"]],
                source=r["source"],
                row=i + 2,
                id_number=r["id_number"],
                name=r["name"],
                on=r["on_date"],
                year=r["year"],
                category=r["category"] or "",
                status=r["status"] or "",
                amount=r["amount"],
                amount_oop=r["amount_oop"],
                person_id=r["pid"],
                household_id=r["household_number"],
                match="exact",
            )
        )
        if len(records) >= 20000:
            FeedRecord.objects.bulk_create(records)
            records = []
    FeedRecord.objects.bulk_create(records)
    return feeds.num_rows


def county_cases(county: str, share: float = 0.03) -> int:
    from shoudi.core.access import in_area
    from shoudi.monitoring import codes
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household

    if Case.objects.filter(in_area("village_id", county)).exists():
        return Case.objects.filter(in_area("village_id", county), is_open=True).count()
    rows = Household.objects.filter(in_area("village_id", county)).values_list("id", "village_id")
    cases = [
        Case(
            household_id=hid,
            village_id=village,
            status=codes.Status.MONITORED,
            status_on=AS_OF,
            channel=codes.Channel.CADRE_VISIT,
            opened_on=dt.date(2024, 1, 1),
            deadline=dt.date(2024, 1, 16),
        )
        for n, (hid, village) in enumerate(rows)
        if n % int(1 / share) == 0
    ]
    Case.objects.bulk_create(cases, batch_size=5000)
    return len(cases)


def naive_household(household: Any, as_of: dt.date, params: Any) -> set[str]:
    """The rules in plain Python over one household's rows, fetched with ORM queries (the baseline)."""
    from shoudi.feeds.models import FeedRecord
    from shoudi.monitoring.models import Case

    members = list(household.members.all())
    records = list(FeedRecord.objects.filter(household=household))
    monitored = Case.objects.filter(household=household, is_open=True).exists()
    poor = household.status in ("former_poor", "former_poor_no_policy")
    start = as_of.replace(year=as_of.year - 1)
    recent = [r for r in records if r.on and start < r.on <= as_of]
    able = [m for m in members if m.labor not in ("lost", "none")]
    earners = [m for m in members if m.work_income and m.work_income > 0]
    by_id = {m.pk: m for m in members}
    found = set()
    oop: dict[Any, Decimal] = defaultdict(Decimal)
    for r in recent:
        if r.source == "medical_claims" and r.amount_oop is not None:
            oop[r.person_id] += r.amount_oop
    threshold = params.oop_threshold_former_poor if (poor or monitored) else params.oop_threshold_others
    if any(v > threshold for v in oop.values()):
        found.add("medical_oop")
    for r in records:
        if r.source == "medical_enrolment" and r.year == as_of.year and r.status == "未参保" and (poor or monitored):
            found.add("uninsured")
    for r in recent:
        person = by_id.get(r.person_id)
        if (
            r.source == "civil_assistance"
            and r.category in ("低保", "特困")
            and r.status == "新增"
            and poor
            and not monitored
        ):
            found.add("dibao_new")
        if r.source == "civil_assistance" and r.category == "低保" and r.status == "停止":
            found.add("dibao_stopped")
        if r.source == "school" and r.status == "辍学" and person is not None:
            b = person.birth_date
            age = r.on.year - b.year - ((r.on.month, r.on.day) < (b.month, b.day))
            if 6 <= age <= 15:
                found.add("school_dropout")
        if r.source == "disability" and r.status in ("1", "2"):
            found.add("disability")
        if r.source == "disaster" and (
            r.status == "是" or (r.amount is not None and r.amount >= params.disaster_threshold)
        ):
            found.add("disaster")
        if r.source == "household_register" and r.category == "死亡" and person in able and len(able) == 1:
            found.add("labour_death")
        if r.source == "employment" and r.category in ("失业登记", "返乡") and person in earners and len(earners) == 1:
            found.add("job_loss")
    latest: dict[str, Any] = {}
    for r in sorted((r for r in records if r.on and r.on <= as_of), key=lambda r: r.on):
        latest[r.source] = r
    if "housing" in latest and latest["housing"].status in ("C", "D"):
        found.add("housing_unsafe")
    if "water" in latest and latest["water"].status == "否":
        found.add("water_unsafe")
    if monitored and any(
        (r.source == "vehicles")
        or r.source in ("market", "payroll")
        or (r.source == "real_estate" and r.category == "商业")
        for r in records
        if r.on and r.on <= as_of
    ):
        found.add("suspected_ineligible")
    return found


def county(args: argparse.Namespace) -> None:
    setup_django(args.database_url, args.data_dir, migrate=True)
    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.monitoring.policy_bridge import load_builtin_params
    from shoudi.registry.models import Household
    from shoudi.screening import params as sparams
    from shoudi.screening.models import ScreeningRun
    from shoudi.screening.services import compute, run_execute

    print(describe())
    print(f"数据库: {connection.vendor}")
    code = args.county
    load_builtin_params()
    if not Household.objects.filter(in_area("village_id", code)).exists():
        from shoudi.synth.writer import write_county

        started = time.perf_counter()
        write_county(code, args.households, args.seed, as_of=AS_OF)
        print(f"生成县级模拟数据: {time.perf_counter() - started:.1f} 秒")
    started = time.perf_counter()
    n_feeds = county_feeds(code, args.feed_rows or args.households * 2)
    n_cases = county_cases(code)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics after the bulk load (autovacuum would do it later)
    print(f"部门数据和监测对象就绪: {time.perf_counter() - started:.1f} 秒")
    n_households = Household.objects.filter(in_area("village_id", code)).count()
    print(f"数据: {n_households:,} 户 · {n_feeds:,} 条部门数据 · {n_cases:,} 个在办监测对象")
    # Each engine twice: the first run of the process pays for loading the engine's modules (and starting
    # Spark); the second is what a worker that has run a screening before takes. The ratio uses the second.
    timings: dict[str, float] = {}
    for engine in args.engines.split(","):
        runs = []
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp:
                started = time.perf_counter()
                evidence, _, _ = compute(code, AS_OF, engine, Path(tmp))
                runs.append(time.perf_counter() - started)
        timings[engine] = runs[-1]
        shown = "，".join(f"第 {n} 次 {t:.2f} 秒" for n, t in enumerate(runs, 1))
        print(f"  {engine}: 快照+全部规则 {shown}，{evidence.num_rows:,} 条证据行（{load()}）")
    started = time.perf_counter()
    run = run_execute(ScreeningRun.objects.create(area_id=code, as_of=AS_OF, engine="duckdb"))
    print(
        f"  完整筛查（DuckDB，含写线索）: {time.perf_counter() - started:.2f} 秒，新建线索 {run.leads_created:,}，"
        f"命中 {sum(run.counts_by_rule.values()):,}（户·规则）"
    )
    params = sparams.resolve([code], AS_OF)[code]
    sample = list(Household.objects.filter(in_area("village_id", code)).order_by("number")[: args.baseline_sample])
    started = time.perf_counter()
    for household in sample:
        naive_household(household, AS_OF, params)
    per = (time.perf_counter() - started) / max(len(sample), 1)
    baseline = per * n_households
    print(
        f"  朴素 ORM 基线（每户 3 次查询，Python 规则）: 抽样 {len(sample):,} 户 {per * 1000:.2f} 毫秒/户，"
        f"推算全县 {baseline:.1f} 秒（{load()}）"
    )
    for engine, seconds in timings.items():
        print(f"  倍数: {engine} 比基线快 {baseline / seconds:.1f} 倍（第 {args.runs} 次运行 {seconds:.2f} 秒）")
    print(f"  峰值内存 {rss_gib():.2f} GiB")


# ---- Splink ---------------------------------------------------------------------------------------------


ID_PARTS = ((0, 6, "地区码"), (6, 14, "出生日期"), (14, 17, "顺序码"), (17, 18, "校验码"))


def mistype(id_number: str, rng: random.Random) -> tuple[str, str]:
    """One keying slip anywhere in the 18 characters, as a clerk makes it: a wrong digit (four in five; the
    check character may become X) or two neighbouring characters swapped. Returns (typed, kind)."""
    chars = list(id_number)
    if rng.random() < 0.2:
        swappable = [i for i in range(17) if chars[i] != chars[i + 1]]
        i = rng.choice(swappable)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
        return "".join(chars), "相邻两位颠倒"
    i = rng.randrange(18)
    options = "0123456789X" if i == 17 else "0123456789"
    chars[i] = rng.choice([c for c in options if c != chars[i]])
    part = next(label for lo, hi, label in ID_PARTS if lo <= i < hi)
    return "".join(chars), f"{part}错一位"


def name_variant(name: str, rng: random.Random, chars: list[str]) -> str:
    """One character of the given name replaced (a wrong homophone from the input method, or a
    simplified/variant form): the surname stays."""
    if len(name) < 2:
        return name
    i = rng.randrange(1, len(name))
    return name[:i] + rng.choice([c for c in chars if c != name[i]]) + name[i + 1 :]


def splink(args: argparse.Namespace) -> None:
    setup_django()
    import duckdb

    from shoudi.screening.linkage import link, person_table, record_table
    from shoudi.synth.names import name_pools

    print(describe())
    out = Path(args.out)
    if not (out / "persons").exists():
        from django.core.management import call_command

        call_command(
            "synth", "province", "--persons", str(args.persons), "--out", str(out), "--province", args.province
        )
    con = duckdb.connect()
    persons = con.execute(
        f"""SELECT pe.id_number, pe.name, pe.birth_date, pe.sex, h.village_code
            FROM read_parquet('{out}/persons/*.parquet') pe JOIN read_parquet('{out}/households/*.parquet') h
            USING (household_number) ORDER BY pe.id_number LIMIT {args.persons}"""
    ).fetchall()
    known = {p[0] for p in persons}
    pools = name_pools(args.seed)
    name_chars = sorted({ch for given in pools.male + pools.female for ch in given})
    rng = random.Random(args.seed)
    # Feed rows: a sample of the persons; ``mistyped`` of them carry an ID with one keying slip anywhere
    # (ID_PARTS, or two neighbours swapped), and ``name_variants`` of those also one wrong character in the
    # given name. A slip that happens to give another registered person's ID is matched exactly (wrongly) and
    # never reaches linkage: counted, not linked.
    step = max(1, len(persons) // args.feed_rows)
    sample = persons[::step][: args.feed_rows]
    bad_every = int(1 / args.mistyped)
    records, truth, kinds, collisions = [], {}, {}, 0
    for n, (id_number, name, _birth, _sex, _village) in enumerate(sample):
        if n % bad_every:
            continue
        typed, kind = mistype(id_number, rng)
        if typed in known:
            collisions += 1
            continue
        if rng.random() < args.name_variants:
            name, kind = name_variant(name, rng, name_chars), kind + "+姓名错一字"
        records.append((n, typed, name, ""))
        truth[f"r{n}"] = f"p{id_number}"
        kinds[f"r{n}"] = kind
    right = person_table([(p[0], p[0], p[1], p[2], p[4]) for p in persons])
    started = time.perf_counter()
    found = link(record_table(records), right)
    seconds = time.perf_counter() - started
    best: dict[str, tuple[float, str]] = {}
    for rec, per, score in found:
        if rec not in best or score > best[rec][0]:
            best[rec] = (score, per)
    true_pos = sum(1 for rec, (_, per) in best.items() if truth.get(rec) == per)
    precision = true_pos / len(best) if best else float("nan")
    recall = true_pos / len(truth) if truth else float("nan")
    pairs_true = sum(1 for rec, per, _ in found if truth.get(rec) == per)
    print(
        f"Splink 链接: {len(persons):,} 人 · {len(sample):,} 条部门数据，其中 {len(records):,} 条身份证号录错"
        f"（无法按号码匹配，交给概率匹配；另有 {collisions:,} 条录错后恰为他人号码，按号码直接匹配，不计入）"
    )
    print(
        f"  用时 {seconds:.1f} 秒（{load()}）；候选对 {len(found):,}，其中正确 {pairs_true:,}；"
        f"每条取最高分：精确率 {precision:.4f}，召回率 {recall:.4f}；峰值内存 {rss_gib():.2f} GiB"
    )
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    for rec, kind in kinds.items():
        row = by_kind[kind]
        row[0] += 1
        if rec in best:
            row[1] += 1
            row[2] += best[rec][1] == truth[rec]
    print("  按录错方式（条数 / 有候选 / 最高分正确）:")
    for kind, (n, proposed, right_best) in sorted(by_kind.items()):
        print(f"    {kind}: {n:,} / {proposed:,} / {right_best:,}（召回率 {right_best / n:.4f}）")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    p = sub.add_parser("province")
    p.add_argument("--persons", type=int, default=10_000_000)
    p.add_argument("--feed-rows", type=int, default=5_000_000)
    p.add_argument("--province", default="52")
    p.add_argument("--out", required=True)
    p.add_argument("--memory", default="6GB", help="DuckDB memory_limit")
    c = sub.add_parser("county")
    c.add_argument("--county", default="520628")
    c.add_argument("--households", type=int, default=100_000)
    c.add_argument("--feed-rows", type=int, default=0, help="默认每户 2 条")
    c.add_argument("--engines", default="duckdb,postgres,spark")
    c.add_argument("--database-url")
    c.add_argument("--data-dir")
    c.add_argument("--seed", type=int, default=7)
    c.add_argument("--baseline-sample", type=int, default=2000)
    c.add_argument("--runs", type=int, default=2, help="每种引擎运行几次（倍数取最后一次）")
    s = sub.add_parser("splink")
    s.add_argument("--persons", type=int, default=1_000_000)
    s.add_argument("--feed-rows", type=int, default=600_000)
    s.add_argument("--mistyped", type=float, default=0.02)
    s.add_argument("--name-variants", type=float, default=0.25, help="录错号码的记录中姓名也错一字的比例")
    s.add_argument("--seed", type=int, default=7)
    s.add_argument("--province", default="52")
    s.add_argument("--out", required=True)
    args = parser.parse_args()
    {"province": province, "county": county, "splink": splink}[args.what](args)


if __name__ == "__main__":
    main()
