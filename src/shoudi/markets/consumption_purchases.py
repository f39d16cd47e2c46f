"""Writes on the 消费帮扶 ledgers, part three: purchases and sales (采购记录), entered one by one here and imported
from a platform's export by ``import_purchases``. The supplier is the product's; the buyer and the product must
belong to the same county's ledger; an order number is unique per channel and platform in the county (an import
skips one already recorded); a product or buyer marked 无效 takes no new purchase.

Corrections: a purchase is edited with the same checks and the ``version`` its editor saw (someone else's change
in between: ``ConflictError``, nothing written); 撤销 deletes it with a reason kept in the audit log (the figures
drop it); a whole import batch — a file imported by mistake — is 撤销 in one action, audited once with its count
and amount."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum

from shoudi.core.audit import audit_entry, audited_create, audited_delete, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import choice, clean_text
from shoudi.core.models import AuditEntry
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
MAX_REASON = 200
CONFLICT = "该采购记录已被他人修改或撤销，请刷新页面后重新填写"


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


class PurchaseValues(TypedDict):
    """A purchase's checked values (``purchase_values``), as the model takes them."""

    channel: str
    platform: str
    order_number: str
    date: dt.date
    quantity: Decimal
    amount: Decimal


def purchase_values(
    entry: PurchaseInput, *, buyer: Buyer, product: Product, kept: Purchase | None = None
) -> PurchaseValues:
    """The checked values of a purchase; ``kept``: the purchase being edited (its own buyer and product may stay
    even when since marked 无效)."""
    if buyer.county_id != product.supplier.county_id:
        raise ValidationError({"product": "产品和采购方不属于同一个县的台账"})
    if not buyer.active and (kept is None or kept.buyer_id != buyer.pk):
        raise ValidationError({"buyer": f"采购方“{buyer.name}”已标为无效，不能登记采购"})
    if (not product.active or not product.supplier.active) and (kept is None or kept.product_id != product.pk):
        raise ValidationError({"product": f"产品“{product}”或其供应商已停用，不能登记采购"})
    return {
        "channel": choice(entry.channel, codes.Channel, "channel", "销售渠道"),
        "platform": clean_text(entry.platform, field="platform", label="平台/门店名称", max_length=100),
        "order_number": clean_text(entry.order_number, field="order_number", label="订单号", max_length=60),
        "date": clean_date(entry.date, field="date", label="采购日期"),
        "quantity": clean_quantity(entry.quantity),
        "amount": clean_amount(entry.amount, field="amount", label="金额", positive=True),
    }


def order_taken(county: str, values: PurchaseValues, exclude: Any = None) -> bool:
    if not values["order_number"]:
        return False
    keys = {"channel": values["channel"], "platform": values["platform"], "order_number": values["order_number"]}
    return Purchase.objects.filter(county_id=county, **keys).exclude(pk=exclude).exists()


def purchase_write(*, by: Any, buyer: Buyer, product: Product, values: PurchaseValues, batch: str = "") -> Purchase:
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


# ---- corrections -------------------------------------------------------------------------------------------------


def clean_reason(reason: Any, *, label: str = "撤销原因") -> str:
    return clean_text(reason, field="reason", label=label, max_length=MAX_REASON, required=True)


def _seen(purchase: Purchase, version: int | None) -> Purchase:
    """The purchase locked for the change, refused when it changed (or went) since the user loaded it."""
    found = Purchase.objects.select_for_update().filter(pk=purchase.pk).first()
    if found is None or (version is not None and found.version != version):
        raise ConflictError(CONFLICT, code="conflict")
    return found


@transaction.atomic
def purchase_update(
    *, by: Any, purchase: Purchase, buyer: Buyer, product: Product, entry: PurchaseInput, version: int | None
) -> Purchase:
    """Correct a purchase: the same checks as entering one, against the ``version`` the editor saw."""
    require_manager(by, purchase.county_id)
    if buyer.county_id != purchase.county_id:
        raise ValidationError({"buyer": "采购方不属于本县的台账"})
    current = _seen(purchase, version)
    values = purchase_values(entry, buyer=buyer, product=product, kept=current)
    if order_taken(current.county_id, values, exclude=current.pk):
        raise ValidationError({"order_number": f"订单号“{values['order_number']}”已登记（同一渠道和平台）"})
    changes = {"buyer": buyer, "product": product, "supplier": product.supplier, **values}
    saved, _ = audited_update(
        current,
        by=by,
        changes=changes,
        fields=PURCHASE_FIELDS,
        lock=False,
        area_code=current.county_id,
        clean_exclude=["county"],
        conflict_message=CONFLICT,
    )
    return saved


@transaction.atomic
def purchase_withdraw(*, by: Any, purchase: Purchase, reason: str, version: int | None = None) -> None:
    """撤销 a purchase entered or imported wrongly: deleted, what it held and why kept in the audit log."""
    require_manager(by, purchase.county_id)
    why = clean_reason(reason)
    current = _seen(purchase, version)
    audited_delete(current, by=by, fields=PURCHASE_FIELDS, area_code=current.county_id, reason=why)


@dataclass(frozen=True)
class BatchWithdrawn:
    batch: str
    count: int
    amount: Decimal


@transaction.atomic
def batch_withdraw(*, by: Any, county: str, batch: str, reason: str) -> BatchWithdrawn:
    """撤销 every purchase of one import batch of the county's ledger (a file imported by mistake): one action,
    one audit entry with the count and the amount."""
    require_manager(by, county)
    why = clean_reason(reason)
    rows = Purchase.objects.select_for_update().filter(county_id=county, batch=batch) if batch else None
    first = rows.order_by("pk").first() if rows is not None else None
    if rows is None or first is None:
        raise ValidationError({"batch": "没有这个导入批次的采购记录（可能已撤销）"})
    found = rows.order_by().aggregate(n=Count("id"), amount=Sum("amount"))
    done = BatchWithdrawn(batch, found["n"], Decimal(found["amount"] or 0).quantize(Decimal("0.01")))
    entry = audit_entry(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=first,
        changes={"导入批次": [batch, None], "采购记录（条）": [done.count, 0], "金额（元）": [str(done.amount), "0"]},
        area_code=county,
        reason=why,
        save=False,
    )
    entry.object_id, entry.object_label = batch, f"导入批次 {batch}（{done.count} 条采购记录）"
    entry.save()
    rows.delete()
    return done
