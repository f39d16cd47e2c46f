"""Department figures into 收入核算 (income.services.feed_lines_replace): what a matched feed record's amount is
in the household's income and spending, on the sheet of the record's year.

| source | amount | item |
| --- | --- | --- |
| 医保结算 ``medical_claims`` | 合规自付费用 | rigid ``medical`` |
| 应急灾情 ``disaster`` | 损失金额 | rigid ``disaster`` |
| 民政救助 ``civil_assistance`` | 金额 | ``dibao`` (低保), ``tekun`` (特困), else ``other_transfer`` |

The amounts of one batch are added up per household, year and item and replace that batch's lines (applying a
batch again, or confirming one more fuzzy match of it, never doubles a figure).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.feeds.sources import SOURCES
from shoudi.income.services import feed_lines_replace
from shoudi.registry.models import Household

CIVIL_ITEMS = {"低保": "dibao", "特困": "tekun"}
INCOME_SOURCES = frozenset({"medical_claims", "disaster", "civil_assistance"})


def _item_amount(source: str, category: str, amount: Decimal | None, oop: Decimal | None) -> tuple[str, Any]:
    if source == "medical_claims":
        return "medical", oop
    if source == "disaster":
        return "disaster", amount
    return CIVIL_ITEMS.get(category, "other_transfer"), amount


def carry_income(batch: FeedBatch, *, by: Any, households: Iterable[Any] | None = None) -> int:
    """Write the batch's amounts onto its households' sheets (all of them, or only ``households``); the number
    of household-years written. Call inside the transaction that writes or matches the records."""
    if batch.source not in INCOME_SOURCES:
        return 0
    records = FeedRecord.objects.filter(batch=batch, household__isnull=False)
    if households is not None:
        records = records.filter(household_id__in=list(households))
    totals: dict[tuple[Any, int], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    rows = records.values_list("household_id", "on", "year", "category", "amount", "amount_oop").order_by()
    for household_id, on, year, category, amount, oop in rows.iterator(chunk_size=2000):
        item, value = _item_amount(batch.source, category, amount, oop)
        when = on.year if on is not None else year
        if value is None or when is None:
            continue
        totals[(household_id, when)][item] += value
    department = SOURCES[batch.source].department
    found = Household.objects.in_bulk({household_id for household_id, _ in totals})
    written = 0
    for (household_id, year), amounts in totals.items():
        household = found.get(household_id)
        kept = {item: amount for item, amount in amounts.items() if amount}
        if household is None or not kept:
            continue
        sheet = feed_lines_replace(
            by=by, household=household, year=year, department=department, batch_ref=str(batch.pk), amounts=kept
        )
        written += sheet is not None
    return written
