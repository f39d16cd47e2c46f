"""The figures of a key county for a year, and its annual evaluation sheet.

``figures(key_county, year)``: every indicator of ``indicators.INDICATORS`` with the system's figure (computed
ones), the value entered with its source (if any; it replaces the computed figure and is shown as such), the
figure finally used and where it comes from; missing figures are flagged.

``sheet(key_county, year)``: the figures of the year beside last year's, each judged — against its goal where it
has one (the income-growth gap above 0, the industry share at least the policy parameter), else by its direction
against last year (higher or lower better); a figure for reference only, or without last year's figure and
without a goal, is not judged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from shoudi.keycounties import codes
from shoudi.keycounties.indicators import COMPUTED, INDICATORS, Facts, Goal, IndicatorDef
from shoudi.keycounties.models import IndicatorValue, KeyCounty, SupportMeasure

MET, NOT_MET, UNKNOWN, REFERENCE = "met", "not_met", "unknown", "reference"
VERDICT_LABELS = {MET: "达到", NOT_MET: "未达到", UNKNOWN: "无法判断", REFERENCE: "仅作参考"}
ORIGIN_LABELS = {
    "computed": "系统计算",
    "entered": "填报",
    "overridden": "填报（替代系统计算值）",
    "missing": "缺数据",
}


@dataclass
class Figure:
    indicator: IndicatorDef
    computed: Decimal | None
    entered: IndicatorValue | None
    goal: Goal | None = None

    @property
    def value(self) -> Decimal | None:
        return self.entered.value if self.entered is not None else self.computed

    @property
    def origin(self) -> str:
        if self.entered is not None:
            return "overridden" if self.indicator.how == COMPUTED else "entered"
        return "computed" if self.computed is not None else "missing"

    @property
    def origin_label(self) -> str:
        return ORIGIN_LABELS[self.origin]

    @property
    def missing(self) -> bool:
        return self.value is None

    @property
    def source_text(self) -> str:
        """Where the figure comes from, as the sheet states it."""
        if self.entered is not None:
            replaced = ""
            if self.indicator.how == COMPUTED:
                shown = "无" if self.computed is None else f"{self.computed}{self.indicator.unit}"
                replaced = f"（替代系统计算值：{shown}）"
            return f"填报：{self.entered.source}{replaced}"
        if self.indicator.how == COMPUTED:
            return f"系统计算：{self.indicator.definition}"
        return "待填报"


def entered_values(key_county: KeyCounty, years: list[int]) -> dict[tuple[int, str], IndicatorValue]:
    rows = IndicatorValue.objects.filter(key_county=key_county, year__in=years).select_related("updated_by")
    return {(v.year, v.code): v for v in rows}


def figures(
    key_county: KeyCounty,
    year: int,
    *,
    today: dt.date | None = None,
    entered: dict[tuple[int, str], IndicatorValue] | None = None,
) -> list[Figure]:
    """Every indicator's figure of ``year`` (see the module's docstring)."""
    today = today or timezone.localdate()
    if entered is None:
        entered = entered_values(key_county, [year])
    facts = Facts(county=key_county.county, year=year, today=today)
    found: dict[str, Figure] = {}
    for item in INDICATORS:
        computed = item.compute(facts) if item.compute is not None else None
        goal = item.goal(facts) if item.goal is not None else None
        found[item.code] = Figure(item, computed, entered.get((year, item.code)), goal)
    for item in INDICATORS:
        if item.derive is not None:
            a, b = (found[code].value for code in item.derive)
            found[item.code].computed = None if a is None or b is None else (a - b).quantize(Decimal("0.1"))
    return list(found.values())


@dataclass
class SheetRow:
    figure: Figure
    previous: Figure
    verdict: str
    basis: str

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]


def judge(now: Figure, before: Figure) -> tuple[str, str]:
    """(verdict, basis) of one figure against its goal, else against last year by its direction."""
    item, value, prev = now.indicator, now.value, before.value
    if item.direction == codes.Direction.NEUTRAL:
        return REFERENCE, "仅作参考，不评价"
    if value is None:
        return UNKNOWN, "本年缺数据"
    higher = item.direction == codes.Direction.HIGHER
    if now.goal is not None:
        ok = now.goal.met(value)
        if ok and prev is not None and higher and item.code == "industry_fund_share" and value < prev:
            return NOT_MET, f"{now.goal.text}：本年低于上年（{prev}{item.unit}）"
        return (MET if ok else NOT_MET), now.goal.text
    if prev is None:
        return UNKNOWN, "无上年数据，无法比较"
    better = value >= prev if higher else value <= prev
    word = "不低于上年" if higher else "不高于上年"
    return (MET if better else NOT_MET), f"{codes.Direction(item.direction).label}：{word}（上年 {prev}{item.unit}）"


def sheet(key_county: KeyCounty, year: int, *, today: dt.date | None = None) -> list[SheetRow]:
    today = today or timezone.localdate()
    entered = entered_values(key_county, [year, year - 1])
    now = figures(key_county, year, today=today, entered=entered)
    before = figures(key_county, year - 1, today=today, entered=entered)
    rows = []
    for current, previous in zip(now, before, strict=True):
        verdict, basis = judge(current, previous)
        rows.append(SheetRow(current, previous, verdict, basis))
    return rows


def measure_counts(key_county: KeyCounty, year: int) -> dict[str, int]:
    counts = dict.fromkeys(codes.MeasureStatus.values, 0)
    for status in SupportMeasure.objects.filter(key_county=key_county, year=year).values_list("status", flat=True):
        counts[status] += 1
    return counts


def summary(rows: list[SheetRow]) -> dict[str, int]:
    out = dict.fromkeys(VERDICT_LABELS, 0)
    for row in rows:
        out[row.verdict] += 1
    out["missing"] = sum(1 for row in rows if row.figure.missing)
    return out
