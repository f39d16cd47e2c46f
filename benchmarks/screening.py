"""Screening figures (issue 6). Every figure is printed with its data size and the machine.

    # Province scale: `shoudi synth province` Parquet + generated feed Parquet, all rules on DuckDB,
    # leads written (to Parquet: the province's households are not in a database). Target ≤120 s, ≤8 GiB.
    .venv/bin/python benchmarks/screening.py province --persons 10000000 --feed-rows 5000000 --out /tmp/bench-prov

    # Province scale in PostgreSQL (issue 19; benchmarks/screening_province.py): loaded once by `synth load-province
    # --feeds` (--recreate drops the database first), then `shoudi screen run --area 52` per engine, leads written
    # through the monitoring module, timed by phase; `--spark-master cluster` starts (and stops) a standalone
    # master and two workers on 127.0.0.1; two engines: their evidence compared ("identical: yes/no").
    .venv/bin/python benchmarks/screening.py province --out /work/bench-data/province \
        --database-url postgres://postgres@127.0.0.1:5432/shoudi_province --engines duckdb,spark --spark-master cluster

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
import os
import random
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402
from screening_data import (  # noqa: E402
    AS_OF,
    clear_screening,
    county_cases,
    county_feeds,
    feed_sql,
    mistype,
    naive_household,
    naive_leads,
    name_variant,
)
from screening_province import add_arguments, province_in_database  # noqa: E402


def load() -> str:
    """The 1-minute load average now (other work on the machine skews a figure)."""
    return f"负载 {os.getloadavg()[0]:.2f}"


def rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


# ---- province scale --------------------------------------------------------------------------------------


def setup_django(database_url: str | None = None, data_dir: str | None = None, migrate: bool = False) -> str:
    return django_env.setup(database_url, data_dir, prefix="shoudi-bench-screen-", migrate=migrate)


def builtin_parameters() -> Any:
    from shoudi.policy.params import ParameterSet
    from shoudi.policy.services import builtin_document
    from shoudi.policy.values import ParameterTable, parse_entries

    return ParameterSet(ParameterTable(parse_entries(builtin_document())))


def province(args: argparse.Namespace) -> None:
    if args.database_url:
        province_in_database(args)
        return
    setup_django()
    import duckdb
    import ibis
    import pyarrow as pa
    import pyarrow.parquet as pq

    from shoudi.screening import engines
    from shoudi.screening import params as sparams
    from shoudi.screening.findings import describe as describe_hit
    from shoudi.screening.rules import RULES_BY_ID

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
        f"{evidence.num_rows:,} 条证据行、{len(groups):,} 条线索、{updates.num_rows:,} 个户籍变动待办"
    )
    print(f"  规则计算 {t_rules:.1f} 秒；含证据文字和写出线索共 {total:.1f} 秒；峰值内存 {rss_gib():.2f} GiB")
    print("  按规则: " + "，".join(f"{k} {v:,}" for k, v in sorted(by_rule.items())))


# ---- county scale ----------------------------------------------------------------------------------------


def county(args: argparse.Namespace) -> None:
    setup_django(args.database_url, args.data_dir, migrate=True)
    from django.db import connection, transaction

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
    # End to end: snapshot, rules, leads written through the monitoring module, as a worker runs it. Each
    # run starts from a county with no screening yet, so every run writes all its leads.
    full = []
    for _ in range(args.runs):
        clear_screening(code)
        started = time.perf_counter()
        run = run_execute(ScreeningRun.objects.create(area_id=code, as_of=AS_OF, engine="duckdb"))
        full.append(time.perf_counter() - started)
    shown = "，".join(f"第 {n} 次 {t:.2f} 秒" for n, t in enumerate(full, 1))
    print(
        f"  完整筛查（DuckDB，快照+规则+经监测模块写线索）: {shown}，新建线索 {run.leads_created:,}，"
        f"命中 {sum(run.counts_by_rule.values()):,}（户·规则）（{load()}）"
    )
    params = sparams.resolve([code], AS_OF)[code]
    sample = list(Household.objects.filter(in_area("village_id", code)).order_by("number")[: args.baseline_sample])
    clear_screening(code)  # the baseline writes leads as a first screening would (then rolls them back)
    rules_only = writing = 0.0
    written = 0
    with transaction.atomic():
        for household in sample:
            started = time.perf_counter()
            found = naive_household(household, AS_OF, params)
            middle = time.perf_counter()
            written += naive_leads(household, found, AS_OF)
            rules_only += middle - started
            writing += time.perf_counter() - middle
        transaction.set_rollback(True)
    n = max(len(sample), 1)
    baseline, baseline_full = rules_only / n * n_households, (rules_only + writing) / n * n_households
    print(
        f"  朴素 ORM 基线（每户 3 次查询，Python 规则；命中的逐条经 lead_from_warning 写线索和筛查记录）: "
        f"抽样 {len(sample):,} 户（写 {written:,} 条线索，随后回滚）规则 {rules_only / n * 1000:.2f} 毫秒/户、"
        f"写线索 {writing / n * 1000:.2f} 毫秒/户；推算全县 规则 {baseline:.1f} 秒、含写线索 {baseline_full:.1f} 秒（{load()}）"
    )
    for engine, seconds in timings.items():
        print(
            f"  倍数（仅规则）: {engine} 比基线快 {baseline / seconds:.1f} 倍（第 {args.runs} 次运行 {seconds:.2f} 秒）"
        )
    print(
        f"  倍数（端到端，含写线索）: 完整筛查比基线快 {baseline_full / full[-1]:.1f} 倍"
        f"（第 {args.runs} 次 {full[-1]:.2f} 秒 对 {baseline_full:.1f} 秒）"
    )
    run_execute(ScreeningRun.objects.create(area_id=code, as_of=AS_OF, engine="duckdb"))  # leave the leads there
    print(f"  峰值内存 {rss_gib():.2f} GiB")


# ---- Splink ---------------------------------------------------------------------------------------------


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
    add_arguments(p)
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
