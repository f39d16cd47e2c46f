"""Purchases and sales from a platform's export (采购记录导入): one row per order line — buyer, product, channel,
platform, order number, date, quantity, amount. Buyers not yet registered are created on the way (their 采购方类型
then required); products must be registered (by name, with 规格 or 供应商 when the name is not unique).

All or nothing: every row is checked first, each problem listed as "第N行 列名：问题". An order number already
recorded for the same channel and platform — or repeated in the file — is skipped and counted, so importing the
same export again writes nothing new. A row of a product whose certificate is not valid on its date is written
(the sale happened) and counted as 非认定期内; a product or buyer marked 无效 takes no row. The rows written carry
one ``batch``: a file imported by mistake is withdrawn as a whole (``consumption_purchases.batch_withdraw``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.inputs import Errors, choice, date_value, money
from shoudi.markets import codes
from shoudi.markets.consumption import keeper_county, require_manager
from shoudi.markets.consumption_products import BuyerInput, buyer_create, buyer_values, recognised_on
from shoudi.markets.consumption_purchases import PurchaseInput, PurchaseValues, purchase_values, purchase_write
from shoudi.markets.import_common import Sheet, check_rows, read_rows, template_bytes
from shoudi.markets.models_consumption import Buyer, Product, Purchase

SHEET = Sheet(
    what="采购记录",
    columns={
        "采购方": "buyer",
        "采购方类型": "buyer_kind",
        "所在地": "location",
        "产品名称": "product",
        "规格": "spec",
        "供应商": "supplier",
        "销售渠道": "channel",
        "平台/门店": "platform",
        "订单号": "order_number",
        "采购日期": "date",
        "数量": "quantity",
        "金额（元）": "amount",
    },
    required=("采购方", "产品名称", "销售渠道", "采购日期", "数量", "金额（元）"),
    marker="订单号",
    max_rows=10_000,
)
EXAMPLE = {
    "采购方": "松桃县人民医院",
    "采购方类型": "预算单位",
    "产品名称": "松桃红薯粉",
    "规格": "500克/袋",
    "销售渠道": "电商平台",
    "平台/门店": "832平台",
    "订单号": "832-20261101-0001",
    "采购日期": "2026-11-01",
    "数量": "200",
    "金额（元）": "3600.00",
}


@dataclass(frozen=True)
class Imported:
    purchases: int
    buyers: int
    skipped: int
    batch: str
    unrecognised: int = 0  # rows written of a product outside its certificate period on the row's date


@dataclass(frozen=True)
class Planned:
    buyer_name: str
    new_buyer: BuyerInput | None
    product: Product
    values: PurchaseValues

    @property
    def order_key(self) -> tuple[str, str, str] | None:
        v = self.values
        return (v["channel"], v["platform"], v["order_number"]) if v["order_number"] else None


def _product(products: list[Product], row: dict[str, str]) -> Product:
    name, spec, supplier = (row.get(k, "").strip() for k in ("product", "spec", "supplier"))
    found = [p for p in products if p.name == name]
    if spec:
        found = [p for p in found if p.spec == spec]
    if supplier:
        found = [p for p in found if p.supplier.name == supplier]
    usable = [p for p in found if p.active and p.supplier.active]
    found = usable or found  # a stopped product shadowed by an active one of the same name is not a clash
    if not name:
        raise ValidationError({"product": "产品名称不能为空"})
    if not found:
        raise ValidationError(
            {"product": f"本县未登记产品“{name[:50]}”{f'（{spec[:20]}）' if spec else ''}，请先登记产品"}
        )
    if len(found) > 1:
        raise ValidationError({"product": f"“{name[:50]}”有{len(found)}个同名产品，请填写规格或供应商区分"})
    return found[0]


def _checker(county: str) -> Any:
    buyers = {b.name: b for b in Buyer.objects.filter(county_id=county)}
    pending: dict[str, Buyer] = {}  # buyers introduced by an earlier row of the file
    products = list(Product.objects.filter(supplier__county_id=county).select_related("supplier"))

    def check(number: int, row: dict[str, str]) -> Planned:
        e = Errors()
        name = row.get("buyer", "").strip()
        buyer = buyers.get(name) or pending.get(name)
        new_buyer = None
        if buyer is None:
            kind = row.get("buyer_kind", "").strip()
            if name and not kind:
                e.add(ValidationError({"buyer_kind": f"采购方“{name[:50]}”尚未登记，请填写采购方类型"}))
            new_buyer = BuyerInput(name=name, kind=kind, location=row.get("location", ""))
            if kind or not name:
                e.take(buyer_values, new_buyer)
            buyer = Buyer(county_id=county, name=name, kind=kind or codes.BuyerKind.OTHER)
        product = e.take(_product, products, row)
        entry = PurchaseInput(
            channel=e.take(choice, row.get("channel"), codes.Channel, "channel", "销售渠道") or "",
            date=e.take(date_value, row.get("date"), "date", "采购日期"),
            quantity=row.get("quantity", ""),  # type: ignore[arg-type]  # checked by the service
            amount=e.take(money, row.get("amount"), "amount", "金额"),
            platform=row.get("platform", ""),
            order_number=row.get("order_number", ""),
        )
        e.raise_if_any()
        values = purchase_values(entry, buyer=buyer, product=product)
        if new_buyer is not None:
            pending[name] = buyer
        return Planned(name, new_buyer, product, values)

    return check


def import_file(*, by: Any, path: Path, name: str, batch: str = "") -> Imported:
    """Check every row, then write all of them in one transaction — or, with any bad row, nothing."""
    county = keeper_county(by)
    require_manager(by, county)
    plan = check_rows(SHEET, read_rows(SHEET, path, name), _checker(county))
    batch = batch or uuid.uuid4().hex[:12]
    made: dict[str, Buyer] = {}
    seen: set[tuple[str, str, str]] = set()
    count = skipped = unrecognised = 0
    with transaction.atomic():
        existing = {b.name: b for b in Buyer.objects.filter(county_id=county)}
        taken = Purchase.objects.filter(county_id=county).exclude(order_number="")
        seen.update(taken.values_list("channel", "platform", "order_number"))
        for item in plan:
            key = item.order_key
            if key is not None and key in seen:
                skipped += 1
                continue
            buyer = made.get(item.buyer_name) or existing.get(item.buyer_name)
            if buyer is None:
                assert item.new_buyer is not None
                buyer = made[item.buyer_name] = buyer_create(by=by, entry=item.new_buyer)
            purchase_write(by=by, buyer=buyer, product=item.product, values=item.values, batch=batch)
            if key is not None:
                seen.add(key)
            count += 1
            unrecognised += not recognised_on(item.product, item.values["date"])
    return Imported(purchases=count, buyers=len(made), skipped=skipped, batch=batch, unrecognised=unrecognised)


def template() -> bytes:
    kinds = [str(label) for _v, label in codes.BuyerKind.choices]
    channels = [str(label) for _v, label in codes.Channel.choices]
    return template_bytes(
        SHEET,
        EXAMPLE,
        {"采购方类型": kinds, "销售渠道": channels},
        "每行一条采购（订单明细），可直接整理自832平台等电商平台或专馆、专柜的导出表。采购方按名称在本县查找，"
        "找不到的自动新建（须填采购方类型）；产品须已登记且未停用。同一渠道、平台的订单号已导入过的跳过不重复导入。"
        "采购日期不在产品认定有效期内的照常导入，标为“非认定期内”，不计入认定产品金额和预留份额完成情况。"
        "所有行检查无误才会导入；整个文件导错了可在采购记录页按导入批次撤销。",
        [
            ("采购方", "是", "单位、工会、企业或协作城市采购方名称", ""),
            ("采购方类型", "新采购方必填", "", "、".join(kinds)),
            ("产品名称", "是", "已登记的消费帮扶产品；同名时填规格或供应商区分", ""),
            ("销售渠道", "是", "", "、".join(channels)),
            ("订单号", "否", "用于去重；同一渠道和平台内唯一", ""),
            ("采购日期", "是", "如 2026-11-01，不能晚于今天", ""),
            ("数量", "是", "大于0，最多3位小数", ""),
            ("金额（元）", "是", "大于0，最多两位小数", ""),
        ],
    )
