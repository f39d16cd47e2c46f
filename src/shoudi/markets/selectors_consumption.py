"""Reads of the 消费帮扶 ledgers, always scoped: a user sees the ledgers of the counties in their area, and a
township's staff the ledger of their own county (``ledger_q``); the households a supplier drives only within the
user's own area. Anyone without ``VIEW_MARKETS`` (or a clerk of another department) sees nothing: 404.

``access_<thing>_by_id`` returns one row or raises ``NotVisible`` for absent, outside and malformed alike."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from shoudi.core.access import Capability, NotVisible, get_visible_or_404, in_area
from shoudi.markets.access import VIEW, may
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


def product_choices(user: Any) -> list[tuple[str, str]]:
    qs = Product.objects.filter(ledger_q(user, "supplier__county_id"), supplier__active=True).select_related("supplier")
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


def buyer_choices(user: Any) -> list[tuple[str, str]]:
    qs = Buyer.objects.filter(ledger_q(user), active=True).order_by("name")
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
) -> QuerySet[Purchase]:
    require_view(user)
    qs = Purchase.objects.filter(ledger_q(user)).select_related("buyer", "product", "supplier")
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
    found = qs.order_by().aggregate(n=Count("id"), amount=Sum("amount"))
    return {"count": found["n"] or 0, "amount": Decimal(found["amount"] or 0).quantize(Decimal("0.01"))}
