"""The policy values a screening run uses, per county of the area, with their sources.

- ``medical_oop_ratio_former_poor`` / ``medical_oop_ratio_others`` × the previous year's
  ``rural_disposable_income`` → the out-of-pocket thresholds (rule ``medical_oop``);
- ``disaster_loss_threshold`` (rule ``disaster``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pyarrow as pa

from shoudi.policy.params import ParameterSet
from shoudi.policy.values import ParameterError
from shoudi.screening.engines import PARAM_SCHEMA

KEYS = (
    "medical_oop_ratio_former_poor",
    "medical_oop_ratio_others",
    "rural_disposable_income",
    "disaster_loss_threshold",
)
CENT = Decimal("0.01")


class ScreeningParameterError(ValueError):
    """A parameter is missing for a county; the message is Chinese."""


@dataclass(frozen=True)
class CountyParams:
    county: str
    ratio_former_poor: Decimal
    ratio_others: Decimal
    income: Decimal  # previous year's rural disposable income
    income_year: int
    disaster_threshold: Decimal
    sources: dict[str, str]

    @property
    def oop_threshold_former_poor(self) -> Decimal:
        return (self.ratio_former_poor * self.income).quantize(CENT, ROUND_HALF_UP)

    @property
    def oop_threshold_others(self) -> Decimal:
        return (self.ratio_others * self.income).quantize(CENT, ROUND_HALF_UP)

    def describe(self) -> dict[str, Any]:
        return {
            "medical_oop_ratio_former_poor": str(self.ratio_former_poor),
            "medical_oop_ratio_others": str(self.ratio_others),
            "rural_disposable_income": str(self.income),
            "rural_disposable_income_year": self.income_year,
            "disaster_loss_threshold": str(self.disaster_threshold),
            "oop_threshold_former_poor": str(self.oop_threshold_former_poor),
            "oop_threshold_others": str(self.oop_threshold_others),
            "sources": self.sources,
        }


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def resolve(counties: list[str], as_of: dt.date, pset: ParameterSet | None = None) -> dict[str, CountyParams]:
    pset = pset or ParameterSet.for_regions(counties or ["00"])
    year = as_of.year - 1
    found: dict[str, CountyParams] = {}
    for county in counties:
        values: dict[str, Decimal] = {}
        sources: dict[str, str] = {}
        for key in KEYS:
            on = dt.date(year, 12, 31) if key == "rural_disposable_income" else as_of
            try:
                r = pset.resolve(key, county, on)
            except ParameterError as exc:
                raise ScreeningParameterError(f"县 {county} 缺少筛查参数：{exc}") from exc
            values[key] = _decimal(r.value)
            sources[key] = r.record.source
        found[county] = CountyParams(
            county=county,
            ratio_former_poor=values["medical_oop_ratio_former_poor"],
            ratio_others=values["medical_oop_ratio_others"],
            income=values["rural_disposable_income"],
            income_year=year,
            disaster_threshold=values["disaster_loss_threshold"],
            sources=sources,
        )
    return found


def as_arrow(params: dict[str, CountyParams]) -> pa.Table:
    rows = list(params.values())
    return pa.table(
        {
            "county_code": [p.county for p in rows],
            "oop_threshold_former_poor": [p.oop_threshold_former_poor for p in rows],
            "oop_threshold_others": [p.oop_threshold_others for p in rows],
            "disaster_threshold": [p.disaster_threshold.quantize(CENT) for p in rows],
        },
        schema=PARAM_SCHEMA,
    )
