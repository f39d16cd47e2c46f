"""Targets against results: what flowed through each pairing in a year, computed from the ledgers (never typed).

- 帮扶资金: the sum of the pairing's ``Fund`` rows of that fund year.
- 协作项目: projects counted for the year (``PairingProject``; a fund naming a project links it for its year).
- 劳务输出: distinct people whose ``LabourTransfer`` started in the year.
- 人才交流在岗: days on post in the year of each exchange, from its start (or 1 January) to its end — for one still
  on post, today (or 31 December of a past year); both days counted.
- 消费帮扶: ``markets.Purchase.amount`` in the year of the buyers linked to the pairing.
- 联席会议和互访: meetings held in the year.

One grouped query per indicator for any number of pairings (the list, the summary and the page alike)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from shoudi.cooperation import codes
from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    Pairing,
    PairingProject,
    PairingTarget,
    TalentExchange,
)
from shoudi.markets.models import Purchase

IND = codes.Indicator
ZERO = Decimal(0)
Results = dict[Any, dict[str, Decimal]]


def talent_days(started_on: dt.date, ended_on: dt.date | None, year: int, today: dt.date) -> int:
    """Days on post within ``year``: both ends counted; an open exchange runs to today (or the year's end)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    end = min(ended_on or min(today, last), last)
    start = max(started_on, first)
    return (end - start).days + 1 if end >= start else 0


def _grouped(qs: Any, value: Any) -> dict[Any, Decimal]:
    return {r["pairing_id"]: Decimal(r["v"] or 0) for r in qs.values("pairing_id").annotate(v=value).order_by()}


def results(pairing_ids: Iterable[Any], year: int, today: dt.date) -> Results:
    """``{pairing_id: {indicator: value}}`` for the year (every indicator present, 0 when nothing flowed)."""
    ids = list(pairing_ids)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    found: Results = {pid: dict.fromkeys(IND.values, ZERO) for pid in ids}
    if not ids:
        return found
    parts = {
        IND.FUNDS: _grouped(Fund.objects.filter(pairing_id__in=ids, year=year), Sum("amount")),
        IND.PROJECTS: _grouped(
            PairingProject.objects.filter(pairing_id__in=ids, year=year), Count("project", distinct=True)
        ),
        IND.LABOUR: _grouped(
            LabourTransfer.objects.filter(pairing_id__in=ids, started_on__gte=first, started_on__lte=last),
            Count("person", distinct=True),
        ),
        IND.MEETINGS: _grouped(
            Meeting.objects.filter(pairing_id__in=ids, held_on__gte=first, held_on__lte=last), Count("id")
        ),
    }
    for indicator, values in parts.items():
        for pid, value in values.items():
            found[pid][indicator] = value
    exchanges = TalentExchange.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=first), pairing_id__in=ids, started_on__lte=last
    ).values_list("pairing_id", "started_on", "ended_on")
    for pid, started_on, ended_on in exchanges:
        found[pid][IND.TALENT_DAYS] += talent_days(started_on, ended_on, year, today)
    bought = buyer_amounts(year)
    links = Pairing.buyers.through.objects.filter(pairing_id__in=ids).values_list("pairing_id", "buyer_id")
    for pid, buyer_id in links:
        found[pid][IND.CONSUMPTION] += bought.get(buyer_id, ZERO)
    return found


def buyer_amounts(year: int) -> dict[Any, Decimal]:
    """Purchases of the year by every buyer linked to some pairing."""
    linked = Pairing.buyers.through.objects.values("buyer_id")
    rows = (
        Purchase.objects.filter(buyer_id__in=linked, date__gte=dt.date(year, 1, 1), date__lte=dt.date(year, 12, 31))
        .values("buyer_id")
        .annotate(v=Sum("amount"))
        .order_by()
    )
    return {r["buyer_id"]: Decimal(r["v"] or 0) for r in rows}


def targets(pairing_ids: Iterable[Any], year: int) -> Results:
    found: Results = defaultdict(dict)
    for pid, indicator, value in PairingTarget.objects.filter(pairing_id__in=list(pairing_ids), year=year).values_list(
        "pairing_id", "indicator", "value"
    ):
        found[pid][indicator] = value
    return found


@dataclass(frozen=True)
class Row:
    indicator: str
    label: str
    target: Decimal | None
    result: Decimal
    money: bool

    @property
    def share(self) -> float | None:
        """Completion in percent (one decimal), none without a (positive) target."""
        if not self.target:
            return None
        return round(float(self.result / self.target * 100), 1)

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.result >= self.target


def rows(result: dict[str, Decimal], target: dict[str, Decimal]) -> list[Row]:
    return [
        Row(value, str(label), target.get(value), result.get(value, ZERO), value in codes.MONEY_INDICATORS)
        for value, label in IND.choices
    ]
