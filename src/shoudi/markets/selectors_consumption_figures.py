"""Figures of 消费帮扶 for a year, in a constant number of grouped queries:

- per buyer: total bought, by channel, of which of recognised products (其中认定产品: dated within the product's
  certificate period, ``recognised_q``), its canteen budget × reserved share (its own, else the county's parameter
  ``consumption_reserved_share``) = the reserved amount, completion % — recognised purchases ÷ reserved amount —
  and the flag 未达预留份额 for budget units and unions whose recognised purchases stay below it;
- per supplier: sales of the year (of which of recognised products), the households it drives that year (联农带农: count, of which 脱贫户 — the
  registry's status — and 监测对象 — a monitoring case covering some day of the year) and the income amount;
- the county's totals by channel and by product category.

All reads go through ``selectors_consumption.ledger_q`` (the user's counties)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear

from shoudi.employment.workshops import FORMER_POOR, monitored_between
from shoudi.markets import codes, params
from shoudi.markets.consumption_products import RESERVING_KINDS, recognised_q, unrecognised_q
from shoudi.markets.models_consumption import Buyer, BuyerYear, Purchase, Supplier, SupplierHousehold
from shoudi.markets.selectors_consumption import buyer_list, ledger_q, require_view, supplier_list

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
SHORT_FLAG = "未达预留份额"
CHANNELS = list(codes.Channel.choices)
CATEGORIES = list(codes.ProductCategory.choices)


def year_span(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def cents(value: Any) -> Decimal:
    """A database sum as yuan with two places (SQLite drops trailing zeros)."""
    return Decimal(value or 0).quantize(CENT)


def percent(num: Decimal, den: Decimal | None) -> Decimal | None:
    if not den:
        return None
    return (Decimal(100) * num / den).quantize(Decimal("0.1"))


@dataclass
class BuyerTotal:
    buyer: Buyer
    total: Decimal = ZERO
    recognised: Decimal = ZERO  # 其中认定产品: what counts toward the reserved share
    by_channel: dict[str, Decimal] = field(default_factory=dict)
    budget: Decimal | None = None
    share: Decimal | None = None
    share_own: bool = False
    reserved: Decimal | None = None
    completion: Decimal | None = None
    flagged: bool = False

    @property
    def channels(self) -> list[Decimal]:
        return [self.by_channel.get(code, ZERO) for code, _ in CHANNELS]

    @property
    def reserving(self) -> bool:
        return self.buyer.kind in RESERVING_KINDS


class ShareOf:
    """The county parameter ``consumption_reserved_share`` for a year, read once per county."""

    def __init__(self, year: int) -> None:
        self.on = year_span(year)[1]
        self.found: dict[str, Decimal] = {}

    def __call__(self, county: str) -> Decimal:
        if county not in self.found:
            self.found[county] = params.decimal("consumption_reserved_share", county, self.on)
        return self.found[county]


def buyer_totals(user: Any, year: int, *, kind: str = "", text: str = "", buyer: Any = None) -> list[BuyerTotal]:
    buyers = buyer_list(user, kind=kind, text=text)
    if buyer is not None:
        buyers = buyers.filter(pk=buyer)
    rows = {b.pk: BuyerTotal(buyer=b) for b in buyers}
    bought = (
        Purchase.objects.filter(ledger_q(user), date__year=year, buyer_id__in=list(rows))
        .order_by()
        .values("buyer_id", "channel")
        .annotate(recognised=Sum("amount", filter=recognised_q()), amount=Sum("amount"))
    )
    for r in bought:
        row = rows[r["buyer_id"]]
        row.by_channel[r["channel"]] = cents(r["amount"])
        row.total += cents(r["amount"])
        row.recognised += cents(r["recognised"])
    share_of = ShareOf(year)
    for y in BuyerYear.objects.filter(buyer_id__in=list(rows), year=year):
        row = rows[y.buyer_id]
        row.budget = y.canteen_budget
        row.share_own = y.reserved_share is not None
        row.share = y.reserved_share if y.reserved_share is not None else share_of(row.buyer.county_id)
        row.reserved = (y.canteen_budget * row.share).quantize(CENT)
        row.completion = percent(row.recognised, row.reserved)
        row.flagged = row.reserving and row.reserved > 0 and row.recognised < row.reserved
    return list(rows.values())


@dataclass
class SupplierTotal:
    supplier: Supplier
    amount: Decimal = ZERO
    recognised: Decimal = ZERO
    purchases: int = 0
    households: int = 0
    former_poor: int = 0
    monitored: int = 0
    driven_amount: Decimal = ZERO


def _links(year: int, **where: Any) -> Any:
    start, end = year_span(year)
    return (
        SupplierHousehold.objects.filter(year=year, **where)
        .annotate(under_monitoring=monitored_between("household_id", start, end))
        .order_by()
    )


LINK_COUNTS = {
    "households": Count("household_id", distinct=True),
    "former_poor": Count("household_id", distinct=True, filter=Q(household__status__in=FORMER_POOR)),
    "monitored": Count("household_id", distinct=True, filter=Q(under_monitoring=True)),
    "driven_amount": Sum("amount"),
}


def supplier_totals(
    user: Any, year: int, *, kind: str = "", text: str = "", supplier: Any = None
) -> list[SupplierTotal]:
    suppliers = supplier_list(user, kind=kind, text=text)
    if supplier is not None:
        suppliers = suppliers.filter(pk=supplier)
    rows = {s.pk: SupplierTotal(supplier=s) for s in suppliers}
    sales = (
        Purchase.objects.filter(ledger_q(user), date__year=year, supplier_id__in=list(rows))
        .order_by()
        .values("supplier_id")
        .annotate(recognised=Sum("amount", filter=recognised_q()), amount=Sum("amount"), n=Count("id"))
    )
    for r in sales:
        rows[r["supplier_id"]].amount = cents(r["amount"])
        rows[r["supplier_id"]].recognised = cents(r["recognised"])
        rows[r["supplier_id"]].purchases = r["n"]
    for r in _links(year, supplier_id__in=list(rows)).values("supplier_id").annotate(**LINK_COUNTS):
        row = rows[r["supplier_id"]]
        row.households, row.former_poor, row.monitored = r["households"], r["former_poor"], r["monitored"]
        row.driven_amount = cents(r["driven_amount"])
    return list(rows.values())


def supplier_years(supplier: Supplier) -> list[dict[str, Any]]:
    """The supplier's sales and the households it drove, year by year (newest first)."""
    sales = {
        r["y"]: r
        for r in Purchase.objects.filter(supplier=supplier)
        .annotate(y=ExtractYear("date"))
        .order_by()
        .values("y")
        .annotate(recognised=Sum("amount", filter=recognised_q()), amount=Sum("amount"), n=Count("id"))
    }
    years = set(sales) | set(SupplierHousehold.objects.filter(supplier=supplier).values_list("year", flat=True))
    out = []
    for year in sorted(years, reverse=True):
        links = _links(year, supplier=supplier).aggregate(**LINK_COUNTS)
        found = sales.get(year, {})
        out.append(
            {
                "year": year,
                "amount": cents(found.get("amount")),
                "recognised": cents(found.get("recognised")),
                "purchases": found.get("n") or 0,
                "households": links["households"],
                "former_poor": links["former_poor"],
                "monitored": links["monitored"],
                "driven_amount": cents(links["driven_amount"]),
            }
        )
    return out


def county_totals(user: Any, year: int) -> dict[str, Any]:
    """The year's totals of the user's ledgers: amount and count (of which of recognised products, and the count of
    purchases 非认定期内), by channel, by product category; budget units
    and unions meeting their reserved share; suppliers with sales; households driven."""
    require_view(user)
    bought = Purchase.objects.filter(ledger_q(user), date__year=year).order_by()
    by_channel = {
        r["channel"]: r
        for r in bought.values("channel").annotate(
            recognised=Sum("amount", filter=recognised_q()),
            outside=Count("id", filter=unrecognised_q()),
            amount=Sum("amount"),
            n=Count("id"),
        )
    }
    by_category = {
        r["product__category"]: cents(r["amount"])
        for r in bought.values("product__category").annotate(amount=Sum("amount"))
    }
    total = sum((cents(r["amount"]) for r in by_channel.values()), ZERO)
    reserving = [b for b in buyer_totals(user, year) if b.reserving and b.reserved]
    links = _links(year, supplier__in=Supplier.objects.filter(ledger_q(user))).aggregate(**LINK_COUNTS)
    return {
        "year": year,
        "total": total,
        "count": sum(r["n"] for r in by_channel.values()),
        "recognised": sum((cents(r["recognised"]) for r in by_channel.values()), ZERO),
        "outside_count": sum(r["outside"] for r in by_channel.values()),
        "channels": [(code, label, cents(by_channel.get(code, {}).get("amount"))) for code, label in CHANNELS],
        "categories": [(code, label, by_category.get(code) or ZERO) for code, label in CATEGORIES],
        "reserving": len(reserving),
        "reserving_met": sum(1 for b in reserving if not b.flagged),
        "reserved": sum((b.reserved or ZERO for b in reserving), ZERO),
        "suppliers": bought.values("supplier_id").distinct().count(),
        "households": links["households"],
        "former_poor": links["former_poor"],
        "monitored": links["monitored"],
    }


def channel_months(user: Any, year: int) -> dict[str, list[float]]:
    """Amount per month and channel (the home page's chart)."""
    months: dict[str, list[float]] = defaultdict(lambda: [0.0] * 12)
    rows = (
        Purchase.objects.filter(ledger_q(user), date__year=year)
        .annotate(m=ExtractMonth("date"))
        .order_by()
        .values("m", "channel")
        .annotate(amount=Sum("amount"))
    )
    for r in rows:
        months[r["channel"]][r["m"] - 1] = float(r["amount"])
    return dict(months)
