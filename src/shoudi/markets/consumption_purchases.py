"""Writes on the 消费帮扶 ledgers, part three: purchases and sales (采购记录), entered one by one here and imported
from a platform's export by ``import_purchases``. The supplier is the product's; the buyer and the product must
belong to the same county's ledger; an order number is unique per channel and platform in the county (an import
skips one already recorded)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.audit import audited_create
from shoudi.core.inputs import choice, clean_text
from shoudi.markets import codes
from shoudi.markets.consumption import clean_amount, clean_date, require_manager
from shoudi.markets.models_consumption import Buyer, Product, Purchase

PURCHASE_FIELDS = [
    "buyer",
    "product",
    "supplier",
    "channel",
    "platform",
    "order_number",
    "date",
    "quantity",
    "amount",
    "batch",
]
MAX_QUANTITY = Decimal("1e10")


@dataclass(frozen=True)
class PurchaseInput:
    channel: str
    date: dt.date
    quantity: Decimal
    amount: Decimal
    platform: str = ""
    order_number: str = ""


def clean_quantity(value: Any) -> Decimal:
    try:
        number = Decimal(str(value).replace(",", "").strip()) if value not in (None, "") else None
    except ArithmeticError:
        number = None
    if number is None or not number.is_finite():
        raise ValidationError({"quantity": "请填写数量（数字）"})
    if number <= 0:
        raise ValidationError({"quantity": "数量必须大于0"})
    if number >= MAX_QUANTITY or number != number.quantize(Decimal("0.001")):
        raise ValidationError({"quantity": "数量超出范围或小数超过3位"})
    return number.quantize(Decimal("0.001"))


def purchase_values(entry: PurchaseInput, *, buyer: Buyer, product: Product) -> dict[str, Any]:
    if buyer.county_id != product.supplier.county_id:
        raise ValidationError({"product": "产品和采购方不属于同一个县的台账"})
    if not buyer.active:
        raise ValidationError({"buyer": f"采购方“{buyer.name}”已标为无效，不能登记采购"})
    return {
        "channel": choice(entry.channel, codes.Channel, "channel", "销售渠道"),
        "platform": clean_text(entry.platform, field="platform", label="平台/门店名称", max_length=100),
        "order_number": clean_text(entry.order_number, field="order_number", label="订单号", max_length=60),
        "date": clean_date(entry.date, field="date", label="采购日期"),
        "quantity": clean_quantity(entry.quantity),
        "amount": clean_amount(entry.amount, field="amount", label="金额", positive=True),
    }


def order_taken(county: str, values: dict[str, Any]) -> bool:
    if not values["order_number"]:
        return False
    keys = {"channel": values["channel"], "platform": values["platform"], "order_number": values["order_number"]}
    return Purchase.objects.filter(county_id=county, **keys).exists()


def purchase_write(*, by: Any, buyer: Buyer, product: Product, values: dict[str, Any], batch: str = "") -> Purchase:
    purchase = Purchase(
        county_id=buyer.county_id,
        buyer=buyer,
        product=product,
        supplier=product.supplier,
        batch=batch,
        created_by=by if getattr(by, "pk", None) else None,
        **values,
    )
    return audited_create(purchase, by=by, fields=PURCHASE_FIELDS, area_code=buyer.county_id, clean_exclude=["county"])


@transaction.atomic
def purchase_create(*, by: Any, buyer: Buyer, product: Product, entry: PurchaseInput) -> Purchase:
    require_manager(by, buyer.county_id)
    values = purchase_values(entry, buyer=buyer, product=product)
    if order_taken(buyer.county_id, values):
        raise ValidationError({"order_number": f"订单号“{values['order_number']}”已登记（同一渠道和平台）"})
    return purchase_write(by=by, buyer=buyer, product=product, values=values)
