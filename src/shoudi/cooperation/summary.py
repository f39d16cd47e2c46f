"""The county's yearly summary: every visible pairing whose agreement overlaps the year with its targets and
results, and totals by kind; the same rows as an XLSX (``core.exports``).

Totals add the pairings' results, except 消费帮扶: a buyer linked to several pairings of one kind counts once in
that kind's total (and once in the grand total)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shoudi.cooperation import codes, results, selectors
from shoudi.cooperation.models import Pairing
from shoudi.core.exports import Column, Workbook

IND = codes.Indicator


@dataclass
class Line:
    label: str
    kind: str
    area: str
    partner: str
    pairing: Pairing | None
    rows: list[results.Row]
    count: int = 1


@dataclass
class Summary:
    year: int
    lines: list[Line] = field(default_factory=list)
    kinds: list[Line] = field(default_factory=list)
    total: Line | None = None


def _sum(dicts: list[dict[str, Decimal]]) -> dict[str, Decimal]:
    found: dict[str, Decimal] = {}
    for d in dicts:
        for key, value in d.items():
            found[key] = found.get(key, Decimal(0)) + value
    return found


def build(user: Any, year: int, today: dt.date) -> Summary:
    pairings = list(selectors.in_year(selectors.pairings_visible(user), year).order_by("kind", "area_id", "name"))
    ids = [p.pk for p in pairings]
    done = results.results(ids, year, today)
    aims = results.targets(ids, year)
    bought = results.buyer_amounts(year)
    links: dict[Any, set[Any]] = {}
    for pid, buyer in Pairing.buyers.through.objects.filter(pairing_id__in=ids).values_list("pairing_id", "buyer_id"):
        links.setdefault(pid, set()).add(buyer)
    summary = Summary(year)
    for p in pairings:
        summary.lines.append(
            Line(p.name, p.get_kind_display(), p.area.name, p.partner, p, results.rows(done[p.pk], aims.get(p.pk, {})))
        )

    def total(label: str, kind: str, members: list[Pairing]) -> Line:
        got = _sum([done[p.pk] for p in members])
        buyers = set().union(*(links.get(p.pk, set()) for p in members)) if members else set()
        got[IND.CONSUMPTION] = sum((bought.get(b, Decimal(0)) for b in buyers), Decimal(0))
        aim = _sum([aims.get(p.pk, {}) for p in members])
        return Line(label, kind, "", "", None, results.rows(got, aim), count=len(members))

    for value, label in codes.PairingKind.choices:
        members = [p for p in pairings if p.kind == value]
        if members:
            summary.kinds.append(total(f"{label}合计", str(label), members))
    summary.total = total("总计", "", pairings)
    return summary


def write_xlsx(book: Workbook, summary: Summary, area_name: str) -> None:
    columns = [
        Column("结对名称", width=30),
        Column("协作类型", width=12),
        Column("本地区域", width=16),
        Column("协作方", width=20),
    ]
    for _value, label in IND.choices:
        kind = "money"
        columns += [Column(f"{label}·目标", kind=kind, width=14), Column(f"{label}·完成", kind=kind, width=14)]
        columns.append(Column(f"{label}·完成率（%）", kind="percent", width=12))
    sheet = book.sheet(
        f"{summary.year}年协作帮扶汇总",
        columns,
        title_rows=[f"{area_name}{summary.year}年东西部协作和定点帮扶汇总"],
        notes=["完成值由资金、项目、劳务输出、人才交流、消费帮扶采购和会议记录自动计算；完成率 = 完成 ÷ 目标。"],
        freeze_columns=1,
    )
    for line in [*summary.lines, *summary.kinds, *([summary.total] if summary.total else [])]:
        row: list[Any] = [line.label, line.kind, line.area, line.partner]
        for r in line.rows:
            row += [r.target, r.result, r.share]
        sheet.write(row)
