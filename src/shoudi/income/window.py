"""How the assessment's 12-month window reads 收入核算表 and the monthly finance records — implemented once, read
by ``monitoring.policy_bridge`` (one household), ``policy.batch`` (a whole area) and the reports' village summary.

The rule (README, 收入核算):

1. A line's year is spread over its 12 months: its monthly amounts when it has them, else one twelfth of the
   annual amount each month (to the fen; December takes the remainder).
2. For a month m and an item i: if the sheet of m's year has a line of item i (even 0), the sheet counts;
   otherwise the monthly finance records (``FinanceRecord``, follow-up visits) of item i in m count.
3. A window month whose year has no sheet takes the nearest year's sheet: the latest before it, else the
   earliest after it. A household without any sheet is read from its finance records alone.

The result is a list of ``Row(flow, kind, month, amount)`` — the registry's codes, which ``policy.inputs.
entry_from_row`` turns into the assessment's entries.
"""

from __future__ import annotations

import bisect
import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.db.models import CharField, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Cast

from shoudi.core.access import in_area
from shoudi.income.models import IncomeLine, IncomeSheet
from shoudi.registry.codes import ITEM_KIND
from shoudi.registry.models import FinanceRecord, Household

CENT = Decimal("0.01")
MONTHS = 12
ZERO = Decimal(0)

FLOW_KIND: dict[str, tuple[str, str]] = {item: (str(flow), kind) for item, (flow, kind) in ITEM_KIND.items()}
# year → item → the 12 monthly amounts of that item (all lines of the item added up)
YearItems = dict[int, dict[str, list[Decimal]]]


class Row(NamedTuple):
    flow: str
    kind: str
    month: dt.date
    amount: Decimal


class Record(NamedTuple):
    """A monthly finance record as the window reads it (its stored flow and kind are kept)."""

    month: dt.date
    item: str
    flow: str
    kind: str
    amount: Decimal


def spread(amount: Decimal, monthly: Sequence[Any] | None = None) -> list[Decimal]:
    """The 12 monthly amounts of a line: its own, else a twelfth each (to the fen), December the remainder."""
    if monthly and len(monthly) == MONTHS:
        return [Decimal(str(v)) for v in monthly]
    share = (amount / MONTHS).quantize(CENT, rounding=ROUND_DOWN)
    return [share] * (MONTHS - 1) + [amount - share * (MONTHS - 1)]


def add_line(years: YearItems, year: int, item: str, amount: Decimal, monthly: Sequence[Any] | None) -> None:
    slots = years.setdefault(year, {}).setdefault(item, [ZERO] * MONTHS)
    for n, value in enumerate(spread(amount, monthly)):
        slots[n] += value


def months_of(start: dt.date, end: dt.date) -> list[dt.date]:
    out, day = [], start
    while day <= end:
        out.append(day)
        day = dt.date(day.year + (day.month == MONTHS), day.month % MONTHS + 1, 1)
    return out


def sheet_year(year: int, years: Sequence[int]) -> int | None:
    """The year whose sheet stands for ``year``: itself, else the latest before, else the earliest after."""
    if not years:
        return None
    at = bisect.bisect_left(years, year)
    if at < len(years) and years[at] == year:
        return year
    return years[at - 1] if at > 0 else years[at]


def needed_years(years: Sequence[int], start: dt.date, end: dt.date) -> set[int]:
    """Which sheets a window from ``start`` to ``end`` reads, given the years that have one (sorted)."""
    found = (sheet_year(y, years) for y in range(start.year, end.year + 1))
    return {y for y in found if y is not None}


def window_rows(
    start: dt.date,
    end: dt.date,
    sheets: YearItems,
    records: Iterable[Record],
    months: Sequence[dt.date] = (),
    recent_start: dt.date | None = None,
) -> list[Row]:
    """The household's money in the window by (flow, kind, month), per the rule above. ``sheets`` holds every
    sheet year that stands for a window year (a sheet without lines as an empty dict). With ``recent_start``
    the months are summed into two: ``start`` (the months before it) and ``end`` (it and after) — what the area
    assessment reads, without a row per month."""
    years = sorted(sheets)

    def bucket(month: dt.date) -> dt.date:
        if recent_start is None:
            return month
        return end if month >= recent_start else start

    amounts: dict[tuple[str, str, dt.date], Decimal] = defaultdict(Decimal)
    covered: dict[dt.date, Mapping[str, list[Decimal]]] = {}
    chosen_of: dict[int, int | None] = {}
    for month in months or months_of(start, end):
        if month.year not in chosen_of:
            chosen_of[month.year] = sheet_year(month.year, years)
        chosen = chosen_of[month.year]
        if chosen is None:
            continue
        items = sheets[chosen]
        covered[month] = items
        n, at = month.month - 1, bucket(month)
        for item, monthly in items.items():
            if monthly[n]:
                flow, kind = FLOW_KIND[item]
                amounts[(flow, kind, at)] += monthly[n]
    for record in records:
        if record.item in covered.get(record.month, {}):
            continue
        amounts[(record.flow, record.kind, bucket(record.month))] += record.amount
    return [Row(flow, kind, month, amount) for (flow, kind, month), amount in amounts.items() if amount]


# ---- loading from the database --------------------------------------------------------------------------


def household_key(field: str) -> Cast | F:
    """How the area readers key households: SQLite keeps UUIDs as text, read as text (no per-row conversion);
    PostgreSQL's native uuid decodes fast. ``policy.batch`` keys its rows the same way."""
    if connection.vendor == "sqlite":
        return Cast(field, output_field=CharField())
    return F(field)


def _records(queryset: QuerySet[FinanceRecord]) -> Iterable[tuple[Any, Record]]:
    rows = (
        queryset.annotate(key=household_key("household_id"))
        .values_list("key", "month", "item", "flow", "kind", "amount")
        .order_by()
    )
    for household, month, item, flow, kind, amount in rows.iterator(chunk_size=5000):
        yield household, Record(month, item, flow, kind, amount)


def _not_covered_by_own_year(start: dt.date, end: dt.date) -> Q:
    """Records of an item their own year's sheet has never count (rule 2): left out in SQL, one constant year at
    a time, so no date function runs per row. The nearest-year fill is applied in Python (``window_rows``)."""
    q = Q()
    for year in range(start.year, end.year + 1):
        lines = IncomeLine.objects.filter(
            sheet__household_id=OuterRef("household_id"), sheet__year=year, item=OuterRef("item")
        )
        in_year = Q(month__gte=dt.date(year, 1, 1), month__lte=dt.date(year, MONTHS, 1))
        q &= ~(in_year & Q(Exists(lines)))
    return q


def household_rows(household: Household, start: dt.date, end: dt.date) -> list[Row]:
    """One household's money in the window (the monitoring case page, decisions, the 集中排查 visit)."""
    records = [r for _, r in _records(household.finance_records.filter(month__gte=start, month__lte=end))]
    years = sorted(IncomeSheet.objects.filter(household=household).values_list("year", flat=True))
    sheets: YearItems = {}
    if years:
        wanted = needed_years(years, start, end)
        sheets = {year: {} for year in wanted}  # a sheet without lines still stands for its year
        lines = IncomeLine.objects.filter(sheet__household=household, sheet__year__in=wanted)
        for year, item, amount, monthly in lines.values_list("sheet__year", "item", "amount", "monthly"):
            add_line(sheets, year, item, amount, monthly)
    return window_rows(start, end, sheets, records)


def sheet_households(region_code: str) -> QuerySet[IncomeSheet, Any]:
    """The ids of the area's households that have a sheet (a subquery for the SQL paths that skip them)."""
    return IncomeSheet.objects.filter(in_area("household__village_id", region_code)).values("household_id")


def area_rows(
    region_code: str, start: dt.date, end: dt.date, recent_start: dt.date | None = None
) -> dict[Any, list[Row]]:
    """Every household of the area that has a sheet (keyed by ``household_key``), with its money in the window
    (with ``recent_start``: in two sums, see ``window_rows``). Households without any sheet are not here: their
    finance records are summed in SQL by the caller."""
    by_household: dict[Any, list[int]] = defaultdict(list)
    sheets_q = IncomeSheet.objects.filter(in_area("household__village_id", region_code))
    keyed = sheets_q.annotate(key=household_key("household_id")).values_list("key", "year").order_by()
    for key, year in keyed.iterator(chunk_size=5000):
        by_household[key].append(year)
    if not by_household:
        return {}
    wanted: dict[Any, set[int]] = {h: needed_years(sorted(ys), start, end) for h, ys in by_household.items()}
    all_years = set().union(*wanted.values())
    sheets: dict[Any, YearItems] = {h: {year: {} for year in ys} for h, ys in wanted.items()}
    lines = (
        IncomeLine.objects.filter(Q(sheet__year__in=all_years), in_area("sheet__household__village_id", region_code))
        .annotate(key=household_key("sheet__household_id"))
        .values_list("key", "sheet__year", "item", "amount", "monthly")
        .order_by()
    )
    for key, year, item, amount, monthly in lines.iterator(chunk_size=5000):
        if year in wanted[key]:
            add_line(sheets[key], year, item, amount, monthly)
    records: dict[Any, list[Record]] = defaultdict(list)
    finance = FinanceRecord.objects.filter(
        _not_covered_by_own_year(start, end),
        in_area("household__village_id", region_code),
        month__gte=start,
        month__lte=end,
        household_id__in=sheet_households(region_code),
    )
    for key, record in _records(finance):
        records[key].append(record)
    months = months_of(start, end)
    return {h: window_rows(start, end, sheets[h], records.get(h, ()), months, recent_start) for h in by_household}


# ---- whole years, for the reports' village monthly summary ----------------------------------------------


def year_rows(sheets: YearItems, records: Iterable[Record]) -> list[Row]:
    """Every month of every sheet year, and the months of the records: rules 1 and 2 without the nearest-year
    fill (a monthly summary shows what was collected for each month, not a stand-in)."""
    amounts: dict[tuple[str, str, dt.date], Decimal] = defaultdict(Decimal)
    for year, items in sheets.items():
        for item, monthly in items.items():
            flow, kind = ITEM_KIND[item]
            for n, value in enumerate(monthly):
                amounts[(str(flow), kind, dt.date(year, n + 1, 1))] += value
    for record in records:
        if record.item in sheets.get(record.month.year, {}):
            continue
        amounts[(record.flow, record.kind, record.month)] += record.amount
    return [Row(flow, kind, month, amount) for (flow, kind, month), amount in amounts.items()]


def households_year_rows(household_ids: Sequence[uuid.UUID], chunk: int = 500) -> dict[uuid.UUID, list[Row]]:
    """``year_rows`` of each household (those with a sheet), read in chunks of ``chunk`` households."""
    out: dict[uuid.UUID, list[Row]] = {}
    for at in range(0, len(household_ids), chunk):
        ids = list(household_ids[at : at + chunk])
        sheets: dict[uuid.UUID, YearItems] = defaultdict(dict)
        for household_id, year in IncomeSheet.objects.filter(household_id__in=ids).values_list("household_id", "year"):
            sheets[household_id].setdefault(year, {})
        lines = IncomeLine.objects.filter(sheet__household_id__in=ids).values_list(
            "sheet__household_id", "sheet__year", "item", "amount", "monthly"
        )
        for household_id, year, item, amount, monthly in lines.order_by().iterator(chunk_size=5000):
            add_line(sheets[household_id], year, item, amount, monthly)
        records: dict[uuid.UUID, list[Record]] = defaultdict(list)
        finance = FinanceRecord.objects.filter(household_id__in=ids).values_list(
            "household_id", "month", "item", "flow", "kind", "amount"
        )
        for household_id, month, item, flow, kind, amount in finance.order_by().iterator(chunk_size=5000):
            records[household_id].append(Record(month, item, flow, kind, amount))
        out.update({h: year_rows(sheets.get(h, {}), records.get(h, ())) for h in ids})
    return out
