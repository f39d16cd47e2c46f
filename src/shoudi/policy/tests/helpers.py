"""Builders for the pure assessment tests: a household in 松桃 (Guizhou), Guizhou's 2021 line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.policy.assessment import Entry, HouseholdFacts, Labour, Measure, Member, Method, Rules
from shoudi.policy.values import ParamRecord, Resolved

AS_OF = dt.date(2021, 6, 15)  # window 2020-06 … 2021-05


def month(text: str) -> dt.date:
    year, mon = text.split("-")
    return dt.date(int(year), int(mon), 1)


def entry(m: str, amount: str, kind: str = "wage") -> Entry:
    return Entry(month(m), kind, Decimal(amount))


def monthly(amount: str, first: str = "2020-06", months: int = 12, kind: str = "wage") -> tuple[Entry, ...]:
    start = month(first)
    out = []
    for i in range(months):
        index = start.year * 12 + start.month - 1 + i
        out.append(Entry(dt.date(index // 12, index % 12 + 1, 1), kind, Decimal(amount)))
    return tuple(out)


def members(n: int = 1, labour: Labour = Labour.ORDINARY, **kw: Any) -> tuple[Member, ...]:
    return tuple(Member(labour=labour, **kw) for _ in range(n))


def household(**kw: Any) -> HouseholdFacts:
    defaults: dict[str, Any] = {
        "ref": "测试户",
        "region": "520628101203",
        "former_poor": False,
        "members": members(1),
        "risks": ("因病",),
    }
    defaults.update(kw)
    return HouseholdFacts(**defaults)


def resolved(key: str, value: str, region: str = "52", value_type: str = "decimal") -> Resolved:
    rec = ParamRecord(
        key=key,
        region_code=region,
        valid_from=dt.date(2021, 1, 1),
        valid_to=dt.date(2021, 12, 31),
        value_type=value_type,
        value=value,
        source="测试依据",
    )
    return Resolved(key, Decimal(value) if value_type == "decimal" else int(value), rec)


def rules(line: str = "6320", months: int = 6) -> Rules:
    return Rules(
        line=resolved("monitoring_line", line),
        min_monitoring_months=resolved("min_monitoring_months", str(months), "00", "integer"),
    )


def eligible_household(**kw: Any) -> HouseholdFacts:
    """Monitored since 2020-12-01 (6 whole months on 2021-06-15), assisted, 1,000 元 a month: eligible."""
    defaults: dict[str, Any] = {
        "income": monthly("1000"),
        "identified_on": dt.date(2020, 12, 1),
        "method": Method.ASSISTED,
        "measures": (Measure("产业帮扶", dt.date(2021, 1, 1)),),
    }
    defaults.update(kw)
    return household(**defaults)
