"""The village income summary (村月度收支汇总) that the income indicators read.

A province holds some 70 million finance rows; adding them up for every report would take minutes. The
summary keeps, per village, month and 脱贫户 or not, the households' net income (income − production costs)
and the person-months of households with records that month. Households with a 收入核算表 are read through
``income.window.year_rows`` (a sheet's line of an item replaces the finance records of that item in its
year; a record of an item the sheet lacks still counts). It follows the registry:

- ``refresh(area)`` rebuilds an area whole — after a bulk load (the synthetic county and province writers
  call it) and nightly by cron (``shoudi report refresh-income``);
- the registry's services and its household import announce the villages they changed
  (``registry.signals.villages_changed``), which are marked (``IncomeDirty``); ``ensure(area)`` rebuilds the
  marked villages before a report reads, and the whole area the first time nothing covers it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from contextlib import suppress
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from shoudi.core.access import code_range, covering_codes, in_area
from shoudi.income.models import IncomeSheet
from shoudi.income.window import households_year_rows
from shoudi.registry import codes as rcodes
from shoudi.registry.models import FinanceRecord, Household, Person
from shoudi.reports.models import IncomeDirty, IncomeMonth, IncomeRefresh

CHUNK = 500  # villages per rebuild statement
# Two reports rebuilding the same villages at once: the second's insert meets the first's rows (its delete
# could not see them). The summary is fresh either way, so the second gives way.
RACED = IntegrityError
FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)

BUILD_SQL = """
INSERT INTO {summary} (village_id, month, former_poor, net, person_months)
SELECT h.village_id, f.month, h.status IN (%(fp0)s, %(fp1)s), SUM(f.net), SUM(m.members)
FROM (
    SELECT r.household_id, r.month,
           SUM(CASE WHEN r.flow = %(income)s THEN r.amount WHEN r.flow = %(cost)s THEN -r.amount ELSE 0 END) AS net
    FROM {finance} r
    WHERE r.household_id IN (SELECT id FROM {household} WHERE {where})
      AND r.household_id NOT IN (SELECT household_id FROM {sheet})
    GROUP BY r.household_id, r.month
) f
JOIN {household} h ON h.id = f.household_id
JOIN (
    SELECT household_id, COUNT(*) AS members FROM {person}
    WHERE household_id IN (SELECT id FROM {household} WHERE {where})
    GROUP BY household_id
) m ON m.household_id = h.id
GROUP BY h.village_id, f.month, h.status IN (%(fp0)s, %(fp1)s)
"""


def _build(where: str, params: dict[str, Any], villages: Q) -> None:
    sql = BUILD_SQL.format(
        summary=IncomeMonth._meta.db_table,
        finance=FinanceRecord._meta.db_table,
        household=Household._meta.db_table,
        person=Person._meta.db_table,
        sheet=IncomeSheet._meta.db_table,
        where=where,
    )
    base = {
        "fp0": str(FORMER_POOR[0]),
        "fp1": str(FORMER_POOR[1]),
        "income": rcodes.Flow.INCOME.value,
        "cost": rcodes.Flow.COST.value,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, {**base, **params})
    _add_sheets(villages)


def _add_sheets(villages: Q) -> None:
    """Households with a 收入核算表 (left out of the SQL above): their months from sheets and finance records by
    ``income.window.year_rows`` (a sheet's item wins over the records of that item), added to the summary."""
    households = (
        Household.objects.filter(villages, pk__in=IncomeSheet.objects.values("household_id"))
        .annotate(member_count=Count("members"))
        .values_list("id", "village_id", "status", "member_count")
        .order_by()
    )
    facts = {h: (village, status in FORMER_POOR, members) for h, village, status, members in households}
    if not facts:
        return
    sums: dict[tuple[str, dt.date, bool], list[Any]] = defaultdict(lambda: [Decimal(0), 0])
    for household_id, rows in households_year_rows(list(facts)).items():
        village, former_poor, members = facts[household_id]
        months: dict[dt.date, Decimal] = defaultdict(Decimal)
        for flow, _kind, month, amount in rows:
            sign = 1 if flow == rcodes.Flow.INCOME else -1 if flow == rcodes.Flow.COST else 0
            months[month] += sign * amount
        for month, net in months.items():
            cell = sums[(village, month, former_poor)]
            cell[0] += net
            cell[1] += members
    existing = IncomeMonth.objects.filter(village_id__in={k[0] for k in sums})
    found = {(r.village_id, r.month, r.former_poor): r for r in existing}
    changed, new = [], []
    for (village, month, former_poor), (net, person_months) in sums.items():
        row = found.get((village, month, former_poor))
        if row is None:
            new.append(
                IncomeMonth(
                    village_id=village, month=month, former_poor=former_poor, net=net, person_months=person_months
                )
            )
        else:
            row.net += net
            row.person_months += person_months
            changed.append(row)
    IncomeMonth.objects.bulk_update(changed, ["net", "person_months"], batch_size=1000)
    IncomeMonth.objects.bulk_create(new, batch_size=1000)


def refresh(area: str) -> float:
    """Rebuild the summary of every village in ``area``; the seconds it took."""
    started = time.perf_counter()
    lo, hi = code_range(area)
    with suppress(RACED), transaction.atomic():
        IncomeMonth.objects.filter(in_area("village_id", area)).delete()
        _build("village_id >= %(lo)s AND village_id <= %(hi)s", {"lo": lo, "hi": hi}, in_area("village_id", area))
        IncomeDirty.objects.filter(in_area("village_id", area)).delete()
        IncomeRefresh.objects.update_or_create(
            area_id=area,
            defaults={"refreshed_at": timezone.now(), "seconds": Decimal(f"{time.perf_counter() - started:.3f}")},
        )
    return time.perf_counter() - started


def refresh_villages(villages: Iterable[str]) -> None:
    ordered = sorted(set(villages))
    for start in range(0, len(ordered), CHUNK):
        chunk = ordered[start : start + CHUNK]
        names = {f"v{i}": code for i, code in enumerate(chunk)}
        with suppress(RACED), transaction.atomic():
            IncomeMonth.objects.filter(village_id__in=chunk).delete()
            _build(f"village_id IN ({', '.join(f'%({n})s' for n in names)})", names, Q(village_id__in=chunk))
            IncomeDirty.objects.filter(village_id__in=chunk).delete()


def covered(area: str) -> bool:
    """Whether a whole rebuild of ``area`` or of an area above it was ever made."""
    return IncomeRefresh.objects.filter(area_id__in=covering_codes(area)).exists()


def ensure(area: str) -> None:
    """Bring the summary of ``area`` up to date before it is read."""
    if not covered(area):
        refresh(area)
        return
    dirty = list(IncomeDirty.objects.filter(in_area("village_id", area)).values_list("village_id", flat=True))
    if dirty:
        refresh_villages(dirty)


def mark_dirty(villages: Iterable[str]) -> None:
    rows = [IncomeDirty(village_id=v) for v in set(villages) if v]
    if rows:
        IncomeDirty.objects.bulk_create(rows, ignore_conflicts=True)


def on_villages(sender: Any, villages: Iterable[str], **kwargs: Any) -> None:
    """Receiver of ``registry.signals.villages_changed`` (connected in ``ReportsConfig.ready``)."""
    mark_dirty(villages)
