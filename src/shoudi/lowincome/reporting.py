"""The register's report of an area and year (``/low-income/report/`` and the API's counts): the figures from
``lowincome.counts`` (a handful of grouped queries), laid out as tables of the monthly report's shape
(``{"key", "title", "head", "rows", "total", "note"}``).

- 分层情况: households and people of each layer on the reference day, and of any layer (each household once), by
  row (a county by township, a township by village);
- 交叉情况: the layer × layer matrix of households (the diagonal: each layer; e.g. 监测对象 ∩ 低保);
- 月度进出: each month of the year, layers started and ended and monitoring periods begun and ended;
- 渐退与核查、待落实待遇: 低保 in its 渐退期 and verifications overdue on the reference day, and the 待落实 items not
  yet delivered, by kind, by row.

The reference day is the year's last day, or today while the year runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from shoudi.core.access import in_area
from shoudi.lowincome import codes
from shoudi.lowincome.counts import (
    FLOW_LAYERS,
    KINDS,
    LAYERS,
    Tally,
    flows_by_month,
    follow_up_counts,
    layer_tallies,
    open_entitlements,
    row_length,
    short,
)
from shoudi.regions.models import LEVEL_BY_CODE_LENGTH, Region

ROW_NAME = {6: "县（市、区）", 9: "乡镇", 12: "村"}
KIND_LABELS = dict(codes.EntitlementKind.choices)


@dataclass
class Figures:
    area: Region
    year: int
    on: dt.date
    group_len: int
    rows: list[Region]
    households: Tally
    people: Tally
    follow: dict[str, dict[str, int]]
    entitlements: dict[tuple[str, str], int]
    months: dict[int, dict[str, int]]

    def follow_up(self, key: str, group: str | None = None) -> int:
        return sum(v[key] for g, v in self.follow.items() if group is None or g == group)

    def open_items(self, kind: str | None = None, group: str | None = None) -> int:
        return sum(
            n
            for (g, k), n in self.entitlements.items()
            if (kind is None or k == kind) and (group is None or g == group)
        )


def reference_day(year: int, today: dt.date) -> dt.date:
    return min(dt.date(year, 12, 31), today)


def figures(area: Region, year: int, today: dt.date) -> Figures:
    """Every figure of the report: six queries whatever the size of the area."""
    on = reference_day(year, today)
    group_len = row_length(area.code)
    level = LEVEL_BY_CODE_LENGTH[group_len]
    rows = list(Region.objects.filter(in_area("code", area.code), level=level).order_by("code"))
    households, people = layer_tallies(area.code, on, group_len)
    return Figures(
        area=area,
        year=year,
        on=on,
        group_len=group_len,
        rows=rows,
        households=households,
        people=people,
        follow=follow_up_counts(area.code, on, group_len),
        entitlements=open_entitlements(area.code, group_len),
        months=flows_by_month(area.code, year),
    )


def _table(key: str, title: str, head: list[str], rows: list[list[Any]], total: list[Any], note: str = "") -> dict:
    return {"key": key, "title": title, "head": head, "rows": rows, "total": total, "note": note}


def layers_table(f: Figures) -> dict[str, Any]:
    head = [ROW_NAME.get(f.group_len, "区域"), "区划代码"]
    for layer in LAYERS:
        head += [f"{short(layer)}（户）", f"{short(layer)}（人）"]
    head += ["合计（户，去重）", "合计（人，去重）"]

    def cells(group: str | None) -> list[int]:
        values: list[int] = []
        for layer in LAYERS:
            values += [f.households.count(layer, group=group), f.people.count(layer, group=group)]
        return [*values, f.households.count(group=group), f.people.count(group=group)]

    rows = [[r.name, r.code, *cells(r.code)] for r in f.rows]
    note = f"截至{f.on:%Y-%m-%d}；一户可同时属于多个类别，合计按户（人）去重；脱贫户按基础数据库的户类型（含脱贫不享受政策户）"
    return _table("layers", "分层情况", head, rows, ["合计", f.area.code, *cells(None)], note)


def overlap_table(f: Figures) -> dict[str, Any]:
    matrix = f.households.matrix()
    head = ["类别", *(short(layer) for layer in LAYERS)]
    rows = [[short(a), *matrix[i]] for i, a in enumerate(LAYERS)]
    note = f"户数，截至{f.on:%Y-%m-%d}；对角线为该类别户数，其余为同时属于两个类别的户数（如 监测对象 ∩ 低保）"
    return _table("overlaps", "交叉情况（户）", head, rows, [], note)


def months_table(f: Figures) -> dict[str, Any]:
    head = ["月份"]
    keys: list[str] = []
    for layer in FLOW_LAYERS:
        verbs = ("纳入监测", "风险消除") if layer == "monitoring" else ("纳入", "退出")
        head += [f"{short(layer)}{verbs[0]}", f"{short(layer)}{verbs[1]}"]
        keys += [f"in_{layer}", f"out_{layer}"]
    rows = [[f"{f.year}-{m:02d}", *(f.months[m].get(k, 0) for k in keys)] for m in range(1, 13)]
    total = ["合计", *(sum(f.months[m].get(k, 0) for m in range(1, 13)) for k in keys)]
    note = "台账类别按纳入日期、退出日期计；监测对象按纳入监测日期、风险消除（结束）日期计"
    return _table("months", f"{f.year}年各月新增和退出", head, rows, total, note)


def follow_table(f: Figures) -> dict[str, Any]:
    head = [ROW_NAME.get(f.group_len, "区域"), "区划代码", "渐退期中（户）", "核查超期（户·类别）"]
    head += [f"待落实·{KIND_LABELS[k]}" for k in KINDS] + ["待落实合计"]

    def cells(group: str | None) -> list[int]:
        items = [f.open_items(k, group) for k in KINDS]
        return [f.follow_up("phasing_out", group), f.follow_up("overdue", group), *items, sum(items)]

    rows = [[r.name, r.code, *cells(r.code)] for r in f.rows]
    note = (
        f"渐退期中、核查超期截至{f.on:%Y-%m-%d}（核查超期：仍在保、下次核查日期已过）；"
        "待落实待遇为当前尚未落实的项目（各年度）"
    )
    return _table("follow", "渐退、核查与待落实待遇", head, rows, ["合计", f.area.code, *cells(None)], note)


def tables(f: Figures) -> list[dict[str, Any]]:
    return [layers_table(f), overlap_table(f), months_table(f), follow_table(f)]
