"""Reads of 收入核算. Households are reached through the registry's scoped access (``access_household_by_id``);
a sheet is only ever read through its household.

``sheet_summary`` is what the page, the API, the household panel and the 集中排查 visit show: totals by kind,
net income (income − production costs), members counted (those actually living in the household, as the
assessment counts them), per-capita net income, and last year's per-capita with the change in per cent — a
warning when it moves by more than ``WARN_CHANGE`` per cent.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from shoudi.income.models import IncomeLine, IncomeSheet, Source
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household

CENT = Decimal("0.01")
WARN_CHANGE = Decimal(30)
KIND_LABELS: dict[str, str] = {
    **{k.value: f"{k.label}收入" for k in rcodes.IncomeKind},
    "production_cost": "生产经营性支出",
    "rigid": "刚性支出",
    "insurance_claim": "保险理赔",
}


def sheet_for(household: Household, year: int) -> IncomeSheet | None:
    """The household's sheet of ``year`` with its lines (prefetched), or None."""
    return IncomeSheet.objects.filter(household=household, year=year).prefetch_related("lines").first()


def sheets_for(household: Household, years: list[int]) -> dict[int, IncomeSheet]:
    """The household's sheets of ``years`` with their lines, in two queries."""
    qs = IncomeSheet.objects.filter(household=household, year__in=years).prefetch_related("lines")
    return {sheet.year: sheet for sheet in qs}


def sheet_years(household: Household) -> list[int]:
    return list(IncomeSheet.objects.filter(household=household).order_by("-year").values_list("year", flat=True))


def sheet_lines(sheet: IncomeSheet | None) -> list[IncomeLine]:
    return list(sheet.lines.all()) if sheet is not None else []


def department_lines(household: Household) -> QuerySet[IncomeLine]:
    """The figures departments sent (source 部门数据), newest year first."""
    return (
        IncomeLine.objects.filter(sheet__household=household, source=Source.FEED)
        .select_related("sheet")
        .order_by("-sheet__year", "item", "batch_ref")
    )


def members_counted(household: Household) -> int:
    return household.members.filter(living_in=True).count()


def per_capita(amount: Decimal, members: int) -> Decimal | None:
    if members <= 0:
        return None
    return (amount / members).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class Summary:
    year: int
    kinds: dict[str, Decimal] = field(default_factory=dict)  # KIND_LABELS keys
    income: Decimal = Decimal(0)
    costs: Decimal = Decimal(0)
    members: int = 0
    per_capita: Decimal | None = None
    last_per_capita: Decimal | None = None
    change: Decimal | None = None  # per cent against last year
    last_kinds: dict[str, Decimal] = field(default_factory=dict)
    last_net: Decimal | None = None

    @property
    def net(self) -> Decimal:
        return self.income - self.costs

    @property
    def warning(self) -> bool:
        return self.change is not None and abs(self.change) > WARN_CHANGE

    def rows(self) -> list[tuple[str, Decimal]]:
        return [(KIND_LABELS[k], self.kinds.get(k, Decimal(0))) for k in KIND_LABELS]

    def compare(self) -> list[tuple[str, str, Decimal, Decimal | None]]:
        """(kind, label, this year, last year — None without last year's sheet) for the totals table."""
        last = self.last_kinds if self.last_net is not None else None
        return [
            (k, label, self.kinds.get(k, Decimal(0)), None if last is None else last.get(k, Decimal(0)))
            for k, label in KIND_LABELS.items()
        ]

    def as_dict(self) -> dict[str, Any]:
        money = lambda v: f"{v:.2f}" if v is not None else None  # noqa: E731
        return {
            "year": self.year,
            "kinds": {k: money(self.kinds.get(k, Decimal(0))) for k in KIND_LABELS},
            "income": money(self.income),
            "costs": money(self.costs),
            "net_income": money(self.net),
            "members_counted": self.members,
            "per_capita_net_income": money(self.per_capita),
            "last_year_per_capita": money(self.last_per_capita),
            "change_percent": money(self.change),
            "warning": self.warning,
        }


def totals(lines: list[IncomeLine], year: int, members: int) -> Summary:
    """Totals of ``lines`` (of one sheet) for ``members`` counted people."""
    kinds: dict[str, Decimal] = defaultdict(Decimal)
    summary = Summary(year=year, members=members)
    for line in lines:
        flow, kind = rcodes.ITEM_KIND[line.item]
        key = "rigid" if flow == rcodes.Flow.RIGID else kind
        kinds[key] += line.amount
        if flow == rcodes.Flow.INCOME:
            summary.income += line.amount
        elif flow == rcodes.Flow.COST:
            summary.costs += line.amount
    summary.kinds = dict(kinds)
    summary.per_capita = per_capita(summary.net, members)
    return summary


def change_percent(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or before is None or before == 0:
        return None
    return ((now - before) * 100 / abs(before)).quantize(CENT, rounding=ROUND_HALF_UP)


def summary_for(
    household: Household,
    year: int,
    sheet: IncomeSheet | None = None,
    *,
    sheets: dict[int, IncomeSheet] | None = None,
    members: int | None = None,
) -> Summary:
    """This year's totals (from ``sheet``, or the stored sheet) beside last year's per-capita figure. ``sheets``
    (``sheets_for`` of both years) and ``members`` spare the reads when a page shows several years."""
    if members is None:
        members = members_counted(household)
    if sheets is None:
        sheets = sheets_for(household, [year - 1] if sheet is not None else [year, year - 1])
    current, last = (sheet if sheet is not None else sheets.get(year)), sheets.get(year - 1)
    summary = totals(sheet_lines(current), year, members)
    if last is not None:
        before = totals(sheet_lines(last), year - 1, members)
        summary.last_per_capita, summary.last_kinds, summary.last_net = before.per_capita, before.kinds, before.net
    summary.change = change_percent(summary.per_capita, summary.last_per_capita)
    return summary


def sheet_summary(sheet: IncomeSheet) -> Summary:
    """Totals by kind, net and per-capita net income of ``sheet``, and the change from last year's sheet."""
    return summary_for(sheet.household, sheet.year, sheet)
