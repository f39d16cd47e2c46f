"""Writes on the 消费帮扶 ledgers, part two: recognised products (消费帮扶产品, with their certificate period) and
buyers (采购方) with their yearly canteen budget (``BuyerYear``). Same rules as ``consumption``: the county's
manager writes, one transaction, an audit entry, Chinese errors naming the field.

A product's 认定状态 is derived from its dates (``certificate_status``): 未认定 without a certificate, 未生效 before
its period, 认定有效 within it, 已过期 after it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import choice, clean_text
from shoudi.markets import codes
from shoudi.markets.consumption import (
    clean_amount,
    clean_credit,
    clean_phone,
    clean_year,
    keeper_county,
    require_manager,
)
from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Supplier
from shoudi.regions.models import Level, Region

PRODUCT_FIELDS = [
    "supplier",
    "county",
    "name",
    "category",
    "spec",
    "unit",
    "price",
    "certificate_number",
    "certifier",
    "certified_from",
    "certified_to",
    "active",
]
BUYER_FIELDS = ["name", "kind", "location", "credit_code", "contact", "phone", "active"]
YEAR_FIELDS = ["buyer", "year", "canteen_budget", "reserved_share"]
# the kinds whose canteen budget carries a reserved share (seed 001: 预算单位预留食堂食材采购份额; 工会优先采购)
RESERVING_KINDS = frozenset({codes.BuyerKind.BUDGET_UNIT, codes.BuyerKind.UNION})
EARLIEST = dt.date(2000, 1, 1)
MAX_CERTIFICATE_YEARS = 10


class CertificateStatus:
    NONE, PENDING, VALID, EXPIRED = "none", "pending", "valid", "expired"
    LABELS = {NONE: "未认定", PENDING: "未生效", VALID: "认定有效", EXPIRED: "已过期"}


def certificate_status(product: Product, on: dt.date | None = None) -> str:
    on = on or timezone.localdate()
    if not product.certified_from or not product.certified_to:
        return CertificateStatus.NONE
    if on < product.certified_from:
        return CertificateStatus.PENDING
    if on > product.certified_to:
        return CertificateStatus.EXPIRED
    return CertificateStatus.VALID


# 消费协作重点产品认定 (seed 001): only a purchase made while its product's certificate was valid counts as
# consumption assistance (其中认定产品); one of a product 未认定, 未生效 or 已过期 on its date is kept but 非认定期内
UNRECOGNISED_LABEL = "非认定期内"


def recognised_q(prefix: str = "") -> Q:
    """Purchases (``prefix``: the path to the purchase, e.g. ``"purchases__"``) dated within their product's
    certificate period."""
    return Q(
        **{
            f"{prefix}product__certified_from__lte": F(f"{prefix}date"),
            f"{prefix}product__certified_to__gte": F(f"{prefix}date"),
        }
    )


def unrecognised_q(prefix: str = "") -> Q:
    """The complement of ``recognised_q`` (spelled out: a product without a period is outside it)."""
    product = f"{prefix}product__"
    return (
        Q(**{f"{product}certified_from__isnull": True})
        | Q(**{f"{product}certified_to__isnull": True})
        | Q(**{f"{product}certified_from__gt": F(f"{prefix}date")})
        | Q(**{f"{product}certified_to__lt": F(f"{prefix}date")})
    )


def recognised_on(product: Product, on: dt.date) -> bool:
    return certificate_status(product, on) == CertificateStatus.VALID


# ---- products --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProductInput:
    name: str
    category: str
    spec: str = ""
    unit: str = "公斤"
    price: Decimal | None = None
    origin_county: str = ""  # 产地县 code; blank: the supplier's county
    certificate_number: str = ""
    certifier: str = ""
    certified_from: dt.date | None = None
    certified_to: dt.date | None = None
    active: bool = True


def _origin(code: Any, default: str) -> Region:
    text = str(code or "").strip() or default
    found = Region.objects.filter(code=text, level=Level.COUNTY).first() if text.isdigit() and len(text) == 6 else None
    if found is None:
        raise ValidationError({"origin_county": f"产地县“{text[:20]}”不是有效的县级区划代码"})
    return found


def _period(entry: ProductInput) -> tuple[dt.date | None, dt.date | None]:
    start, end = entry.certified_from, entry.certified_to
    for value, field, label in ((start, "certified_from", "认定有效期起"), (end, "certified_to", "认定有效期止")):
        if value is not None and (not isinstance(value, dt.date) or value < EARLIEST):
            raise ValidationError({field: f"{label}不能早于2000年"})
    if (start is None) != (end is None):
        field = "certified_to" if end is None else "certified_from"
        raise ValidationError({field: "认定有效期的起止日期须同时填写"})
    if entry.certificate_number.strip() and start is None:
        raise ValidationError({"certified_from": "填写了认定编号，请同时填写认定有效期"})
    if start is not None and end is not None:
        if end < start:
            raise ValidationError({"certified_to": f"认定有效期止（{end}）不能早于起（{start}）"})
        if (end - start).days > 366 * MAX_CERTIFICATE_YEARS:
            raise ValidationError({"certified_to": f"认定有效期不能超过{MAX_CERTIFICATE_YEARS}年"})
    return start, end


def product_values(entry: ProductInput, *, supplier: Supplier) -> dict[str, Any]:
    start, end = _period(entry)
    return {
        "name": clean_text(entry.name, field="name", label="产品名称", max_length=200, required=True),
        "category": choice(entry.category, codes.ProductCategory, "category", "产品类别"),
        "spec": clean_text(entry.spec, field="spec", label="规格", max_length=100),
        "unit": clean_text(entry.unit or "公斤", field="unit", label="计量单位", max_length=20, required=True),
        "price": clean_amount(entry.price, field="price", label="参考价格", required=False),
        "county": _origin(entry.origin_county, supplier.county_id),
        "certificate_number": clean_text(
            entry.certificate_number, field="certificate_number", label="认定编号", max_length=60
        ),
        "certifier": clean_text(entry.certifier, field="certifier", label="认定机构", max_length=100),
        "certified_from": start,
        "certified_to": end,
        "active": bool(entry.active),
    }


def _unique_product(supplier: Supplier, values: dict[str, Any], exclude: Any = None) -> None:
    clash = Product.objects.filter(supplier=supplier, name=values["name"], spec=values["spec"]).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": f"供应商“{supplier.name}”已登记产品“{values['name']}”（同一规格）"})


@transaction.atomic
def product_create(*, by: Any, supplier: Supplier, entry: ProductInput) -> Product:
    require_manager(by, supplier.county_id)
    if not supplier.active:
        raise ValidationError({"supplier": f"供应商“{supplier.name}”已标为无效，不能登记产品"})
    values = product_values(entry, supplier=supplier)
    _unique_product(supplier, values)
    return audited_create(
        Product(supplier=supplier, **values), by=by, fields=PRODUCT_FIELDS, area_code=supplier.county_id
    )


@transaction.atomic
def product_update(*, by: Any, product: Product, supplier: Supplier, entry: ProductInput) -> Product:
    require_manager(by, product.supplier.county_id)
    if supplier.county_id != product.supplier.county_id:
        raise ValidationError({"supplier": "供应商不属于本县"})
    values = product_values(entry, supplier=supplier)
    if supplier.pk != product.supplier_id and product.purchases.exists():
        raise ValidationError({"supplier": "该产品已有采购记录，不能更换供应商"})
    _unique_product(supplier, values, exclude=product.pk)
    product, _ = audited_update(
        product, by=by, changes={"supplier": supplier, **values}, fields=PRODUCT_FIELDS, area_code=supplier.county_id
    )
    return product


# ---- buyers and their years --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuyerInput:
    name: str
    kind: str
    location: str = ""
    credit_code: str = ""
    contact: str = ""
    phone: str = ""
    active: bool = True


def buyer_values(entry: BuyerInput) -> dict[str, Any]:
    return {
        "name": clean_text(entry.name, field="name", label="采购方名称", max_length=200, required=True),
        "kind": choice(entry.kind, codes.BuyerKind, "kind", "采购方类型"),
        "location": clean_text(entry.location, field="location", label="所在地", max_length=100),
        "credit_code": clean_credit(entry.credit_code),
        "contact": clean_text(entry.contact, field="contact", label="联系人", max_length=50),
        "phone": clean_phone(entry.phone),
        "active": bool(entry.active),
    }


def _unique_buyer(county: str, name: str, exclude: Any = None) -> None:
    if Buyer.objects.filter(county_id=county, name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": f"采购方“{name}”已登记，同一县的采购方名称不能重复"})


@transaction.atomic
def buyer_create(*, by: Any, entry: BuyerInput) -> Buyer:
    county = keeper_county(by)
    require_manager(by, county)
    values = buyer_values(entry)
    _unique_buyer(county, values["name"])
    return audited_create(Buyer(county_id=county, **values), by=by, fields=BUYER_FIELDS, area_code=county)


@transaction.atomic
def buyer_update(*, by: Any, buyer: Buyer, entry: BuyerInput) -> Buyer:
    require_manager(by, buyer.county_id)
    values = buyer_values(entry)
    _unique_buyer(buyer.county_id, values["name"], exclude=buyer.pk)
    buyer, _ = audited_update(buyer, by=by, changes=values, fields=BUYER_FIELDS, area_code=buyer.county_id)
    return buyer


@dataclass(frozen=True)
class YearInput:
    year: int
    canteen_budget: Decimal
    reserved_share: Decimal | None = None  # a fraction (0.1 = 10%); None: the county's parameter


def _share(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        share = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({"reserved_share": "预留份额比例应为0–1之间的小数，如0.1"}) from None
    if not share.is_finite() or not Decimal(0) <= share <= Decimal(1) or share != share.quantize(Decimal("0.0001")):
        raise ValidationError({"reserved_share": "预留份额比例应为0–1之间、最多4位小数的数，如0.1表示10%"})
    return share


@transaction.atomic
def buyer_year_set(*, by: Any, buyer: Buyer, entry: YearInput) -> BuyerYear:
    """The buyer's canteen budget for a year (and, optionally, its own reserved share); a second entry for the
    same year replaces the first."""
    require_manager(by, buyer.county_id)
    values = {
        "canteen_budget": clean_amount(entry.canteen_budget, field="canteen_budget", label="年度食堂食材采购总额"),
        "reserved_share": _share(entry.reserved_share),
    }
    year = clean_year(entry.year)
    found = BuyerYear.objects.filter(buyer=buyer, year=year).first()
    if found is not None:
        found, _ = audited_update(found, by=by, changes=values, fields=YEAR_FIELDS, area_code=buyer.county_id)
        return found
    return audited_create(
        BuyerYear(buyer=buyer, year=year, **values), by=by, fields=YEAR_FIELDS, area_code=buyer.county_id
    )
