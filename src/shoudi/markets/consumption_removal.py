"""Removing a supplier, product or buyer registered by mistake (消费帮扶 ledgers).

Only one that nothing refers to is deleted — no purchase, no product, no household it drives, no link from
another ledger (a 东西部协作 pairing naming the buyer, a 滞销预警 commodity or grower naming the product or
supplier): the references are found from the model's reverse relations, so a ledger added later is counted
too. One still referred to is marked 无效 instead (its edit form); a product marked 无效 takes no new purchase.
The deletion needs a reason, kept in the audit log with what the row held. A buyer's yearly canteen budgets are
its own and go with it (counted in the audit entry)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from shoudi.core.audit import audited_delete
from shoudi.markets.consumption import SUPPLIER_FIELDS, require_manager
from shoudi.markets.consumption_products import BUYER_FIELDS, PRODUCT_FIELDS
from shoudi.markets.consumption_purchases import clean_reason
from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Supplier

# rows a buyer owns outright: deleted with it
OWNED: frozenset[type[models.Model]] = frozenset({BuyerYear})


def references(obj: models.Model) -> list[tuple[str, int]]:
    """What refers to ``obj`` (label, count) — every reverse foreign key and many-to-many link, hidden ones
    included — except the rows it owns."""
    found: list[tuple[str, int]] = []
    fields: list[Any] = list(type(obj)._meta.get_fields(include_hidden=True))
    for rel in fields:
        if not (rel.auto_created and not rel.concrete and rel.is_relation):
            continue
        related = rel.related_model
        if related in OWNED or related._meta.auto_created:  # an m2m's own table: the m2m itself counts
            continue
        if rel.many_to_many:
            field = rel.field
            if field.model is type(obj):
                continue
            through = field.remote_field.through
            count = through._base_manager.filter(**{field.m2m_reverse_field_name(): obj.pk}).count()
        else:
            count = related._base_manager.filter(**{rel.field.name: obj.pk}).count()
        if count:
            found.append((str(related._meta.verbose_name), count))
    return found


def references_text(obj: models.Model) -> str:
    return "、".join(f"{label} {n} 条" for label, n in references(obj))


def _refuse_if_referred(obj: models.Model, what: str) -> None:
    text = references_text(obj)
    if text:
        raise ValidationError({"reason": f"该{what}已有{text}，不能删除；可在修改页面将其标为“无效”停用"})


@transaction.atomic
def product_delete(*, by: Any, product: Product, reason: str) -> None:
    county = product.supplier.county_id
    require_manager(by, county)
    why = clean_reason(reason, label="删除原因")
    _refuse_if_referred(product, "产品")
    audited_delete(product, by=by, fields=PRODUCT_FIELDS, area_code=county, reason=why)


@transaction.atomic
def supplier_delete(*, by: Any, supplier: Supplier, reason: str) -> None:
    require_manager(by, supplier.county_id)
    why = clean_reason(reason, label="删除原因")
    _refuse_if_referred(supplier, "供应商")
    audited_delete(supplier, by=by, fields=SUPPLIER_FIELDS, area_code=supplier.county_id, reason=why)


@transaction.atomic
def buyer_delete(*, by: Any, buyer: Buyer, reason: str) -> None:
    require_manager(by, buyer.county_id)
    why = clean_reason(reason, label="删除原因")
    _refuse_if_referred(buyer, "采购方")
    years = list(BuyerYear.objects.filter(buyer=buyer).order_by("year"))

    def held(b: Any) -> dict[str, Any]:
        shown = {name: getattr(b, name) for name in BUYER_FIELDS}
        if years:
            shown["年度食堂食材采购总额"] = {str(y.year): str(y.canteen_budget) for y in years}
        return shown

    audited_delete(buyer, by=by, snapshot_of=held, area_code=buyer.county_id, reason=why)
