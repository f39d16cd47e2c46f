"""Loading a province written by ``shoudi synth province`` (Parquet parts) into the registry tables, and —
with ``monitoring_share`` — cases, risks, plans, measures and leads at realistic rates (``synth.monitoring``).

Rows are laid out as ``synth.writer`` lays out a county (same columns, 17-digit synthetic household numbers,
UUID keys, created/updated now, defaults elsewhere) but come from Arrow: each part's households, persons and
income are read, given time-ordered ids (``bulk.TimeOrderedIds``), joined by household number in Arrow and
written with PostgreSQL COPY (SQLite: executemany). One transaction: a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
from django.db import IntegrityError, connection, models, transaction
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone

from shoudi.assistance.models import Measure, Plan, RiskMeasureRule
from shoudi.core.access import in_area
from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.monitoring.models import Case, CaseRisk, Lead
from shoudi.regions.models import Level, Region
from shoudi.registry.models import FinanceRecord, Household, Person
from shoudi.reports import income
from shoudi.synth import monitoring as mon
from shoudi.synth import params as P
from shoudi.synth.bulk import TableWriter, TimeOrderedIds, detach, reattach, worth_detaching
from shoudi.synth.county import HOUSEHOLD_COLUMNS, PERSON_COLUMNS, today
from shoudi.synth.feeds_loader import load_feeds, read_feeds
from shoudi.synth.load_report import audit_load, conflict_message, psycopg_integrity
from shoudi.synth.monitoring_facts import PartFrames
from shoudi.synth.monitoring_rates import arrow_columns
from shoudi.synth.names import name_pools
from shoudi.synth.province import RENAME, TABLES
from shoudi.synth.writer import SYNTHETIC_NUMBER

HOUSEHOLD_FIELDS = {name: RENAME.get(name, name) for name in HOUSEHOLD_COLUMNS if name != "id"}
PERSON_FIELDS = {name: name for name in PERSON_COLUMNS if name not in ("id", "household_id")}
INCOME_FIELDS = {name: name for name in ("month", "flow", "kind", "item", "amount")}
KEY = "household_number"
ANALYZED = (Household, Person, FinanceRecord, Case, CaseRisk, Plan, Measure, Lead, FeedBatch, FeedRecord)


class LoadError(ValueError):
    """The load cannot go on; the message is Chinese and names the file, row and field where it can."""


@dataclass(frozen=True)
class Part:
    stem: str
    paths: dict[str, Path]


@dataclass
class LoadSummary:
    area: str = ""
    households: int = 0
    persons: int = 0
    finance_rows: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # monitoring rows by table label
    replaced: int = 0
    line: float = 0.0
    line_source: str = ""
    seconds: dict[str, float] = field(default_factory=dict)

    def __str__(self) -> str:
        lines = [
            f"已载入{self.area}：{self.households:,} 户，{self.persons:,} 人，收支记录 {self.finance_rows:,} 行"
            + (f"，部门数据 {self.counts['feeds']:,} 行" if "feeds" in self.counts else ""),
        ]
        if self.replaced:
            lines.append(f"  先删除了原有模拟户 {self.replaced:,} 户")
        if self.counts.get("cases") is not None:
            c = self.counts
            lines.append(
                f"  监测对象 {c.get('cases', 0):,}（在办 {c.get('open', 0):,}，风险已消除 {c.get('eliminated', 0):,}），"
                f"风险类型 {c.get('risks', 0):,}，帮扶计划 {c.get('plans', 0):,}，帮扶措施 {c.get('measures', 0):,}，"
                f"线索 {c.get('leads', 0):,}（监测范围 {self.line:,.0f} 元，{self.line_source}）"
            )
        phases = {
            "registry": "基础数据",
            "monitoring": "监测数据",
            "feeds": "部门数据",
            "indexes": "删除并重建索引和外键",
            "commit": "提交",
            "analyze": "ANALYZE",
            "income": "重建村月度收支汇总",
            "total": "合计",
        }
        lines.append("  用时：" + "，".join(f"{phases[k]} {v:.1f} 秒" for k, v in self.seconds.items() if k in phases))
        return "\n".join(lines)


def load_province(
    directory: Path | str,
    *,
    replace: bool = False,
    monitoring_share: float = 0.03,
    seed: int = 1,
    as_of: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
    feeds: Path | str | None = None,
) -> LoadSummary:
    """Load the Parquet parts under ``directory`` (households/, persons/, income/) into the database, and the
    department feed rows of the Parquet file ``feeds`` (``feeds_loader``) after them."""
    started = time.perf_counter()
    if not 0 <= monitoring_share <= 0.5:
        raise LoadError("监测对象比例应在 0 到 0.5 之间（例如 0.03 表示 3% 的农户）")
    parts = find_parts(Path(directory))
    villages, total = scan_households(parts)
    provinces = ensure_regions(villages, parts)
    if feeds is not None:
        if len(provinces) != 1:
            raise LoadError("载入部门数据时，Parquet 目录应只含一个省的农户")
        read_feeds(feeds, provinces[0].code)  # a bad row stops the load before anything is written
    summary = LoadSummary(area="、".join(f"{r.name}（{r.code}）" for r in provinces))
    writer = TableWriter(timezone.now())
    ids = TimeOrderedIds(np.random.default_rng())
    maker = _settings(provinces, monitoring_share, seed, as_of or today()) if monitoring_share > 0 else None
    timer = {"registry": 0.0, "monitoring": 0.0, "indexes": 0.0, "commit": 0.0}
    with transaction.atomic():
        for region in provinces:
            summary.replaced += _clear(region, replace)
        t0 = time.perf_counter()
        incoming = {Household: total, Person: _rows(parts, "persons"), FinanceRecord: _rows(parts, "income")}
        detached = [detach(model) for model, n in incoming.items() if worth_detaching(model, n)]
        timer["indexes"] += time.perf_counter() - t0
        relocation_sites: set[str] = set()
        for part in parts:
            t0 = time.perf_counter()
            frames = _load_part(part, writer, ids, summary)
            relocation_sites.update(_relocation_sites(frames.households))
            t1 = time.perf_counter()
            timer["registry"] += t1 - t0
            if maker is not None:
                _write_monitoring(mon.PartMaker(maker, frames, ids, part.stem).make(), writer, ids, summary.counts)
                timer["monitoring"] += time.perf_counter() - t1
            if progress:
                progress(summary.households, total)
        t0 = time.perf_counter()
        for found in detached:
            try:
                reattach(found)
            except (IntegrityError, psycopg_integrity()) as exc:
                raise LoadError(conflict_message(exc, None)) from exc
        timer["indexes"] += time.perf_counter() - t0
        if feeds is not None:
            t0 = time.perf_counter()
            summary.counts["feeds"] = sum(load_feeds(feeds, provinces[0]).values())
            timer["feeds"] = time.perf_counter() - t0
        Region.objects.filter(code__in=sorted(relocation_sites)).update(relocation_site=True)
        for region in provinces:
            audit_load(region, summary, Path(directory), replace)
        t0 = time.perf_counter()
    timer["commit"] = time.perf_counter() - t0
    if maker is not None:
        summary.line, summary.line_source = maker.line, maker.line_source
    summary.seconds.update(timer)
    t0 = time.perf_counter()
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE " + ", ".join(connection.ops.quote_name(m._meta.db_table) for m in ANALYZED))
        summary.seconds["analyze"] = time.perf_counter() - t0
    # The income indicators read the village summary; without this the first report would rebuild it.
    summary.seconds["income"] = sum(income.refresh(region.code) for region in provinces)
    summary.seconds["total"] = time.perf_counter() - started
    return summary


# ---- the files -------------------------------------------------------------------------------------------


def find_parts(directory: Path) -> list[Part]:
    if not (directory / "households").is_dir():
        raise LoadError(f"目录 {directory} 中没有 households 子目录；请指定 shoudi synth province --out 的目录")
    stems = sorted(p.stem for p in (directory / "households").glob("*.parquet"))
    if not stems:
        raise LoadError(f"目录 {directory / 'households'} 中没有 Parquet 文件")
    parts = []
    for stem in stems:
        paths = {t: directory / t / f"{stem}.parquet" for t in TABLES}
        for table, path in paths.items():
            if not path.is_file():
                raise LoadError(f"缺少文件 {table}/{stem}.parquet（与 households/{stem}.parquet 配对）")
        parts.append(Part(stem, paths))
    wanted = {
        "households": HOUSEHOLD_FIELDS,
        "persons": {KEY: KEY, **PERSON_FIELDS},
        "income": {KEY: KEY, **INCOME_FIELDS},
    }
    for table, columns in wanted.items():
        for part in parts:
            names = set(pq.read_schema(part.paths[table]).names)
            missing = [c for c in columns.values() if c not in names]
            if missing:
                raise LoadError(f"{table}/{part.stem}.parquet 缺少列：{'、'.join(missing)}")
    return parts


def scan_households(parts: list[Part]) -> tuple[set[str], int]:
    """The village codes used and the number of households; household numbers must be unique and synthetic."""
    table = ds.dataset([str(p.paths["households"]) for p in parts], format="parquet").to_table(
        columns=[KEY, "village_code"]
    )
    numbers = table[KEY]
    bad = pc.invert(pc.match_substring_regex(numbers, SYNTHETIC_NUMBER))
    if pc.any(bad).as_py():
        row = pc.index(bad, True).as_py()
        raise LoadError(_where(parts, row, f"户编号应为17位数字（模拟户编号），却是 {numbers[row].as_py()!r}"))
    if pc.count_distinct(numbers).as_py() != table.num_rows:
        counts = pc.value_counts(numbers)
        dup = counts.filter(pc.greater(counts.field("counts"), 1))[0]["values"].as_py()
        row = pc.index(numbers, dup).as_py()
        raise LoadError(_where(parts, row, f"户编号 {dup} 重复出现"))
    villages = set(pc.unique(table["village_code"]).to_pylist())
    return villages, table.num_rows


def _rows(parts: list[Part], table: str) -> int:
    return sum(pq.read_metadata(p.paths[table]).num_rows for p in parts)


def _where(parts: list[Part], row: int, message: str, table: str = "households") -> str:
    """``households/part-x.parquet 第 N 行`` for a row number counted over all parts in order."""
    for part in parts:
        n = pq.read_metadata(part.paths[table]).num_rows
        if row < n:
            return f"{table}/{part.stem}.parquet 第 {row + 1} 行：{message}"
        row -= n
    return message


def ensure_regions(villages: set[str], parts: list[Part]) -> list[Region]:
    """The provinces of the villages; each must have its divisions loaded, every village must exist."""
    provinces = []
    for code in sorted({v[:2] for v in villages}):
        region = Region.objects.filter(code=code, level=Level.PROVINCE).first()
        if region is None or not Region.objects.filter(in_area("code", code), level=Level.VILLAGE).exists():
            raise LoadError(f"尚未载入省级代码 {code} 的行政区划，请先运行：shoudi regions load --province {code}")
        known = set(Region.objects.filter(in_area("code", code), level=Level.VILLAGE).values_list("code", flat=True))
        missing = sorted(v for v in villages if v[:2] == code and v not in known)
        if missing:
            table = ds.dataset([str(p.paths["households"]) for p in parts], format="parquet").to_table(
                columns=["village_code"]
            )
            row = pc.index(table["village_code"], missing[0]).as_py()
            raise LoadError(_where(parts, row, f"village_code（所在村）{missing[0]} 不是已载入的村级区划"))
        provinces.append(region)
    return provinces


# ---- existing rows ---------------------------------------------------------------------------------------


def _clear(province: Region, replace: bool) -> int:
    """Refuse when the province already has households; with ``replace``, delete its synthetic ones first."""
    existing = Household.objects.filter(in_area("village_id", province.code))
    synthetic = existing.filter(number__regex=SYNTHETIC_NUMBER)
    n = synthetic.count()
    if not replace:
        total = n or existing.count()
        if total:
            raise LoadError(
                f"{province.name}已有 {total:,} 户{'模拟' if n else ''}数据，未载入；如需替换模拟数据请使用 --replace"
            )
        return 0
    if n:
        purge(synthetic)
    return n


def purge(queryset: models.QuerySet[Any]) -> int:
    """Delete the rows and everything that refers to them with set-based statements (nothing is loaded into
    Python): references that may be NULL and say SET_NULL are cleared, the others deleted first, depth first."""
    model = queryset.model
    relations: list[Any] = list(get_candidate_relations_to_delete(model._meta))
    for rel in relations:
        fk = rel.field
        children = rel.related_model._base_manager.filter(**{f"{fk.name}__in": queryset.values("pk")})
        on_delete = fk.remote_field.on_delete
        if on_delete is models.DO_NOTHING:
            continue
        if on_delete is models.SET_NULL or (rel.related_model is model and fk.null):
            children.update(**{fk.name: None})
            continue
        purge(children)
    return int(queryset._raw_delete(queryset.db))


# ---- one part --------------------------------------------------------------------------------------------


def _load_part(part: Part, writer: TableWriter, ids: TimeOrderedIds, summary: LoadSummary) -> PartFrames:
    h = pq.read_table(part.paths["households"])
    p = pq.read_table(part.paths["persons"])
    f = pq.read_table(part.paths["income"])
    p_index = _household_index(p, h, part, "persons")
    f_index = _household_index(f, h, part, "income")
    hid, pid = ids.take(h.num_rows), ids.take(p.num_rows)
    try:
        writer.write(Household, {"id": hid, **{name: h[col] for name, col in HOUSEHOLD_FIELDS.items()}})
        summary.households += h.num_rows
        writer.write(Person, {"id": pid, "household_id": hid.take(p_index), **{n: p[n] for n in PERSON_FIELDS}})
        summary.persons += p.num_rows
        writer.write(FinanceRecord, {"household_id": hid.take(f_index), **{n: f[n] for n in INCOME_FIELDS}})
        summary.finance_rows += f.num_rows
    except (IntegrityError, psycopg_integrity()) as exc:
        raise LoadError(conflict_message(exc, part)) from exc
    return PartFrames(h, hid, p, pid, _numpy(p_index), f, _numpy(f_index))


def _household_index(table: pa.Table, households: pa.Table, part: Part, name: str) -> pa.Array:
    index = pc.index_in(table[KEY], value_set=households[KEY])
    if index.null_count:
        row = pc.index(pc.is_null(index), True).as_py()
        raise LoadError(
            f"{name}/{part.stem}.parquet 第 {row + 1} 行 household_number（户编号）：{table[KEY][row].as_py()} "
            f"不在 households/{part.stem}.parquet 中"
        )
    return index.combine_chunks() if isinstance(index, pa.ChunkedArray) else index


def _numpy(index: pa.Array) -> np.ndarray:
    return np.asarray(index.to_numpy(zero_copy_only=False), dtype=np.int64)


def _relocation_sites(households: pa.Table) -> list[str]:
    relocated = households.filter(households["relocated"])
    return [str(v) for v in pc.unique(relocated["village_code"]).to_pylist()]


# ---- monitoring ------------------------------------------------------------------------------------------


def _settings(provinces: list[Region], share: float, seed: int, as_of: dt.date) -> mon.Settings:
    from shoudi.monitoring import policy_bridge
    from shoudi.policy.values import ParameterError
    from shoudi.screening.rules import RULES  # imports ibis: only when monitoring rows are made

    code = provinces[0].code
    try:
        line, line_source = float(policy_bridge.param("monitoring_line", code, as_of)), "政策参数"
    except ParameterError:  # no line for the province and date: the generator's own hardship line
        line, line_source = float(P.HARDSHIP_LINE), "政策参数未设定该省当期监测范围，按模拟数据的困难线"
    rules: dict[str, list[str]] = {}
    for risk, kind in RiskMeasureRule.objects.order_by("pk").values_list("risk_code", "measure_kind"):
        rules.setdefault(risk, []).append(kind)
    department: dict[str, list[tuple[str, str, str]]] = {}
    for rule in RULES:
        if rule.id not in ("suspected_ineligible", "registry_update"):
            department.setdefault(rule.risk_code, []).append((rule.id, rule.department, rule.label))
    places: dict[str, str] = {}
    for province in provinces:
        rows = Region.objects.filter(in_area("code", province.code), level__in=[Level.COUNTY, Level.TOWNSHIP])
        places.update(rows.values_list("code", "name"))
    days = policy_bridge.int_param("lead_check_days", code, as_of)
    ident = policy_bridge.int_param("identification_days", code, as_of)
    return mon.Settings(
        share,
        seed,
        as_of,
        line,
        rules,
        places,
        name_pools(seed),
        department,
        lead_check_days=days,
        identification_days=ident,
        line_source=line_source,
    )


def _write_monitoring(rows: mon.Rows, writer: TableWriter, ids: TimeOrderedIds, counts: dict[str, int]) -> None:
    cases = arrow_columns(rows.cases)
    for key, model, table in (
        ("cases", Case, cases),
        ("risks", CaseRisk, arrow_columns(rows.risks)),
        ("plans", Plan, arrow_columns(rows.plans, ids)),
        ("measures", Measure, arrow_columns(rows.measures, ids)),
        ("leads", Lead, arrow_columns(rows.leads, ids)),
    ):
        counts[key] = counts.get(key, 0) + writer.write(model, table)
    if cases:
        counts["open"] = counts.get("open", 0) + int(pc.sum(cases["is_open"]).as_py() or 0)
        eliminated = pc.sum(pc.equal(cases["status"], "eliminated")).as_py() or 0
        counts["eliminated"] = counts.get("eliminated", 0) + int(eliminated)
