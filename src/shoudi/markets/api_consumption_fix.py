"""/api/v1/markets/ — corrections of the 消费帮扶 ledgers: read, correct (with the ``version`` read: someone else's
change in between answers 409) and 撤销 a purchase (``?reason=``, kept in the audit log), 撤销 a whole import batch,
delete a supplier, product or buyer nothing refers to. The same services and checks as the pages: only the
county's ledger keepers (``MANAGE_CONSUMPTION``); a row of another county is 404. The operations join the one
``api_consumption.router`` (a path shared by two routers would answer 405 for the second's methods): it adds
``OPERATIONS`` (method, path, view, responses, summary)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Path, Query, Schema, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.markets import codes, consumption_removal
from shoudi.markets import consumption_purchases as purchases
from shoudi.markets import selectors_consumption as selectors
from shoudi.markets.access import MANAGE_CONSUMPTION, require_may
from shoudi.markets.api_consumption_schemas import MktPurchaseOut, purchase_out

REASON = Query(..., title="撤销或删除原因（记入操作日志）", min_length=1, max_length=purchases.MAX_REASON)
VERSION = Query(None, title="读取时的 version（他人已修改则 409）", ge=0, le=2_000_000_000)
PURCHASE_ID = {"title": "采购记录编号", "ge": 1, "le": 2**62}
OPERATIONS: list[tuple[str, str, Callable[..., Any], dict[int, Any], str]] = []


def _op(method: str, path: str, *, response: dict[int, Any], summary: str) -> Callable[[Any], Any]:
    def add(view: Callable[..., Any]) -> Callable[..., Any]:
        OPERATIONS.append((method, path, view, response, summary))
        return view

    return add


BATCH = {"title": "导入批次", "min_length": 1, "max_length": 40, "pattern": r"^[A-Za-z0-9_-]+$"}


class MktPurchaseEditIn(InputSchema):
    buyer_id: uuid.UUID = Field(title="采购方")
    product_id: uuid.UUID = Field(title="产品")
    channel: str = Field(
        title="销售渠道", max_length=20, description="、".join(f"{c.value}（{c.label}）" for c in codes.Channel)
    )
    platform: str = Field("", title="平台/门店名称", max_length=100)
    order_number: str = Field("", title="订单号", max_length=60)
    date: dt.date = Field(title="采购日期")
    quantity: Decimal = Field(title="数量", gt=0, le=Decimal("9999999999"), max_digits=14, decimal_places=3)
    amount: Decimal = Field(title="金额（元）", gt=0, le=Decimal("9999999999.99"), max_digits=12, decimal_places=2)
    version: int | None = Field(None, title="读取时的 version（他人已修改则 409；不填不检查）", ge=0, le=2_000_000_000)


class MktBatchWithdrawnOut(Schema):
    batch: str = Field(title="导入批次")
    count: int = Field(title="撤销的采购记录（条）")
    amount: Decimal = Field(title="撤销的金额（元）")


def _managed_purchase(request: HttpRequest, purchase_id: int) -> tuple[Any, Any]:
    user = _user(request)
    purchase = selectors.access_purchase_by_id(user, purchase_id)
    require_may(user, MANAGE_CONSUMPTION, purchase.county_id)
    return user, purchase


@_op("GET", "/purchases/{purchase_id}", response={200: MktPurchaseOut, **ERRORS}, summary="一条采购记录（含 version）")
def get_purchase(request: HttpRequest, purchase_id: int = Path(..., **PURCHASE_ID)) -> dict[str, Any]:
    return purchase_out(selectors.access_purchase_by_id(_user(request), purchase_id))


@_op("PUT", "/purchases/{purchase_id}", response={200: MktPurchaseOut, **CONFLICT}, summary="修改一条采购记录")
def update_purchase(
    request: HttpRequest, payload: MktPurchaseEditIn, purchase_id: int = Path(..., **PURCHASE_ID)
) -> dict[str, Any]:
    user, purchase = _managed_purchase(request, purchase_id)
    try:
        buyer = selectors.access_buyer_by_id(user, payload.buyer_id)
    except NotVisible:
        raise ValidationError({"buyer_id": "采购方不存在或不属于本县"}) from None
    try:
        product = selectors.access_product_by_id(user, payload.product_id)
    except NotVisible:
        raise ValidationError({"product_id": "产品不存在或不属于本县"}) from None
    entry = purchases.PurchaseInput(**payload.dict(exclude={"buyer_id", "product_id", "version"}))
    purchases.purchase_update(
        by=user, purchase=purchase, buyer=buyer, product=product, entry=entry, version=payload.version
    )
    return purchase_out(selectors.access_purchase_by_id(user, purchase_id))


@_op("DELETE", "/purchases/{purchase_id}", response={204: None, **CONFLICT}, summary="撤销一条采购记录")
def withdraw_purchase(
    request: HttpRequest,
    purchase_id: int = Path(..., **PURCHASE_ID),
    reason: str = REASON,
    version: int | None = VERSION,
) -> Status:
    user, purchase = _managed_purchase(request, purchase_id)
    purchases.purchase_withdraw(by=user, purchase=purchase, reason=reason, version=version)
    return Status(204, None)


@_op(
    "DELETE",
    "/purchases/batches/{purchase_batch}",
    response={200: MktBatchWithdrawnOut, **ERRORS},
    summary="撤销一个导入批次的全部采购记录（导错的文件）",
)
def withdraw_batch(request: HttpRequest, purchase_batch: str = Path(..., **BATCH), reason: str = REASON) -> Any:
    user = _user(request)
    require_may(user, MANAGE_CONSUMPTION)
    county = selectors.purchase_list(user, batch=purchase_batch).values_list("county_id", flat=True).first()
    if county is None:
        raise NotVisible()
    require_may(user, MANAGE_CONSUMPTION, county)
    done = purchases.batch_withdraw(by=user, county=county, batch=purchase_batch, reason=reason)
    return {"batch": done.batch, "count": done.count, "amount": done.amount}


@_op("DELETE", "/suppliers/{supplier_id}", response={204: None, **ERRORS}, summary="删除登记错误的供应商（无引用时）")
def delete_supplier(request: HttpRequest, supplier_id: uuid.UUID, reason: str = REASON) -> Status:
    user = _user(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    require_may(user, MANAGE_CONSUMPTION, supplier.county_id)
    consumption_removal.supplier_delete(by=user, supplier=supplier, reason=reason)
    return Status(204, None)


@_op("DELETE", "/products/{product_id}", response={204: None, **ERRORS}, summary="删除登记错误的产品（无引用时）")
def delete_product(request: HttpRequest, product_id: uuid.UUID, reason: str = REASON) -> Status:
    user = _user(request)
    product = selectors.access_product_by_id(user, product_id)
    require_may(user, MANAGE_CONSUMPTION, product.supplier.county_id)
    consumption_removal.product_delete(by=user, product=product, reason=reason)
    return Status(204, None)


@_op("DELETE", "/buyers/{buyer_id}", response={204: None, **ERRORS}, summary="删除登记错误的采购方（无引用时）")
def delete_buyer(request: HttpRequest, buyer_id: uuid.UUID, reason: str = REASON) -> Status:
    user = _user(request)
    buyer = selectors.access_buyer_by_id(user, buyer_id)
    require_may(user, MANAGE_CONSUMPTION, buyer.county_id)
    consumption_removal.buyer_delete(by=user, buyer=buyer, reason=reason)
    return Status(204, None)
