"""Schemas of the 消费帮扶 API (``api_consumption``); names prefixed ``Mkt`` (ninja schema names are global)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import InputSchema
from shoudi.markets import codes
from shoudi.markets.consumption_products import CertificateStatus, certificate_status, recognised_on
from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Purchase, Supplier, SupplierHousehold
from shoudi.markets.selectors_consumption_figures import BuyerTotal, SupplierTotal


def _described(choices: Any) -> str:
    return "、".join(f"{c.value}（{c.label}）" for c in choices)


MAX_MONEY = Decimal("9999999999.99")


class MktSupplierIn(InputSchema):
    name: str = Field(title="供应商名称", min_length=1, max_length=200)
    kind: str = Field(title="主体类型", max_length=20, description=_described(codes.SupplierKind))
    village_code: str = Field("", title="所在村（12位区划代码）", pattern=r"^(\d{12})?$")
    credit_code: str = Field("", title="统一社会信用代码", max_length=18)
    contact: str = Field("", title="联系人", max_length=50)
    phone: str = Field("", title="联系电话", max_length=20)
    note: str = Field("", title="备注", max_length=200)
    active: bool = Field(True, title="有效")


class MktSupplierOut(Schema):
    id: uuid.UUID
    county_code: str = Field(title="所属县代码")
    name: str = Field(title="供应商名称")
    kind: str = Field(title="主体类型代码")
    kind_label: str = Field(title="主体类型")
    village_code: str = Field(title="所在村代码")
    credit_code: str = Field(title="统一社会信用代码")
    contact: str = Field(title="联系人")
    phone: str = Field(title="联系电话（无查看证件号权限时脱敏）")
    active: bool = Field(title="有效")


class MktSupplierPage(Schema):
    count: int
    items: list[MktSupplierOut]


class MktLinkIn(InputSchema):
    household_number: str = Field(title="户编号", min_length=1, max_length=20)
    kind: str = Field(title="带动方式", max_length=20, description=_described(codes.SupplierLinkKind))
    year: int = Field(title="年度", ge=2000, le=2100)
    amount: Decimal | None = Field(
        None, title="带动增收金额（元）", ge=0, le=MAX_MONEY, max_digits=12, decimal_places=2
    )
    note: str = Field("", title="备注", max_length=200)


class MktLinkOut(Schema):
    id: int
    household_number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    household_status: str = Field(title="户类型")
    kind: str = Field(title="带动方式代码")
    kind_label: str = Field(title="带动方式")
    year: int = Field(title="年度")
    amount: Decimal | None = Field(title="带动增收金额（元）")


class MktProductIn(InputSchema):
    supplier_id: uuid.UUID = Field(title="供应商")
    name: str = Field(title="产品名称", min_length=1, max_length=200)
    category: str = Field(title="产品类别", max_length=20, description=_described(codes.ProductCategory))
    spec: str = Field("", title="规格", max_length=100)
    unit: str = Field("公斤", title="计量单位", min_length=1, max_length=20)
    price: Decimal | None = Field(None, title="参考价格（元）", ge=0, le=MAX_MONEY, max_digits=12, decimal_places=2)
    origin_county: str = Field("", title="产地县（6位区划代码，空为供应商所在县）", pattern=r"^(\d{6})?$")
    certificate_number: str = Field("", title="认定编号", max_length=60)
    certifier: str = Field("", title="认定机构", max_length=100)
    certified_from: dt.date | None = Field(None, title="认定有效期起")
    certified_to: dt.date | None = Field(None, title="认定有效期止")
    active: bool = Field(True, title="有效（停用的产品不能再登记采购）")


class MktProductOut(Schema):
    id: uuid.UUID
    supplier_id: uuid.UUID = Field(title="供应商")
    supplier_name: str = Field(title="供应商名称")
    name: str = Field(title="产品名称")
    category: str = Field(title="产品类别代码")
    spec: str = Field(title="规格")
    unit: str = Field(title="计量单位")
    price: Decimal | None = Field(title="参考价格（元）")
    origin_county: str = Field(title="产地县代码")
    certificate_number: str = Field(title="认定编号")
    certified_from: dt.date | None = Field(title="认定有效期起")
    certified_to: dt.date | None = Field(title="认定有效期止")
    certificate_status: str = Field(
        title="认定状态", description="none 未认定、pending 未生效、valid 认定有效、expired 已过期"
    )
    certificate_status_label: str = Field(title="认定状态（中文）")
    active: bool = Field(title="有效")


class MktProductPage(Schema):
    count: int
    items: list[MktProductOut]


class MktBuyerIn(InputSchema):
    name: str = Field(title="采购方名称", min_length=1, max_length=200)
    kind: str = Field(title="采购方类型", max_length=20, description=_described(codes.BuyerKind))
    location: str = Field("", title="所在地", max_length=100)
    credit_code: str = Field("", title="统一社会信用代码", max_length=18)
    contact: str = Field("", title="联系人", max_length=50)
    phone: str = Field("", title="联系电话", max_length=20)
    active: bool = Field(True, title="有效")


class MktBuyerYearIn(InputSchema):
    year: int = Field(title="年度", ge=2000, le=2100)
    canteen_budget: Decimal = Field(
        title="年度食堂食材采购总额（元）", ge=0, le=MAX_MONEY, max_digits=12, decimal_places=2
    )
    reserved_share: Decimal | None = Field(
        None, title="预留份额比例（0–1，如0.1）", ge=0, le=1, max_digits=5, decimal_places=4
    )


class MktBuyerYearOut(Schema):
    year: int
    canteen_budget: Decimal = Field(title="年度食堂食材采购总额（元）")
    reserved_share: Decimal | None = Field(title="本单位预留份额比例（空为县参数）")


class MktBuyerOut(Schema):
    id: uuid.UUID
    county_code: str = Field(title="登记县代码")
    name: str = Field(title="采购方名称")
    kind: str = Field(title="采购方类型代码")
    kind_label: str = Field(title="采购方类型")
    location: str = Field(title="所在地")
    contact: str = Field(title="联系人")
    phone: str = Field(title="联系电话（无查看证件号权限时脱敏）")
    active: bool = Field(title="有效")
    years: list[MktBuyerYearOut] = Field(title="年度食堂食材采购总额")


class MktBuyerPage(Schema):
    count: int
    items: list[MktBuyerOut]


class MktPurchaseIn(InputSchema):
    buyer_id: uuid.UUID = Field(title="采购方")
    product_id: uuid.UUID = Field(title="产品")
    channel: str = Field(title="销售渠道", max_length=20, description=_described(codes.Channel))
    platform: str = Field("", title="平台/门店名称", max_length=100)
    order_number: str = Field("", title="订单号", max_length=60)
    date: dt.date = Field(title="采购日期")
    quantity: Decimal = Field(title="数量", gt=0, le=Decimal("9999999999"), max_digits=14, decimal_places=3)
    amount: Decimal = Field(title="金额（元）", gt=0, le=Decimal("9999999999.99"), max_digits=12, decimal_places=2)


class MktPurchaseOut(Schema):
    id: int
    buyer_id: uuid.UUID
    buyer_name: str = Field(title="采购方")
    product_id: uuid.UUID
    product_name: str = Field(title="产品")
    supplier_id: uuid.UUID
    supplier_name: str = Field(title="供应商")
    channel: str = Field(title="销售渠道代码")
    channel_label: str = Field(title="销售渠道")
    platform: str = Field(title="平台/门店名称")
    order_number: str = Field(title="订单号")
    date: dt.date = Field(title="采购日期")
    quantity: Decimal = Field(title="数量")
    amount: Decimal = Field(title="金额（元）")
    recognised: bool = Field(title="认定产品（采购日期在产品认定有效期内；否则为“非认定期内”）")
    batch: str = Field(title="导入批次（逐条登记的为空）")
    version: int = Field(title="版本（修改、撤销时回传）")


class MktPurchasePage(Schema):
    count: int
    amount: Decimal = Field(title="筛选结果的金额合计（元）")
    recognised: Decimal = Field(title="其中认定产品的金额（元）")
    outside: int = Field(title="其中非认定期内的条数")
    items: list[MktPurchaseOut]


class MktBuyerTotalOut(Schema):
    buyer_id: uuid.UUID
    buyer_name: str
    kind: str
    total: Decimal = Field(title="采购总额（元）")
    recognised: Decimal = Field(title="其中认定产品（元）：计入预留份额完成率")
    by_channel: dict[str, Decimal] = Field(title="各渠道金额（元）")
    canteen_budget: Decimal | None = Field(title="年度食堂食材采购总额（元）")
    reserved_share: Decimal | None = Field(title="适用的预留份额比例")
    reserved: Decimal | None = Field(title="预留份额金额（元）")
    completion: Decimal | None = Field(title="完成率（%）：认定产品采购额 ÷ 预留份额金额")
    short_of_share: bool = Field(title="未达预留份额（预算单位、工会）")


class MktSupplierTotalOut(Schema):
    supplier_id: uuid.UUID
    supplier_name: str
    amount: Decimal = Field(title="销售额（元）")
    recognised: Decimal = Field(title="其中认定产品（元）")
    purchases: int = Field(title="采购记录数")
    households: int = Field(title="带动农户（户）")
    former_poor: int = Field(title="其中脱贫户")
    monitored: int = Field(title="其中监测对象户")
    driven_amount: Decimal = Field(title="带动增收金额（元）")


class MktAmountOut(Schema):
    code: str
    label: str
    amount: Decimal


class MktTotalsOut(Schema):
    year: int
    total: Decimal = Field(title="采购和销售额（元）")
    count: int = Field(title="采购记录数")
    recognised: Decimal = Field(title="其中认定产品（元）")
    outside_count: int = Field(title="非认定期内的采购记录数")
    channels: list[MktAmountOut] = Field(title="按销售渠道")
    categories: list[MktAmountOut] = Field(title="按产品类别")
    reserving: int = Field(title="有预留份额的预算单位和工会")
    reserving_met: int = Field(title="其中达到预留份额（按认定产品采购额）")
    suppliers: int = Field(title="有销售的供应商")
    households: int = Field(title="联农带农户数")
    former_poor: int = Field(title="其中脱贫户")
    monitored: int = Field(title="其中监测对象户")


def supplier_out(s: Supplier, phone: str) -> dict[str, Any]:
    return {
        "id": s.pk,
        "county_code": s.county_id,
        "name": s.name,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "village_code": s.village_id or "",
        "credit_code": s.credit_code,
        "contact": s.contact,
        "phone": phone,
        "active": s.active,
    }


def link_out(link: SupplierHousehold) -> dict[str, Any]:
    return {
        "id": link.pk,
        "household_number": link.household.number,
        "village_code": link.household.village_id,
        "household_status": link.household.get_status_display(),
        "kind": link.kind,
        "kind_label": link.get_kind_display(),
        "year": link.year,
        "amount": link.amount,
    }


def product_out(p: Product) -> dict[str, Any]:
    status = certificate_status(p)
    return {
        "id": p.pk,
        "supplier_id": p.supplier_id,
        "supplier_name": p.supplier.name,
        "name": p.name,
        "category": p.category,
        "spec": p.spec,
        "unit": p.unit,
        "price": p.price,
        "origin_county": p.county_id,
        "certificate_number": p.certificate_number,
        "certified_from": p.certified_from,
        "certified_to": p.certified_to,
        "certificate_status": status,
        "certificate_status_label": CertificateStatus.LABELS[status],
        "active": p.active,
    }


def buyer_out(b: Buyer, phone: str, years: list[BuyerYear]) -> dict[str, Any]:
    return {
        "id": b.pk,
        "county_code": b.county_id,
        "name": b.name,
        "kind": b.kind,
        "kind_label": b.get_kind_display(),
        "location": b.location,
        "contact": b.contact,
        "phone": phone,
        "active": b.active,
        "years": [
            {"year": y.year, "canteen_budget": y.canteen_budget, "reserved_share": y.reserved_share} for y in years
        ],
    }


def purchase_out(p: Purchase) -> dict[str, Any]:
    return {
        "id": p.pk,
        "buyer_id": p.buyer_id,
        "buyer_name": p.buyer.name,
        "product_id": p.product_id,
        "product_name": str(p.product),
        "supplier_id": p.supplier_id,
        "supplier_name": p.supplier.name,
        "channel": p.channel,
        "channel_label": p.get_channel_display(),
        "platform": p.platform,
        "order_number": p.order_number,
        "date": p.date,
        "quantity": p.quantity,
        "amount": p.amount,
        "recognised": p.recognised if hasattr(p, "recognised") else recognised_on(p.product, p.date),
        "batch": p.batch,
        "version": p.version,
    }


def buyer_total_out(r: BuyerTotal) -> dict[str, Any]:
    return {
        "buyer_id": r.buyer.pk,
        "buyer_name": r.buyer.name,
        "kind": r.buyer.kind,
        "total": r.total,
        "recognised": r.recognised,
        "by_channel": r.by_channel,
        "canteen_budget": r.budget,
        "reserved_share": r.share,
        "reserved": r.reserved,
        "completion": r.completion,
        "short_of_share": r.flagged,
    }


def supplier_total_out(r: SupplierTotal) -> dict[str, Any]:
    return {
        "supplier_id": r.supplier.pk,
        "supplier_name": r.supplier.name,
        "amount": r.amount,
        "recognised": r.recognised,
        "purchases": r.purchases,
        "households": r.households,
        "former_poor": r.former_poor,
        "monitored": r.monitored,
        "driven_amount": r.driven_amount,
    }
