"""Reading parameters from the database: ``resolve`` for one value, ``ParameterSet`` for many (batch use).

Every answer is a ``Resolved`` that carries the record it came from (and, for a formula, its inputs), so a
page, a report or the command line can say which value applied and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Q

from shoudi.core.access import in_area
from shoudi.core.memo import request_memo
from shoudi.policy.assessment import Rules
from shoudi.policy.keys import DECIMAL, INTEGER, NATIONAL, lookup_chain
from shoudi.policy.layers import LAYER_DEFAULTS, Standards
from shoudi.policy.models import Parameter
from shoudi.policy.values import ParameterTable, ParamRecord, Resolved, parse_entries

MEMO_KEY = "policy.stored_records"

ASSESSMENT_KEYS = (
    "monitoring_line",
    "min_monitoring_months",
    "income_drop_share",
    "income_drop_months",
    "elimination_min_visits",
)
# What the assessment reads when no stored record applies (a database migrated before issue 14 declared these
# keys): the built-in value with its source. ``monitoring.policy_bridge.DEFAULTS`` takes them from here, so one
# household (monitoring) and a whole area (batch, simulation, the command line) are assessed alike.
ASSESSMENT_DEFAULTS: dict[str, tuple[Any, str, str]] = {
    # key: (value, value type, source)
    "elimination_min_visits": (3, INTEGER, "县级惯例：监测期内至少入户走访3次方可启动风险消除"),
    "income_drop_share": (Decimal("0.5"), DECIMAL, "县级惯例：近期收入较上年同期下降50%以上视为收入大幅缩减"),
    "income_drop_months": (3, INTEGER, "县级惯例：比较最近3个月与上年同期"),
    **LAYER_DEFAULTS,  # dibao_edge_ratio, rigid_hardship_share (分层分类, policy.layers)
}


def builtin(key: str, value: Any, value_type: str, source: str) -> Resolved:
    """A built-in default as a resolved value: national, from 2021, its source saying it is built in."""
    record = ParamRecord(
        key=key,
        region_code=NATIONAL,
        valid_from=dt.date(2021, 1, 1),
        valid_to=None,
        value_type=value_type,
        value=str(value),
        source=f"守底内置默认值（{source}）",
    )
    return Resolved(key=key, value=value, record=record)


def resolved_or_builtin(key: str, region_code: str, on: dt.date, defaults: dict[str, tuple[Any, str, str]]) -> Resolved:
    """The parameter stored for ``region_code`` (county, province, national) on ``on``; without one, the app's
    built-in default ``defaults[key]`` (value, value type, source)."""
    found = ParameterSet.load(region_code, within=False).get(key, region_code, on)
    return found if found is not None else builtin(key, *defaults[key])


def _codes_q(region_code: str, *, within: bool) -> Q:
    """Records that may apply to ``region_code`` (and, with ``within``, to any county inside it)."""
    q = Q(region_code__in=lookup_chain(region_code))
    if within and len(region_code) < 6:
        q |= in_area("region_code", region_code)
    return q


def stored_records(region_code: str, *, within: bool = False) -> list[ParamRecord]:
    """The stored records for ``region_code``; read once per web request (the workbench's panels each ask)."""

    def read() -> list[ParamRecord]:
        rows = Parameter.objects.filter(_codes_q(region_code, within=within)).order_by(
            "key", "region_code", "valid_from"
        )
        return [p.record() for p in rows]

    return list(request_memo((MEMO_KEY, region_code, within), read))


def override_records(overrides: Any) -> list[ParamRecord]:
    """Parameters given for one call (same form as ``policy load``); they win over stored ones at their level."""
    if not overrides:
        return []
    if isinstance(overrides, list | tuple) and all(isinstance(o, ParamRecord) for o in overrides):
        return list(overrides)
    return parse_entries(overrides, require_source=False, override=True)


class ParameterSet:
    """A snapshot of the records for an area, resolved in memory with a cache: one query for any batch."""

    def __init__(self, table: ParameterTable) -> None:
        self.table = table
        self._rules: dict[tuple[tuple[str, ...], dt.date, bool], Rules] = {}

    @classmethod
    def load(cls, region_code: str, *, within: bool = True, overrides: Any = None) -> ParameterSet:
        records = stored_records(region_code, within=within)
        return cls(ParameterTable([*records, *override_records(overrides)]))

    @classmethod
    def for_regions(cls, region_codes: Iterable[str], *, overrides: Any = None) -> ParameterSet:
        """The records that may apply to any of ``region_codes`` (households of several provinces)."""
        chains = {code for region in region_codes for code in lookup_chain(region)}
        rows = Parameter.objects.filter(region_code__in=chains).order_by("key", "region_code", "valid_from")
        return cls(ParameterTable([*(p.record() for p in rows), *override_records(overrides)]))

    def with_overrides(self, overrides: Sequence[ParamRecord]) -> ParameterSet:
        return ParameterSet(self.table.with_records(overrides))

    def resolve(self, key: str, region_code: str, on: dt.date) -> Resolved:
        return self.table.resolve(key, region_code, on)

    def get(self, key: str, region_code: str, on: dt.date) -> Resolved | None:
        return self.table.get(key, region_code, on)

    def get_or_default(self, key: str, region_code: str, on: dt.date) -> Resolved:
        """The stored value, else the built-in one of ``ASSESSMENT_DEFAULTS``."""
        found = self.table.get(key, region_code, on)
        return found if found is not None else builtin(key, *ASSESSMENT_DEFAULTS[key])

    def drop_months(self, region_code: str, on: dt.date) -> int:
        """``income_drop_months`` for ``region_code`` (what ``policy.batch`` sums its months by)."""
        return int(self.get_or_default("income_drop_months", region_code, on).decimal)

    def layer_standards(self, region_code: str, on: dt.date) -> Standards:
        """The 低保 standard, the edge ratio, last year's disposable income and the rigid-spending share that the
        layers (``policy.layers``) compare a household of ``region_code`` with on ``on``."""
        return Standards(
            dibao_monthly=self.table.get("dibao_standard_monthly", region_code, on),
            edge_ratio=self.get_or_default("dibao_edge_ratio", region_code, on),
            disposable=self.table.get("rural_disposable_income", region_code, dt.date(on.year - 1, 12, 31)),
            rigid_share=self.get_or_default("rigid_hardship_share", region_code, on),
            dibao_yearly=self.table.get("dibao_standard_annual", region_code, on),
        )

    def rules(self, region_code: str, on: dt.date, *, elimination: bool = False) -> Rules:
        """The line and the income-drop parameters (and, for elimination, the minimum months and visits) for a
        household of ``region_code``."""
        cache_key = (tuple(lookup_chain(region_code)), on, elimination)
        found = self._rules.get(cache_key)
        if found is None:
            found = self._rules[cache_key] = Rules(
                line=self.table.resolve("monitoring_line", region_code, on),
                min_monitoring_months=self.table.resolve("min_monitoring_months", region_code, on)
                if elimination
                else None,
                income_drop_share=self.get_or_default("income_drop_share", region_code, on),
                income_drop_months=self.get_or_default("income_drop_months", region_code, on),
                elimination_min_visits=self.get_or_default("elimination_min_visits", region_code, on)
                if elimination
                else None,
            )
        return found


def resolve(key: str, region_code: str, on: dt.date, overrides: Any = None) -> Resolved:
    """The value of ``key`` for ``region_code`` on ``on``: county, else province, else national default."""
    return ParameterSet.load(region_code, within=False, overrides=overrides).resolve(key, region_code, on)


def resolve_many(keys: Iterable[str], region_code: str, on: dt.date) -> dict[str, Resolved | None]:
    pset = ParameterSet.load(region_code, within=False)
    return {key: pset.get(key, region_code, on) for key in keys}
