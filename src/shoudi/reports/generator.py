"""The indicator generator: every indicator of an area and period, by row (township, county…) and total.

One grouped query per indicator (fewer where indicators share one), never one per household; the total of
a row set is the merge of its parts (``parts``), so counts add up and shares are recomputed, not averaged.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from shoudi.core.access import in_area
from shoudi.monitoring import policy_bridge
from shoudi.regions.models import LEVEL_BY_CODE_LENGTH, Region
from shoudi.reports.indicators import ALL, BY_CODE, INDICATORS, Indicator
from shoudi.reports.parts import Part
from shoudi.reports.periods import Period
from shoudi.reports.queries import Scope

# Rows of a report: a province or city by county, a county by township, a township by village.
ROW_LENGTH = {2: 6, 4: 6, 6: 9, 9: 12, 12: 12}
ROW_NAME = {6: "县（市、区）", 9: "乡镇", 12: "村"}


def row_length(area: str) -> int:
    return ROW_LENGTH[len(area)]


@dataclass
class Result:
    indicator: Indicator
    cells: dict[tuple[str, str], Part]

    def dims(self) -> list[tuple[str, str]]:
        if self.indicator.dims is None:
            found = sorted({dim for _g, dim in self.cells if dim})
            return [(d, d) for d in found]
        return list(self.indicator.dims)

    def part(self, group: str | None = None, dim: str = "") -> Part | None:
        """The part of one row (``group``) or of the total (``None``)."""
        if (ALL, dim) in self.cells:
            return self.cells[(ALL, dim)]
        parts = [p for (g, d), p in self.cells.items() if d == dim and (group is None or g == group)]
        if not parts:
            return None
        total = parts[0]
        for p in parts[1:]:
            total = total + p
        return total

    def value(self, group: str | None = None, dim: str = "") -> Any:
        part = self.part(group, dim)
        if part is None:
            return 0 if self.indicator.additive else None
        return part.value()


@dataclass
class Generated:
    area: Region
    period: Period
    row_length: int
    rows: list[Region]
    results: dict[str, Result]
    data_time: dt.datetime
    identification_days: int
    seconds: float = 0.0
    versions: dict[str, int] = field(default_factory=dict)
    quality_run: Any = None  # the data-quality run the quality indicator read (monitoring.QualityRun), if any

    def value(self, code: str, group: str | None = None, dim: str = "") -> Any:
        return self.results[code].value(group, dim)


def _rural_growth(area: str, period: Period) -> float | None:
    try:
        now = policy_bridge.resolved("rural_disposable_income", area, period.end).value
        before = policy_bridge.resolved("rural_disposable_income", area, period.end.replace(year=period.year - 1))
    except Exception:  # the parameter table has no value for this area and year
        return None
    if not before.value or now == before.value:
        return None if not before.value else 0.0
    return round(100 * (float(now) - float(before.value)) / float(before.value), 1)


def scope_for(area: str, period: Period, *, today: dt.date | None = None, rows: int | None = None) -> Scope:
    today = today or timezone.localdate()
    return Scope(
        area=area,
        group_len=rows or row_length(area),
        period=period,
        today=today,
        identification_days=policy_bridge.int_param("identification_days", area, min(period.end, today)),
        rural_growth=_rural_growth(area, period),
    )


def generate(
    area: Region,
    period: Period,
    *,
    codes: Iterable[str] | None = None,
    today: dt.date | None = None,
    rows: int | None = None,
) -> Generated:
    started = time.perf_counter()
    data_time = timezone.now()
    scope = scope_for(area.code, period, today=today, rows=rows)
    wanted = [BY_CODE[c] for c in codes] if codes is not None else INDICATORS
    results = {i.code: Result(i, i.compute(scope)) for i in wanted}
    level = LEVEL_BY_CODE_LENGTH[scope.group_len]
    regions = list(Region.objects.filter(in_area("code", area.code), level=level).order_by("code"))
    return Generated(
        area=area,
        period=period,
        row_length=scope.group_len,
        rows=regions,
        results=results,
        data_time=data_time,
        identification_days=scope.identification_days,
        seconds=time.perf_counter() - started,
        versions={i.code: i.version for i in wanted},
        quality_run=scope.memo.get("quality_run"),
    )
