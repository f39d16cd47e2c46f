"""Appraisal (考核; not 农户评估, the assessment of a household): score the areas below an area on the scheme's
indicators and rank them.

Each item gives ``weight × attainment``: with a target, attainment is value ÷ target (higher is better) or
target ÷ value (lower is better), capped at 1; without a target, the areas are placed between the worst
(0) and the best (1) of the peers. A missing value scores 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from shoudi.regions.models import Region
from shoudi.reports.generator import generate
from shoudi.reports.indicators import BY_CODE
from shoudi.reports.models import AppraisalScheme, Direction
from shoudi.reports.periods import Period


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


def items_of(scheme: AppraisalScheme | None) -> list[Item]:
    if scheme is None:
        return list(DEFAULT_ITEMS)
    return [
        Item(i.indicator, float(i.weight), i.direction, None if i.target is None else float(i.target))
        for i in scheme.items.all()
    ]


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
    region: Region
    score: float
    parts: list[dict[str, Any]]
    rank: int = 0


def rank(area: Region, year: int, scheme: AppraisalScheme | None) -> tuple[list[Item], list[Ranked]]:
    items = [i for i in items_of(scheme) if i.indicator in BY_CODE]
    if len(area.code) >= 12 or not items:
        return items, []
    generated = generate(area, Period.year_of(year), codes=sorted({i.indicator for i in items}))
    ranked = []
    values = {i.indicator: {r.code: generated.value(i.indicator, r.code) for r in generated.rows} for i in items}
    for region in generated.rows:
        parts = []
        for item in items:
            value = values[item.indicator][region.code]
            peers = [v for v in values[item.indicator].values() if v is not None]
            got = round(item.weight * attainment(item, value, peers), 2)
            parts.append({"indicator": item.indicator, "name": item.name, "value": value, "score": got})
        ranked.append(Ranked(region, round(sum(p["score"] for p in parts), 2), parts))
    ranked.sort(key=lambda r: (-r.score, r.region.code))
    for n, r in enumerate(ranked, 1):
        r.rank = n if n == 1 or r.score != ranked[n - 2].score else ranked[n - 2].rank
    return items, ranked


def as_table(items: list[Item], ranked: list[Ranked], year: int) -> dict[str, Any]:
    head = ["排名", "区域", "区划代码", "总分"]
    for item in items:
        head += [f"{item.name}（值）", f"{item.name}（得分/{item.weight:g}）"]
    rows = []
    for r in ranked:
        row: list[Any] = [r.rank, r.region.name, r.region.code, r.score]
        for p in r.parts:
            row += [p["value"], p["score"]]
        rows.append(row)
    return {"key": "appraisal", "title": f"{year}年考核排名", "head": head, "units": [], "rows": rows, "total": []}


def weights_total(items: list[Item]) -> Decimal:
    return sum((Decimal(str(i.weight)) for i in items), Decimal(0))
