"""Low-income layers (issue 15): every household of a synthetic province classified on DuckDB.

    .venv/bin/python benchmarks/lowincome.py --persons 10000000 [--out DIR] [--memory 8GB]

Generates the province with ``shoudi.synth.province`` unless ``--out`` already holds one (reused as it is: the
date of the data comes from its income months), classifies every household into the layers of
``policy.layers`` with ``lowincome.engine`` on DuckDB straight from the Parquet part files, writes the result to
``DIR/lowincome/layers.parquet`` and prints the machine, the data size, the wall time and peak memory of the
classification, the counts per layer and the overlap 监测对象 ∩ 低保. Then the Chinese reasons of every candidate
household (``policy.layers.classify_layers`` per household, the very text a referral carries), timed apart.

The province has no 低保 standard in the built-in parameters and no monitoring line after 2021: the run sets
assumed values for Guizhou (``ASSUMED``, printed as such) as a call's ``parameters`` would.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402

AS_OF = dt.date(2026, 6, 30)  # the date of a freshly generated province (window 2025-06 … 2026-05)
ASSUMED = [
    {"key": "dibao_standard_monthly", "region": "52", "year": 2026, "value": "550"},
    {"key": "monitoring_line", "region": "52", "year": 2026, "value": "7500"},
    {"key": "rural_disposable_income", "region": "52", "year": 2025, "value": "16000"},
]


def rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def load() -> str:
    return f"负载 {os.getloadavg()[0]:.2f}"


def parameters(as_of: dt.date) -> Any:
    from shoudi.policy.params import ParameterSet, override_records
    from shoudi.policy.services import builtin_document
    from shoudi.policy.values import ParameterTable, parse_entries

    base = ParameterTable(parse_entries(builtin_document()))
    assumed = [{**entry, "year": as_of.year - 1 if entry["key"] == "rural_disposable_income" else as_of.year}
               for entry in ASSUMED]  # fmt: skip
    return ParameterSet(base).with_overrides(override_records(assumed))


def generate(out: Path, persons: int, province: str) -> None:
    from shoudi.synth.province import write_province

    started = time.perf_counter()
    summary = write_province(province, persons, out, 1, as_of=AS_OF, replace=True)
    print(
        f"生成省级模拟数据: {summary.persons:,} 人 · {summary.households:,} 户，"
        f"{time.perf_counter() - started:.1f} 秒（不计入分层用时）"
    )


def data_as_of(con: Any, out: Path) -> dt.date:
    """The day after the data's window: the 1st of the month after its last income month."""
    last = con.execute(f"SELECT max(month) FROM read_parquet('{out}/income/*.parquet')").fetchone()[0]
    return dt.date(last.year + last.month // 12, last.month % 12 + 1, 1)


def count(con: Any, sql: str) -> int:
    return int(con.execute(sql).fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=10_000_000)
    parser.add_argument("--province", default="52")
    parser.add_argument("--out", default="/tmp/bench-lowincome")
    parser.add_argument("--memory", default="8GB", help="DuckDB memory_limit")
    parser.add_argument("--reasons", type=int, default=0, help="只为前 N 户候选生成理由（0 = 全部候选）")
    args = parser.parse_args()
    django_env.setup(prefix="shoudi-bench-lowincome-", migrate=False)
    import duckdb
    import ibis

    from shoudi.lowincome.engine import classify, standards_table, write_parquet
    from shoudi.lowincome.engine_inputs import province_tables

    out = Path(args.out)
    print(describe())
    if not any((out / "persons").glob("*.parquet")):
        generate(out, args.persons, args.province)
    raw = duckdb.connect()
    as_of = data_as_of(raw, out)
    n_persons = count(raw, f"SELECT count(*) FROM read_parquet('{out}/persons/*.parquet')")
    n_households = count(raw, f"SELECT count(*) FROM read_parquet('{out}/households/*.parquet')")
    n_income = count(raw, f"SELECT count(*) FROM read_parquet('{out}/income/*.parquet')")
    counties = [
        r[0] for r in raw.execute(f"SELECT DISTINCT left(village_code, 6) FROM '{out}/households/*.parquet'").fetchall()
    ]
    print(
        f"数据: {n_persons:,} 人 · {n_households:,} 户 · {n_income:,} 条收支记录 · {len(counties)} 个县；测算日 {as_of}"
    )
    pset = parameters(as_of)
    print("参数（基准测试假设值，非政策原文）: " + "，".join(f"{e['key']}={e['value']}" for e in ASSUMED))
    standards = standards_table(counties, as_of, pset)

    result_dir = out / "lowincome"
    result_dir.mkdir(exist_ok=True)
    result = result_dir / "layers.parquet"
    started = time.perf_counter()
    con = ibis.duckdb.connect(threads=os.cpu_count() or 2)
    con.raw_sql(f"SET memory_limit = '{args.memory}'")
    expr = classify(province_tables(con, out), as_of, standards)
    write_parquet(con, expr, str(result))
    seconds = time.perf_counter() - started
    print(f"分层分类（DuckDB，含写出 Parquet）: {seconds:.1f} 秒；峰值内存 {rss_gib():.2f} GiB（{load()}）→ {result}")
    layer_counts(raw, result)
    reasons(result, as_of, pset, args.reasons)


def layer_counts(raw: Any, result: Path) -> None:
    t = f"read_parquet('{result}')"
    rows = raw.execute(
        f"""SELECT count(*),
              count_if(dibao_candidate), count_if(holds_dibao),
              count_if(tekun_candidate), count_if(holds_tekun),
              count_if(edge_qualifies), count_if(edge_candidate), count_if(holds_dibao_edge),
              count_if(edge_qualifies IS NULL),
              count_if(rigid_qualifies), count_if(rigid_candidate), count_if(holds_rigid_hardship),
              count_if(rigid_qualifies IS NULL),
              count_if(monitoring_qualifies), count_if(monitoring_candidate), count_if(holds_monitoring),
              count_if(holds_former_poor),
              count_if(monitoring_qualifies AND holds_dibao), count_if(holds_monitoring AND holds_dibao),
              count_if(members = 0)
            FROM {t}"""
    ).fetchone()
    (total, dc, dh, tc, th, eq, ec, eh, en, rq, rc, rh, rn, mq, mc, mh, fp, m_d, mh_d, empty) = rows
    print(f"  共 {total:,} 户（其中 {empty:,} 户无实际共同生活成员，不能测算）")
    print(f"  低保: 候选 {dc:,}（民政审核确认，qualifies 为 null），现有 {dh:,}")
    print(f"  特困: 候选 {tc:,}，现有 {th:,}")
    print(f"  低保边缘: 符合 {eq:,}，候选（符合且未纳入）{ec:,}，现有 {eh:,}，无法判断 {en:,}")
    print(f"  刚性支出困难: 符合 {rq:,}，候选 {rc:,}，现有 {rh:,}，无法判断 {rn:,}")
    print(f"  监测对象（不含收入骤减路径）: 符合 {mq:,}，候选 {mc:,}，现有 {mh:,}")
    print(f"  脱贫户: {fp:,}")
    print(
        f"  重叠 监测对象（符合）∩ 低保（现有）: {m_d:,}；监测对象（现有）∩ 低保（现有）: {mh_d:,}（省级模拟数据无监测案件）"
    )


CANDIDATE = {
    "dibao": "dibao_candidate",
    "tekun": "tekun_candidate",
    "dibao_edge": "edge_candidate",
    "rigid_hardship": "rigid_candidate",
    "monitoring": "monitoring_candidate",
}


def reasons(result: Path, as_of: dt.date, pset: Any, limit: int) -> None:
    """The reasons of every candidate household by ``policy.layers.classify_layers`` (the text a referral
    stores), timed apart from the classification."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from shoudi.policy.facts import CATEGORY_LABELS, Category
    from shoudi.policy.layers import Figures, classify_layers

    started = time.perf_counter()
    table = pq.read_table(result)
    candidate = pc.or_(
        pc.or_(pc.or_(table["dibao_candidate"], table["tekun_candidate"]), table["edge_candidate"]),
        pc.or_(table["rigid_candidate"], table["monitoring_candidate"]),
    )
    rows = table.filter(candidate)
    if limit:
        rows = rows.slice(0, limit)
    rows_read = time.perf_counter() - started
    standards: dict[str, Any] = {}
    texts = chars = disagree = 0
    sample: list[str] = []
    for row in rows.to_pylist():
        county = row["county_code"]
        if county not in standards:
            standards[county] = pset.layer_standards(county, as_of)
        potential = None
        if row["monitoring_qualifies"]:
            if row["within_range"]:
                potential = Category.UNSTABLE if row["holds_former_poor"] else Category.MARGINAL
            else:
                potential = Category.SUDDEN
        holds = {
            code for code in ("dibao", "tekun", "dibao_edge", "rigid_hardship", "monitoring") if row[f"holds_{code}"]
        }
        figures = Figures(
            members=row["members"],
            income=row["income"],
            net_income=row["net_income"],
            rigid=row["rigid"],
            all_without_labour=row["all_without_labour"],
            property_ok=row["property_ok"],
        )
        results = classify_layers(
            figures,
            standards[county],
            potential_category=potential,
            excluded=row["excluded"],
            category_label=CATEGORY_LABELS[potential] if potential else "",
            holds=holds,
        )
        for layer in results:
            if layer.candidate != bool(row[CANDIDATE[layer.code]]):
                disagree += 1
            if layer.candidate:
                text = "；".join(layer.reasons)
                texts += 1
                chars += len(text)
                if len(sample) < 3 and layer.code not in {s.split("|")[0] for s in sample}:
                    sample.append(f"{layer.code}|{row['household_id']}：{text}")
    seconds = time.perf_counter() - started
    which = f"前 {limit:,} 户候选" if limit else "全部候选户"
    print(
        f"中文理由（policy.layers.classify_layers 逐户生成，{which}）: {rows.num_rows:,} 户 · {texts:,} 条理由 · "
        f"{chars:,} 字，{seconds:.1f} 秒（其中读取候选 {rows_read:.1f} 秒）；峰值内存 {rss_gib():.2f} GiB"
    )
    print(f"  policy.layers 判定的候选与引擎结果不一致的（户·层）: {disagree:,}")
    for line in sample:
        print("  例 " + line.split("|", 1)[1])


if __name__ == "__main__":
    main()
