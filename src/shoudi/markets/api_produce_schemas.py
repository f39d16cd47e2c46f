"""Schemas of the unsold-produce API (``api_produce``); names prefixed ``MktProduce`` (ninja schema names are global).
Households appear masked (the head's surname, the number's last four digits), never with an ID number."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import InputSchema
from shoudi.markets import codes
from shoudi.markets.models_produce import Commodity, Observation, ProduceWarning, WarningResponse
from shoudi.markets.produce import MAX_FIGURE

CATEGORIES = "、".join(f"{c.value}（{c.label}）" for c in codes.ProductCategory)
RESPONSES = "、".join(f"{c.value}（{c.label}）" for c in codes.ResponseKind)
EARLIEST, LATEST = dt.date(2000, 1, 1), dt.date(2100, 12, 31)


class MktProduceCommodityIn(InputSchema):
    name: str = Field(title="重点农产品名称", min_length=1, max_length=50)
    category: str = Field(title="产品类别", max_length=20, description=CATEGORIES)
    frequency: str = Field("week", title="采集频率（week 周、month 月）", max_length=10)
    keywords: str = Field("", title="别名/关键词", max_length=200)
    unit: str = Field("吨", title="数量单位", min_length=1, max_length=20)
    price_unit: str = Field("元/公斤", title="价格单位", min_length=1, max_length=20)
    active: bool = Field(True, title="监测中")


class MktProduceCommodityOut(Schema):
    id: uuid.UUID
    county_code: str = Field(title="所属县代码")
    name: str = Field(title="重点农产品")
    category: str = Field(title="产品类别代码")
    category_label: str = Field(title="产品类别")
    frequency: str = Field(title="采集频率")
    keywords: str = Field(title="别名/关键词")
    unit: str = Field(title="数量单位")
    price_unit: str = Field(title="价格单位")
    active: bool = Field(title="监测中")


class MktProduceCommodityPage(Schema):
    count: int
    items: list[MktProduceCommodityOut]


class MktProduceObservationIn(InputSchema):
    period_start: dt.date = Field(title="期初日期（按所在周的周一或所在月的1日归期）", ge=EARLIEST, le=LATEST)
    price: Decimal | None = Field(None, title="价格", ge=0, lt=MAX_FIGURE, max_digits=12, decimal_places=2)
    output: Decimal | None = Field(None, title="产量", ge=0, lt=MAX_FIGURE, max_digits=13, decimal_places=3)
    stock: Decimal | None = Field(None, title="库存量", ge=0, lt=MAX_FIGURE, max_digits=13, decimal_places=3)
    sales: Decimal | None = Field(None, title="销量", ge=0, lt=MAX_FIGURE, max_digits=13, decimal_places=3)


class MktProduceObservationOut(Schema):
    period_start: dt.date
    price: Decimal | None
    output: Decimal | None
    stock: Decimal | None
    sales: Decimal | None
    source: str = Field(title="来源")


class MktProduceObservationPage(Schema):
    count: int
    items: list[MktProduceObservationOut]


class MktProduceGrowerIn(InputSchema):
    household_number: str = Field("", title="农户户编号（与合作社/企业二选一）", max_length=20)
    supplier_id: uuid.UUID | None = Field(None, title="合作社/企业（供应商编号）")
    scale: Decimal | None = Field(None, title="种养规模", ge=0, lt=MAX_FIGURE, max_digits=13, decimal_places=3)
    scale_unit: str = Field("", title="规模单位", max_length=20)
    note: str = Field("", title="备注", max_length=200)


class MktProduceGrowerOut(Schema):
    id: int
    village: str = Field(title="村")
    supplier: str = Field(title="合作社/企业")
    household: str = Field(title="农户（脱敏）")
    former_poor: bool = Field(title="脱贫户")
    monitored: bool = Field(title="监测对象")
    scale: Decimal | None = Field(title="种养规模")
    scale_unit: str = Field(title="规模单位")


class MktProduceWarningOut(Schema):
    id: uuid.UUID
    commodity_id: uuid.UUID
    commodity: str = Field(title="重点农产品")
    county_code: str = Field(title="所属县代码")
    period_start: dt.date = Field(title="预警期")
    kind: str = Field(title="预警类型代码")
    kind_label: str = Field(title="预警类型")
    value: Decimal = Field(title="本期值")
    reference: Decimal = Field(title="参照值")
    ratio: Decimal = Field(title="比值")
    status: str = Field(title="处置状态代码")
    status_label: str = Field(title="处置状态")
    closed_on: dt.date | None = Field(title="解除日期")
    note: str = Field(title="解除说明")
    version: int = Field(title="版本")


class MktProduceWarningPage(Schema):
    count: int
    items: list[MktProduceWarningOut]


class MktProduceResponseOut(Schema):
    id: int
    kind: str
    kind_label: str
    date: dt.date
    buyer: str = Field(title="采购方")
    quantity: Decimal | None
    amount: Decimal | None
    note: str


class MktProduceWarningDetail(MktProduceWarningOut):
    rule: str = Field(title="预警规则（含参数值）")
    growers: list[MktProduceGrowerOut]
    villages: list[str] = Field(title="种植养殖的村")
    responses: list[MktProduceResponseOut]


class MktProduceResponseIn(InputSchema):
    kind: str = Field(title="处置措施", max_length=20, description=RESPONSES)
    date: dt.date = Field(title="日期", ge=EARLIEST, le=LATEST)
    buyer_id: uuid.UUID | None = Field(None, title="采购方编号")
    quantity: Decimal | None = Field(None, title="销售/收储数量", ge=0, lt=MAX_FIGURE, max_digits=13, decimal_places=3)
    amount: Decimal | None = Field(None, title="金额（元）", ge=0, lt=MAX_FIGURE, max_digits=12, decimal_places=2)
    note: str = Field(title="情况说明", min_length=1, max_length=500)


class MktProduceCloseIn(InputSchema):
    note: str = Field(title="解除说明", min_length=1, max_length=500)
    closed_on: dt.date | None = Field(None, title="解除日期（默认今天）", ge=EARLIEST, le=LATEST)
    version: int | None = Field(None, title="看到的版本", ge=0, le=2_000_000_000)


class MktProduceCheckIn(InputSchema):
    full: bool = Field(False, title="检查全部历史各期（补算）")


class MktProduceCheckOut(Schema):
    job_id: uuid.UUID = Field(title="后台任务编号（在“后台任务”中查看进度和结果）")


class MktProduceImportOut(Schema):
    job_id: uuid.UUID = Field(title="导入任务编号（在“后台任务”中查看进度、结果或每一处错误）")


def commodity_out(c: Commodity) -> dict[str, Any]:
    return {
        "id": c.pk,
        "county_code": c.county_id,
        "name": c.name,
        "category": c.category,
        "category_label": c.get_category_display(),
        "frequency": c.frequency,
        "keywords": c.keywords,
        "unit": c.unit,
        "price_unit": c.price_unit,
        "active": c.active,
    }


def observation_out(o: Observation) -> dict[str, Any]:
    return {f: getattr(o, f) for f in ("period_start", "price", "output", "stock", "sales", "source")}


def warning_out(w: ProduceWarning) -> dict[str, Any]:
    return {
        "id": w.pk,
        "commodity_id": w.commodity_id,
        "commodity": w.commodity.name,
        "county_code": w.commodity.county_id,
        "period_start": w.period_start,
        "kind": w.kind,
        "kind_label": w.get_kind_display(),
        "value": w.value,
        "reference": w.reference,
        "ratio": w.ratio,
        "status": w.status,
        "status_label": w.get_status_display(),
        "closed_on": w.closed_on,
        "note": w.note,
        "version": w.version,
    }


def response_out(r: WarningResponse) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "kind_label": r.get_kind_display(),
        "date": r.date,
        "buyer": r.buyer.name if r.buyer else "",
        "quantity": r.quantity,
        "amount": r.amount,
        "note": r.note,
    }
