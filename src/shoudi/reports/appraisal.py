"""Appraisal (考核; not 农户评估, the assessment of a household): score the areas below an area on the scheme's
indicators, then rank them or grade them 好/中/差.

Each item gives ``weight × attainment``: with a target, attainment is value ÷ target (higher is better) or
target ÷ value (lower is better), capped at 1; without a target, the areas are placed between the worst
(0) and the best (1) of the peers. A missing value scores 0.

A scheme is ranked (Guangxi: 「对考核排名落后、工作不力的市县进行约谈」) or graded (Tongren: 「考核结果不进行排名，
实行“好”“中”“差”等次」): a total of at least ``good_from`` is 好, of at least ``fair_from`` 中, else 差. A graded
appraisal lists its areas by code and never shows a rank. Where a local rule says so (``LOCAL_RULES``) every
appraisal of the areas below is graded, whatever scheme it inherits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from shoudi.regions.models import Region
from shoudi.reports.generator import generate
from shoudi.reports.indicators import BY_CODE
from shoudi.reports.models import AppraisalScheme, Direction, Grade, Mode
from shoudi.reports.periods import Period
from shoudi.reports.sources import TONGREN_PLAN


@dataclass(frozen=True)
class Item:
    indicator: str
    weight: float
    direction: str
    target: float | None

    @property
    def name(self) -> str:
        return BY_CODE[self.indicator].name if self.indicator in BY_CODE else self.indicator


# Used when no scheme is set for the year (the county may replace it at any time).
DEFAULT_ITEMS = [
    Item("risk_matched_share", 30, Direction.HIGHER, 100),
    Item("development_share", 20, Direction.HIGHER, 80),
    Item("identified_in_time_share", 20, Direction.HIGHER, 100),
    Item("identification_overdue", 15, Direction.LOWER, 0),
    Item("former_poor_income_growth", 15, Direction.HIGHER, None),
]
# Thresholds of a graded appraisal whose scheme gives none, as shares of the full score (the documents give no
# numbers; a county sets its own in the scheme).
DEFAULT_GOOD_SHARE = Decimal("0.85")
DEFAULT_FAIR_SHARE = Decimal("0.60")


@dataclass(frozen=True)
class LocalRule:
    """A rule of an area about the appraisals of the areas inside it, with the document that sets it."""

    prefix: str
    name: str
    mode: str
    source: str


LOCAL_RULES = (
    LocalRule(
        "5206",
        "铜仁市",
        Mode.GRADED,
        f"{TONGREN_PLAN}第九章第二节“组织工作保障”：考核结果不进行排名，实行“好”“中”“差”等次",
    ),
)


def local_rule(code: str) -> LocalRule | None:
    """The local rule over the area ``code`` (the area itself or one above it), if any."""
    return next((r for r in LOCAL_RULES if code.startswith(r.prefix)), None)


def items_of(scheme: AppraisalScheme | None) -> list[Item]:
    if scheme is None:
        return list(DEFAULT_ITEMS)
    return [
        Item(i.indicator, float(i.weight), i.direction, None if i.target is None else float(i.target))
        for i in scheme.items.all()
    ]


def weights_total(items: list[Item]) -> Decimal:
    return sum((Decimal(str(i.weight)) for i in items), Decimal(0))


def default_thresholds(items: list[Item]) -> tuple[Decimal, Decimal]:
    full = weights_total(items)
    return (full * DEFAULT_GOOD_SHARE).quantize(Decimal("0.01")), (full * DEFAULT_FAIR_SHARE).quantize(Decimal("0.01"))


def mode_of(area_code: str, scheme: AppraisalScheme | None) -> str:
    rule = local_rule(area_code)
    if rule is not None:
        return rule.mode
    if scheme is not None:
        return str(scheme.mode)
    return str(Mode.RANKED)


def thresholds_of(scheme: AppraisalScheme | None, items: list[Item]) -> tuple[Decimal, Decimal]:
    """The scheme's (好, 中) thresholds, or the defaults on its full score when it has none."""
    if scheme is not None and scheme.good_from is not None and scheme.fair_from is not None:
        return Decimal(scheme.good_from), Decimal(scheme.fair_from)
    return default_thresholds(items)


def grade(score: float, good_from: Decimal, fair_from: Decimal) -> str:
    value = Decimal(str(score))
    if value >= good_from:
        return str(Grade.GOOD)
    if value >= fair_from:
        return str(Grade.FAIR)
    return str(Grade.POOR)


def attainment(item: Item, value: float | None, peers: list[float]) -> float:
    if value is None:
        return 0.0
    higher = item.direction == Direction.HIGHER
    if item.target is not None:
        if higher:
            return 1.0 if item.target <= 0 else max(0.0, min(1.0, value / item.target))
        if value <= item.target:
            return 1.0
        return max(0.0, min(1.0, item.target / value)) if value else 1.0
    low, high = (min(peers), max(peers)) if peers else (value, value)
    if high == low:
        return 1.0
    share = (value - low) / (high - low)
    return share if higher else 1.0 - share


@dataclass
class Ranked:
    """One area's score; ``rank`` in a ranked appraisal, ``grade`` (好/中/差) in a graded one."""

    region: Region
    score: float
    parts: list[dict[str, Any]]
    rank: int = 0
    grade: str = ""

    @property
    def grade_label(self) -> str:
        return Grade(self.grade).label if self.grade else ""


def _scores(area: Region, year: int, items: list[Item]) -> list[Ranked]:
    if len(area.code) >= 12 or not items:
        return []
    generated = generate(area, Period.year_of(year), codes=sorted({i.indicator for i in items}))
    scored = []
    values = {i.indicator: {r.code: generated.value(i.indicator, r.code) for r in generated.rows} for i in items}
    for region in generated.rows:
        parts = []
        for item in items:
            value = values[item.indicator][region.code]
            peers = [v for v in values[item.indicator].values() if v is not None]
            got = round(item.weight * attainment(item, value, peers), 2)
            parts.append({"indicator": item.indicator, "name": item.name, "value": value, "score": got})
        scored.append(Ranked(region, round(sum(p["score"] for p in parts), 2), parts))
    return scored


def rank(area: Region, year: int, scheme: AppraisalScheme | None) -> tuple[list[Item], list[Ranked]]:
    """The areas below ``area`` by score, ranked (equal scores share a rank)."""
    items = [i for i in items_of(scheme) if i.indicator in BY_CODE]
    ranked = _scores(area, year, items)
    ranked.sort(key=lambda r: (-r.score, r.region.code))
    for n, r in enumerate(ranked, 1):
        r.rank = n if n == 1 or r.score != ranked[n - 2].score else ranked[n - 2].rank
    return items, ranked


@dataclass
class Appraisal:
    """The appraisal of the areas below one area for a year, as the page, the XLSX and the API show it."""

    mode: str
    items: list[Item]
    rows: list[Ranked]
    good_from: Decimal | None = None
    fair_from: Decimal | None = None
    rule: LocalRule | None = None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def graded(self) -> bool:
        return self.mode == Mode.GRADED

    @property
    def full_score(self) -> Decimal:
        return weights_total(self.items)


def appraise(area: Region, year: int, scheme: AppraisalScheme | None) -> Appraisal:
    """Ranked, or graded by the scheme's thresholds and listed by code (no rank) when the scheme or the area's
    local rule says so."""
    mode = mode_of(area.code, scheme)
    if mode != Mode.GRADED:
        items, ranked = rank(area, year, scheme)
        return Appraisal(str(Mode.RANKED), items, ranked)
    items = [i for i in items_of(scheme) if i.indicator in BY_CODE]
    good_from, fair_from = thresholds_of(scheme, items)
    rows = sorted(_scores(area, year, items), key=lambda r: r.region.code)
    for r in rows:
        r.grade = grade(r.score, good_from, fair_from)
    counts = {g.value: sum(1 for r in rows if r.grade == g.value) for g in Grade}
    return Appraisal(str(Mode.GRADED), items, rows, good_from, fair_from, local_rule(area.code), counts)


def as_table(appraisal: Appraisal, year: int) -> dict[str, Any]:
    """One sheet: a ranked appraisal begins with the rank; a graded one with the grade and has no rank."""
    items = appraisal.items
    head = ["等次", "区域", "区划代码", "总分"] if appraisal.graded else ["排名", "区域", "区划代码", "总分"]
    for item in items:
        head += [f"{item.name}（值）", f"{item.name}（得分/{item.weight:g}）"]
    rows = []
    for r in appraisal.rows:
        row: list[Any] = [r.grade_label if appraisal.graded else r.rank, r.region.name, r.region.code, r.score]
        for p in r.parts:
            row += [p["value"], p["score"]]
        rows.append(row)
    note = ""
    if appraisal.graded:
        good, fair = (_points(appraisal.good_from), _points(appraisal.fair_from))
        note = f"“好”：总分≥{good}；“中”：总分≥{fair}；其余为“差”。考核结果不进行排名"
        if appraisal.rule is not None:
            note += f"（{appraisal.rule.source}）"
    title = f"{year}年考核等次" if appraisal.graded else f"{year}年考核排名"
    return {"key": "appraisal", "title": title, "head": head, "units": [], "rows": rows, "total": [], "note": note}


def _points(value: Decimal | None) -> str:
    """85.00 → "85", 70.50 → "70.5"."""
    return "" if value is None else f"{value.normalize():f}"
