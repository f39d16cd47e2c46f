"""/api/v1/markets/: 消费帮扶 — suppliers and the households they drive, products, buyers and their yearly canteen
budgets, purchases (list with filters and bounds, entry) and the year's figures (per buyer against the reserved
share, per supplier, the county's totals). The same selectors and services as the pages: the same 农业农村 gate,
counties and checks apply; lists are bounded (limit ≤ 200); phones are masked without ``REVEAL_ID``; households
appear only by 户编号."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import ERRORS
from shoudi.core.api import actor as _user
from shoudi.markets import api_consumption_fix, codes
from shoudi.markets import consumption as services
from shoudi.markets import consumption_products as products
from shoudi.markets import consumption_purchases as purchases
from shoudi.markets import selectors_consumption as selectors
from shoudi.markets import selectors_consumption_figures as figures
from shoudi.markets.access import MANAGE_CONSUMPTION, require_may
from shoudi.markets.api_consumption_schemas import (
    MktBuyerIn,
    MktBuyerOut,
    MktBuyerPage,
    MktBuyerTotalOut,
    MktBuyerYearIn,
    MktLinkIn,
    MktLinkOut,
    MktProductIn,
    MktProductOut,
    MktProductPage,
    MktPurchaseIn,
    MktPurchaseOut,
    MktPurchasePage,
    MktSupplierIn,
    MktSupplierOut,
    MktSupplierPage,
    MktSupplierTotalOut,
    MktTotalsOut,
    buyer_out,
    buyer_total_out,
    link_out,
    product_out,
    purchase_out,
    supplier_out,
    supplier_total_out,
)

router = Router()
MAX_LIMIT = 200
OFFSET = {"ge": 0, "le": 10_000_000}
TEXT = {"max_length": 50}


def _text(value: str) -> str:
    return value.replace("\x00", "").strip()


def _year(value: int | None) -> int:
    return value or timezone.localdate().year


def _year_query() -> Any:
    return Query(None, title="年度（默认今年）", ge=2000, le=2100)


def _kind(value: str, choices: Any, label: str) -> str:
    if value and value not in choices.values:
        raise ValidationError({"kind": f"{label}“{value[:20]}”不在可选范围内"})
    return value


# ---- suppliers -------------------------------------------------------------------------------------------------


def _supplier_entry(p: MktSupplierIn) -> services.SupplierInput:
    return services.SupplierInput(**p.dict())


def _supplier(user: Any, supplier: Any) -> dict[str, Any]:
    return supplier_out(supplier, selectors.shown_phone(user, supplier.phone))


@router.get("/suppliers", response={200: MktSupplierPage, **ERRORS}, summary="消费帮扶供应商列表")
def list_suppliers(
    request: HttpRequest,
    q: str = Query("", title="名称或联系人", **TEXT),
    kind: str = Query("", title="主体类型代码", max_length=20),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    qs = selectors.supplier_list(user, text=_text(q), kind=_kind(kind, codes.SupplierKind, "主体类型"))
    return {"count": qs.count(), "items": [_supplier(user, s) for s in qs[offset : offset + limit]]}


@router.post("/suppliers", response={201: MktSupplierOut, **ERRORS}, summary="登记供应商")
def create_supplier(request: HttpRequest, payload: MktSupplierIn) -> Status:
    user = _user(request)
    supplier = services.supplier_create(by=user, entry=_supplier_entry(payload))
    return Status(201, _supplier(user, selectors.access_supplier_by_id(user, supplier.pk)))


@router.get("/suppliers/{supplier_id}", response={200: MktSupplierOut, **ERRORS}, summary="一个供应商")
def get_supplier(request: HttpRequest, supplier_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    return _supplier(user, selectors.access_supplier_by_id(user, supplier_id))


@router.put("/suppliers/{supplier_id}", response={200: MktSupplierOut, **ERRORS}, summary="修改供应商")
def update_supplier(request: HttpRequest, supplier_id: uuid.UUID, payload: MktSupplierIn) -> dict[str, Any]:
    user = _user(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    services.supplier_update(by=user, supplier=supplier, entry=_supplier_entry(payload))
    return _supplier(user, selectors.access_supplier_by_id(user, supplier_id))


@router.get(
    "/suppliers/{supplier_id}/households",
    response={200: list[MktLinkOut], **ERRORS},
    summary="供应商带动的农户（户编号，不含家庭成员）",
)
def list_links(
    request: HttpRequest,
    supplier_id: uuid.UUID,
    limit: int = Query(200, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> list[dict[str, Any]]:
    user = _user(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    return [link_out(link) for link in selectors.supplier_households(user, supplier)[offset : offset + limit]]


@router.post("/suppliers/{supplier_id}/households", response={201: MktLinkOut, **ERRORS}, summary="登记带动农户")
def create_link(request: HttpRequest, supplier_id: uuid.UUID, payload: MktLinkIn) -> Status:
    user = _user(request)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    entry = services.LinkInput(
        household_number=payload.household_number,
        kind=payload.kind,
        year=payload.year,
        amount=payload.amount,
        note=payload.note,
    )
    link = services.household_link(by=user, supplier=supplier, entry=entry)
    return Status(201, link_out(link))


@router.delete("/suppliers/{supplier_id}/households/{link_id}", response={204: None, **ERRORS}, summary="移除带动农户")
def delete_link(request: HttpRequest, supplier_id: uuid.UUID, link_id: int) -> Status:
    user = _user(request)
    require_may(user, MANAGE_CONSUMPTION)
    supplier = selectors.access_supplier_by_id(user, supplier_id)
    services.household_unlink(by=user, link=selectors.access_link_by_id(user, supplier, link_id))
    return Status(204, None)


# ---- products --------------------------------------------------------------------------------------------------


def _product_entry(p: MktProductIn) -> products.ProductInput:
    return products.ProductInput(**p.dict(exclude={"supplier_id"}))


def _supplier_for(user: Any, supplier_id: uuid.UUID) -> Any:
    try:
        return selectors.access_supplier_by_id(user, supplier_id)
    except NotVisible:
        raise ValidationError({"supplier_id": "供应商不存在或不属于本县"}) from None


@router.get("/products", response={200: MktProductPage, **ERRORS}, summary="消费帮扶产品列表")
def list_products(
    request: HttpRequest,
    q: str = Query("", title="产品、供应商或认定编号", **TEXT),
    category: str = Query("", title="产品类别代码", max_length=20),
    supplier_id: uuid.UUID | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    qs = selectors.product_list(
        user, text=_text(q), category=_kind(category, codes.ProductCategory, "产品类别"), supplier=supplier_id
    )
    return {"count": qs.count(), "items": [product_out(p) for p in qs[offset : offset + limit]]}


@router.post("/products", response={201: MktProductOut, **ERRORS}, summary="登记产品")
def create_product(request: HttpRequest, payload: MktProductIn) -> Status:
    user = _user(request)
    require_may(user, MANAGE_CONSUMPTION)
    made = products.product_create(
        by=user, supplier=_supplier_for(user, payload.supplier_id), entry=_product_entry(payload)
    )
    return Status(201, product_out(selectors.access_product_by_id(user, made.pk)))


@router.get("/products/{product_id}", response={200: MktProductOut, **ERRORS}, summary="一个产品")
def get_product(request: HttpRequest, product_id: uuid.UUID) -> dict[str, Any]:
    return product_out(selectors.access_product_by_id(_user(request), product_id))


@router.put("/products/{product_id}", response={200: MktProductOut, **ERRORS}, summary="修改产品")
def update_product(request: HttpRequest, product_id: uuid.UUID, payload: MktProductIn) -> dict[str, Any]:
    user = _user(request)
    product = selectors.access_product_by_id(user, product_id)
    require_may(user, MANAGE_CONSUMPTION, product.supplier.county_id)
    supplier = _supplier_for(user, payload.supplier_id)
    products.product_update(by=user, product=product, supplier=supplier, entry=_product_entry(payload))
    return product_out(selectors.access_product_by_id(user, product_id))


# ---- buyers ----------------------------------------------------------------------------------------------------


def _buyer(user: Any, buyer: Any) -> dict[str, Any]:
    return buyer_out(buyer, selectors.shown_phone(user, buyer.phone), selectors.buyer_years(buyer))


@router.get("/buyers", response={200: MktBuyerPage, **ERRORS}, summary="采购方列表")
def list_buyers(
    request: HttpRequest,
    q: str = Query("", title="名称或所在地", **TEXT),
    kind: str = Query("", title="采购方类型代码", max_length=20),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    qs = selectors.buyer_list(user, text=_text(q), kind=_kind(kind, codes.BuyerKind, "采购方类型"))
    page = list(qs.prefetch_related("years")[offset : offset + limit])
    items = [
        buyer_out(b, selectors.shown_phone(user, b.phone), sorted(b.years.all(), key=lambda y: -y.year)) for b in page
    ]
    return {"count": qs.count(), "items": items}


@router.post("/buyers", response={201: MktBuyerOut, **ERRORS}, summary="登记采购方")
def create_buyer(request: HttpRequest, payload: MktBuyerIn) -> Status:
    user = _user(request)
    buyer = products.buyer_create(by=user, entry=products.BuyerInput(**payload.dict()))
    return Status(201, _buyer(user, selectors.access_buyer_by_id(user, buyer.pk)))


@router.get("/buyers/{buyer_id}", response={200: MktBuyerOut, **ERRORS}, summary="一个采购方（含年度预算）")
def get_buyer(request: HttpRequest, buyer_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    return _buyer(user, selectors.access_buyer_by_id(user, buyer_id))


@router.put("/buyers/{buyer_id}", response={200: MktBuyerOut, **ERRORS}, summary="修改采购方")
def update_buyer(request: HttpRequest, buyer_id: uuid.UUID, payload: MktBuyerIn) -> dict[str, Any]:
    user = _user(request)
    buyer = selectors.access_buyer_by_id(user, buyer_id)
    products.buyer_update(by=user, buyer=buyer, entry=products.BuyerInput(**payload.dict()))
    return _buyer(user, selectors.access_buyer_by_id(user, buyer_id))


@router.put(
    "/buyers/{buyer_id}/years",
    response={200: MktBuyerOut, **ERRORS},
    summary="登记或修改一个年度的食堂食材采购总额（及本单位预留份额比例）",
)
def set_buyer_year(request: HttpRequest, buyer_id: uuid.UUID, payload: MktBuyerYearIn) -> dict[str, Any]:
    user = _user(request)
    buyer = selectors.access_buyer_by_id(user, buyer_id)
    products.buyer_year_set(by=user, buyer=buyer, entry=products.YearInput(**payload.dict()))
    return _buyer(user, buyer)


# ---- purchases -------------------------------------------------------------------------------------------------


@router.get("/purchases", response={200: MktPurchasePage, **ERRORS}, summary="采购记录列表")
def list_purchases(
    request: HttpRequest,
    year: int | None = _year_query(),
    channel: str = Query("", title="销售渠道代码", max_length=20),
    buyer_id: uuid.UUID | None = None,
    supplier_id: uuid.UUID | None = None,
    q: str = Query("", title="订单号、平台或产品", **TEXT),
    batch: str = Query("", title="导入批次", max_length=40, pattern=r"^[A-Za-z0-9_-]*$"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    qs = selectors.purchase_list(
        user,
        year=year,
        channel=_kind(channel, codes.Channel, "销售渠道"),
        buyer=buyer_id,
        supplier=supplier_id,
        text=_text(q),
        batch=batch,
    )
    total = selectors.purchase_sum(qs)
    return {
        "count": total["count"],
        "amount": total["amount"],
        "recognised": total["recognised"],
        "outside": total["outside"],
        "items": [purchase_out(p) for p in qs[offset : offset + limit]],
    }


@router.post("/purchases", response={201: MktPurchaseOut, **ERRORS}, summary="登记一条采购记录")
def create_purchase(request: HttpRequest, payload: MktPurchaseIn) -> Status:
    user = _user(request)
    require_may(user, MANAGE_CONSUMPTION)
    try:
        buyer = selectors.access_buyer_by_id(user, payload.buyer_id)
    except NotVisible:
        raise ValidationError({"buyer_id": "采购方不存在或不属于本县"}) from None
    try:
        product = selectors.access_product_by_id(user, payload.product_id)
    except NotVisible:
        raise ValidationError({"product_id": "产品不存在或不属于本县"}) from None
    entry = purchases.PurchaseInput(**payload.dict(exclude={"buyer_id", "product_id"}))
    made = purchases.purchase_create(by=user, buyer=buyer, product=product, entry=entry)
    return Status(201, purchase_out(made))


# ---- figures ---------------------------------------------------------------------------------------------------


@router.get(
    "/consumption/buyer-totals",
    response={200: list[MktBuyerTotalOut], **ERRORS},
    summary="采购方年度采购额和预留份额完成情况",
)
def buyer_totals(
    request: HttpRequest,
    year: int | None = _year_query(),
    kind: str = Query("", title="采购方类型代码", max_length=20),
    limit: int = Query(200, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> list[dict[str, Any]]:
    rows = figures.buyer_totals(_user(request), _year(year), kind=_kind(kind, codes.BuyerKind, "采购方类型"))
    return [buyer_total_out(r) for r in rows[offset : offset + limit]]


@router.get(
    "/consumption/supplier-totals",
    response={200: list[MktSupplierTotalOut], **ERRORS},
    summary="供应商年度销售额和联农带农户数",
)
def supplier_totals(
    request: HttpRequest,
    year: int | None = _year_query(),
    limit: int = Query(200, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> list[dict[str, Any]]:
    rows = figures.supplier_totals(_user(request), _year(year))
    return [supplier_total_out(r) for r in rows[offset : offset + limit]]


@router.get(
    "/consumption/totals", response={200: MktTotalsOut, **ERRORS}, summary="本县年度消费帮扶合计（按渠道、产品类别）"
)
def totals(request: HttpRequest, year: int | None = _year_query()) -> dict[str, Any]:
    found = figures.county_totals(_user(request), _year(year))
    amounts = {
        key: [{"code": c, "label": str(label), "amount": a} for c, label, a in found[key]]
        for key in ("channels", "categories")
    }
    return {**found, **amounts}


# corrections and deletions (some share the paths above: they must join this router)
for _method, _path, _view, _response, _summary in api_consumption_fix.OPERATIONS:
    router.add_api_operation(_path, [_method], _view, response=_response, summary=_summary)
