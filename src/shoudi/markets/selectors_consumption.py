"""Reads of the 消费帮扶 ledgers, always scoped: a user sees the ledgers of the counties in their area, and a
township's staff the ledger of their own county (``ledger_q``); the households a supplier drives only within the
user's own area. Anyone without ``VIEW_MARKETS`` (or a clerk of another department) sees nothing: 404.

``access_<thing>_by_id`` returns one row or raises ``NotVisible`` for absent, outside and malformed alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Max, Min, Q, QuerySet, Sum, Value, When

from shoudi.core.access import Capability, NotVisible, get_visible_or_404, in_area
from shoudi.markets.access import VIEW, may
from shoudi.markets.consumption_products import recognised_q, unrecognised_q
from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Purchase, Supplier, SupplierHousehold
from shoudi.monitoring.presenters import short_name
from shoudi.regions.models import Level, Region
from shoudi.registry.idnumber import mask_phone

LIST_LIMIT = 300


def ledger_q(user: Any, field: str = "county_id") -> Q:
    """Rows of the counties the user may read: those in their area, or their own county below county level."""
    area = str(getattr(user, "area_id", "") or "")
    if not area or not may(user, VIEW):
        return Q(pk__in=[])
    if len(area) > 6:
        return Q(**{field: area[:6]})
    return in_area(field, area)


def require_view(user: Any) -> None:
    if not may(user, VIEW):
        raise NotVisible()


def shown_phone(user: Any, phone: str) -> str:
    return phone if user.can(Capability.REVEAL_ID) else mask_phone(phone)


def counties(user: Any) -> list[Region]:
    """The counties whose ledgers the user reads (for filters and headings)."""
    return list(Region.objects.filter(ledger_q(user, "code"), level=Level.COUNTY).order_by("code"))


# ---- suppliers -------------------------------------------------------------------------------------------------


def supplier_list(user: Any, *, text: str = "", kind: str = "") -> QuerySet[Supplier]:
    require_view(user)
    qs = Supplier.objects.filter(ledger_q(user)).select_related("county", "village")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(contact__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(product_count=Count("products", distinct=True)).order_by("name")


def access_supplier_by_id(user: Any, supplier_id: Any) -> Supplier:
    require_view(user)
    return get_visible_or_404(Supplier.objects.filter(ledger_q(user)).select_related("county", "village"), supplier_id)


def supplier_households(user: Any, supplier: Supplier) -> QuerySet[SupplierHousehold]:
    """The supplier's household links within the user's own area (no person, no ID number)."""
    area = str(getattr(user, "area_id", "") or "")
    return (
        SupplierHousehold.objects.filter(supplier=supplier)
        .filter(in_area("household__village_id", area))
        .select_related("household", "household__village")
        .order_by("-year", "household__number", "kind")
    )


def access_link_by_id(user: Any, supplier: Supplier, link_id: Any) -> SupplierHousehold:
    return get_visible_or_404(supplier_households(user, supplier).select_related("supplier"), link_id)


def supplier_choices(user: Any, *, active_only: bool = True) -> list[tuple[str, str]]:
    qs = Supplier.objects.filter(ledger_q(user))
    if active_only:
        qs = qs.filter(active=True)
    return [(str(pk), name) for pk, name in qs.order_by("name").values_list("pk", "name")[:2000]]


def villages_of(user: Any) -> list[tuple[str, str]]:
    area = str(getattr(user, "area_id", "") or "")[:6]
    rows = Region.objects.filter(in_area("code", area), level=Level.VILLAGE).order_by("code") if len(area) == 6 else []
    return [(r.code, short_name(r.name)) for r in rows]


# ---- products --------------------------------------------------------------------------------------------------


def product_list(user: Any, *, text: str = "", category: str = "", supplier: Any = None) -> QuerySet[Product]:
    require_view(user)
    qs = Product.objects.filter(ledger_q(user, "supplier__county_id")).select_related("supplier", "county")
    if text:
        qs = qs.filter(
            Q(name__icontains=text) | Q(supplier__name__icontains=text) | Q(certificate_number__icontains=text)
        )
    if category:
        qs = qs.filter(category=category)
    if supplier is not None:
        qs = qs.filter(supplier_id=supplier)
    return qs.order_by("name", "spec")


def access_product_by_id(user: Any, product_id: Any) -> Product:
    require_view(user)
    qs = Product.objects.filter(ledger_q(user, "supplier__county_id")).select_related("supplier", "county")
    return get_visible_or_404(qs, product_id)


def product_choices(user: Any, keep: Any = None) -> list[tuple[str, str]]:
    """Products a new purchase may name: active, of an active supplier (``keep``: a purchase's own product)."""
    usable = Q(active=True, supplier__active=True) | Q(pk=keep)
    qs = Product.objects.filter(ledger_q(user, "supplier__county_id")).filter(usable).select_related("supplier")
    return [(str(p.pk), f"{p}（{p.supplier.name}）") for p in qs.order_by("name", "spec")[:3000]]


# ---- buyers ----------------------------------------------------------------------------------------------------


def buyer_list(user: Any, *, text: str = "", kind: str = "") -> QuerySet[Buyer]:
    require_view(user)
    qs = Buyer.objects.filter(ledger_q(user)).select_related("county")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(location__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def access_buyer_by_id(user: Any, buyer_id: Any) -> Buyer:
    require_view(user)
    return get_visible_or_404(Buyer.objects.filter(ledger_q(user)).select_related("county"), buyer_id)


def buyer_years(buyer: Buyer) -> list[BuyerYear]:
    return list(BuyerYear.objects.filter(buyer=buyer).order_by("-year"))


def buyer_choices(user: Any, keep: Any = None) -> list[tuple[str, str]]:
    qs = Buyer.objects.filter(ledger_q(user)).filter(Q(active=True) | Q(pk=keep)).order_by("name")
    return [(str(pk), name) for pk, name in qs.values_list("pk", "name")[:3000]]


# ---- purchases -------------------------------------------------------------------------------------------------


def purchase_list(
    user: Any,
    *,
    year: int | None = None,
    channel: str = "",
    buyer: Any = None,
    supplier: Any = None,
    text: str = "",
    batch: str = "",
) -> QuerySet[Purchase]:
    """Purchases of the user's counties, each with ``recognised``: dated within its product's certificate period."""
    require_view(user)
    recognised = Case(When(recognised_q(), then=Value(True)), default=Value(False))
    qs = (
        Purchase.objects.filter(ledger_q(user))
        .select_related("buyer", "product", "supplier")
        .annotate(recognised=recognised)
    )
    if batch:
        qs = qs.filter(batch=batch)
    if year:
        qs = qs.filter(date__year=year)
    if channel:
        qs = qs.filter(channel=channel)
    if buyer is not None:
        qs = qs.filter(buyer_id=buyer)
    if supplier is not None:
        qs = qs.filter(supplier_id=supplier)
    if text:
        qs = qs.filter(Q(order_number__icontains=text) | Q(platform__icontains=text) | Q(product__name__icontains=text))
    return qs.order_by("-date", "-id")


def purchase_sum(qs: QuerySet[Purchase]) -> dict[str, Any]:
    """Count and amount, and of them those of recognised products (``recognised``) and those not (``outside``)."""
    found = qs.order_by().aggregate(
        sum_n=Count("id"),
        sum_amount=Sum("amount"),
        sum_recognised=Sum("amount", filter=recognised_q()),
        sum_outside=Count("id", filter=unrecognised_q()),
    )
    cent = Decimal("0.01")
    return {
        "count": found["sum_n"] or 0,
        "amount": Decimal(found["sum_amount"] or 0).quantize(cent),
        "recognised": Decimal(found["sum_recognised"] or 0).quantize(cent),
        "outside": found["sum_outside"] or 0,
    }


def access_purchase_by_id(user: Any, purchase_id: Any) -> Purchase:
    return get_visible_or_404(purchase_list(user), purchase_id)


def batches(user: Any, *, batch: str = "", limit: int = 10) -> list[dict[str, Any]]:
    """The latest import batches of the user's counties (or the one named): batch, county, rows, amount, when."""
    require_view(user)
    rows = (
        Purchase.objects.filter(ledger_q(user))
        .exclude(batch="")
        .filter(**({"batch": batch} if batch else {}))
        .order_by()
        .values("batch", "county_id")
        .annotate(n=Count("id"), amount=Sum("amount"), first=Min("created_at"), last=Max("created_at"))
        .order_by("-last")[:limit]
    )
    return [{**r, "amount": Decimal(r["amount"] or 0).quantize(Decimal("0.01"))} for r in rows]
