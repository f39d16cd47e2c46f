"""Reading parameters from the database: ``resolve`` for one value, ``ParameterSet`` for many (batch use).

Every answer is a ``Resolved`` that carries the record it came from (and, for a formula, its inputs), so a
page, a report or the command line can say which value applied and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Q

from shoudi.core.access import in_area
from shoudi.policy.assessment import Rules
from shoudi.policy.keys import lookup_chain
from shoudi.policy.models import Parameter
from shoudi.policy.values import ParameterTable, ParamRecord, Resolved, parse_entries

ASSESSMENT_KEYS = ("monitoring_line", "min_monitoring_months")


def _codes_q(region_code: str, *, within: bool) -> Q:
    """Records that may apply to ``region_code`` (and, with ``within``, to any county inside it)."""
    q = Q(region_code__in=lookup_chain(region_code))
    if within and len(region_code) < 6:
        q |= in_area("region_code", region_code)
    return q


def stored_records(region_code: str, *, within: bool = False) -> list[ParamRecord]:
    rows = Parameter.objects.filter(_codes_q(region_code, within=within)).order_by("key", "region_code", "valid_from")
    return [p.record() for p in rows]


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

    def rules(self, region_code: str, on: dt.date, *, elimination: bool = False) -> Rules:
        """The line (and, for elimination, the minimum months) for a household of ``region_code``."""
        cache_key = (tuple(lookup_chain(region_code)), on, elimination)
        found = self._rules.get(cache_key)
        if found is None:
            line = self.table.resolve("monitoring_line", region_code, on)
            months = self.table.resolve("min_monitoring_months", region_code, on) if elimination else None
            found = self._rules[cache_key] = Rules(line=line, min_monitoring_months=months)
        return found


def resolve(key: str, region_code: str, on: dt.date, overrides: Any = None) -> Resolved:
    """The value of ``key`` for ``region_code`` on ``on``: county, else province, else national default."""
    return ParameterSet.load(region_code, within=False, overrides=overrides).resolve(key, region_code, on)


def resolve_many(keys: Iterable[str], region_code: str, on: dt.date) -> dict[str, Resolved | None]:
    pset = ParameterSet.load(region_code, within=False)
    return {key: pset.get(key, region_code, on) for key in keys}
