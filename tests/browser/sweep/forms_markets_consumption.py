"""消费帮扶: the home page's year, the lists' filters, registering and editing a supplier, linking and unlinking a
household it drives, registering and editing a product, the two imports, registering and editing a buyer, a
buyer's yearly canteen budget, entering, correcting and 撤销 a purchase, 撤销 an import batch, and deleting a
supplier, product or buyer registered by mistake. The county officer (who keeps the ledgers) fills them; the
township reviewer filters. Each setup writes what the form needs straight with the ORM (``sweep_consumption``)."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from django.utils import timezone

from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Purchase, Supplier, SupplierHousehold
from shoudi.markets.tests import sweep_consumption as sweep
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import Upload, form

TODAY = timezone.localdate()
YEAR = str(TODAY.year)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PRODUCTS = _xlsx(
    [
        ["供应商", "主体类型", "产品名称", "产品类别", "规格"],
        ["巡检导入合作社", "农民专业合作社", "巡检导入茶叶", "茶叶", "250克/盒"],
    ]
)


def _purchases_file() -> bytes:
    return _xlsx(
        [
            ["采购方", "采购方类型", "产品名称", "销售渠道", "平台/门店", "订单号", "采购日期", "数量", "金额（元）"],
            [
                "巡检导入单位",
                "预算单位",
                "巡检红薯粉",
                "电商平台",
                "832平台",
                "XJ-IMPORT-1",
                TODAY.isoformat(),
                "3",
                "54",
            ],
        ]
    )


def _household(w: Any) -> Any:
    found = household_with_members(VILLAGE_A, size=1, status="former_poor")
    LINK.valid["household"] = found.number
    sweep.supplier()
    return found


def _linked(w: Any) -> SupplierHousehold:
    return sweep.link(household_with_members(VILLAGE_A, size=1))


def _for_product(w: Any) -> Supplier:
    found = sweep.supplier()
    PRODUCT.valid["supplier"] = str(found.pk)
    return found


def _product(w: Any) -> Product:
    found = sweep.product()
    PRODUCT_EDIT.valid["supplier"] = str(found.supplier_id)
    return found


def _for_purchase(w: Any) -> Any:
    found = sweep.product()
    PURCHASE.valid["product"] = str(found.pk)
    PURCHASE.valid["buyer"] = str(sweep.buyer().pk)
    return found


def _for_purchase_import(w: Any) -> Product:
    found = sweep.product()
    PURCHASE_IMPORT.valid["file"] = Upload("采购记录.xlsx", _purchases_file(), XLSX)
    return found


def _filter(name: str, url: str, path: str, valid: dict[str, str], setup: Any = None) -> None:
    form(
        name=f"markets.{name}",
        form=f"markets.{name}",
        url_name=url,
        persona="township",
        method="get",
        setup=setup or (lambda w: sweep.product()),
        page=lambda w, ctx: path,
        valid=valid,
    )


_filter("home_year", "markets:home", "/markets/", {"year": YEAR})
_filter(
    "supplier_filter",
    "markets:supplier_list",
    "/markets/suppliers/",
    {"year": YEAR, "kind": "cooperative", "q": "苗岭"},
)
_filter("product_filter", "markets:product_list", "/markets/products/", {"kind": "processed", "q": "红薯"})
_filter("buyer_filter", "markets:buyer_list", "/markets/buyers/", {"year": YEAR, "kind": "budget_unit", "q": "医院"})
_filter("purchase_filter", "markets:purchase_list", "/markets/purchases/", {"year": YEAR, "kind": "online", "q": "832"})

SUPPLIER = {
    "name": "巡检新建合作社",
    "kind": "cooperative",
    "village": VILLAGE_A,
    "credit_code": "",
    "contact": "张三",
    "phone": "13800000000",
    "note": "",
    "active": True,
}
form(
    name="markets.supplier_create",
    form="markets.supplier",
    url_name="markets:supplier_create",
    persona="county",
    page=lambda w, ctx: "/markets/suppliers/new/",
    valid=SUPPLIER,
    changed=lambda w, ctx: Supplier.objects.filter(name="巡检新建合作社").exists(),
    success="已登记供应商",
)
form(
    name="markets.supplier_edit",
    form="markets.supplier",
    url_name="markets:supplier_edit",
    persona="county",
    setup=lambda w: sweep.supplier(),
    page=lambda w, ctx: f"/markets/suppliers/{ctx.pk}/edit/",
    valid={**SUPPLIER, "name": sweep.NAME, "note": "巡检修改"},
    changed=lambda w, ctx: Supplier.objects.get(pk=ctx.pk).note == "巡检修改",
    success="已保存供应商",
)
LINK = form(
    name="markets.supplier_link",
    form="markets.supplier_link",
    url_name="markets:supplier_detail",
    persona="county",
    setup=_household,
    page=lambda w, ctx: f"/markets/suppliers/{sweep.supplier().pk}/",
    valid={"household": "", "kind": "buys_from", "year": YEAR, "amount": "1200", "note": ""},
    changed=lambda w, ctx: SupplierHousehold.objects.filter(household=ctx).exists(),
    success="已登记带动农户",
)
form(
    name="markets.supplier_unlink",
    form="markets.supplier_unlink",
    url_name="markets:supplier_unlink",
    persona="county",
    setup=_linked,
    page=lambda w, ctx: f"/markets/suppliers/{ctx.supplier_id}/",
    valid={},
    changed=lambda w, ctx: not SupplierHousehold.objects.filter(pk=ctx.pk).exists(),
    success="已移除带动农户",
)
PRODUCT_FIELDS = {
    "name": "巡检绿茶",
    "category": "tea",
    "spec": "250克/盒",
    "unit": "盒",
    "price": "68",
    "origin_county": "",
    "certificate_number": "XJ-TEA-1",
    "certifier": "松桃县农业农村局",
    "certified_from": "2025-01-01",
    "certified_to": "2030-12-31",
    "active": True,
}
PRODUCT = form(
    name="markets.product_create",
    form="markets.product",
    url_name="markets:product_create",
    persona="county",
    setup=_for_product,
    page=lambda w, ctx: "/markets/products/new/",
    valid={"supplier": "", **PRODUCT_FIELDS},
    changed=lambda w, ctx: Product.objects.filter(name="巡检绿茶").exists(),
    success="已登记产品",
)
PRODUCT_EDIT = form(
    name="markets.product_edit",
    form="markets.product",
    url_name="markets:product_edit",
    persona="county",
    setup=_product,
    page=lambda w, ctx: f"/markets/products/{ctx.pk}/edit/",
    valid={"supplier": "", **PRODUCT_FIELDS, "name": "巡检红薯粉", "spec": "", "price": "19.5"},
    changed=lambda w, ctx: str(Product.objects.get(pk=ctx.pk).price) == "19.50",
    success="已保存产品",
)
form(
    name="markets.import_products",
    form="markets.import_products",
    url_name="markets:product_import",
    persona="county",
    page=lambda w, ctx: "/markets/products/import/",
    valid={"file": Upload("消费帮扶产品.xlsx", PRODUCTS, XLSX)},
    changed=lambda w, ctx: Product.objects.filter(name="巡检导入茶叶").exists(),
    success="",
)
PURCHASE_IMPORT = form(
    name="markets.import_purchases",
    form="markets.import_purchases",
    url_name="markets:purchase_import",
    persona="county",
    setup=_for_purchase_import,
    page=lambda w, ctx: "/markets/purchases/import/",
    valid={"file": Upload("采购记录.xlsx", b"", XLSX)},
    changed=lambda w, ctx: Purchase.objects.filter(order_number="XJ-IMPORT-1").exists(),
    success="",
)
BUYER = {
    "name": "东莞市巡检商贸公司",
    "kind": "partner_city",
    "location": "广东省东莞市",
    "credit_code": "",
    "contact": "",
    "phone": "",
    "active": True,
}
form(
    name="markets.buyer_create",
    form="markets.buyer",
    url_name="markets:buyer_create",
    persona="county",
    page=lambda w, ctx: "/markets/buyers/new/",
    valid=BUYER,
    changed=lambda w, ctx: Buyer.objects.filter(name="东莞市巡检商贸公司").exists(),
    success="已登记采购方",
)
form(
    name="markets.buyer_edit",
    form="markets.buyer",
    url_name="markets:buyer_edit",
    persona="county",
    setup=lambda w: sweep.buyer(),
    page=lambda w, ctx: f"/markets/buyers/{ctx.pk}/edit/",
    valid={**BUYER, "name": "松桃县巡检医院", "kind": "budget_unit", "location": "松桃县"},
    changed=lambda w, ctx: Buyer.objects.get(pk=ctx.pk).location == "松桃县",
    success="已保存采购方",
)
form(
    name="markets.buyer_year",
    form="markets.buyer_year",
    url_name="markets:buyer_detail",
    persona="county",
    setup=lambda w: sweep.buyer(),
    page=lambda w, ctx: f"/markets/buyers/{ctx.pk}/",
    valid={"year": YEAR, "canteen_budget": "120000", "reserved_share": "12"},
    changed=lambda w, ctx: BuyerYear.objects.filter(buyer=ctx, canteen_budget=120000).exists(),
    success="年度食堂食材采购总额",
)
PURCHASE = form(
    name="markets.purchase_create",
    form="markets.purchase",
    url_name="markets:purchase_create",
    persona="county",
    setup=_for_purchase,
    page=lambda w, ctx: "/markets/purchases/new/",
    valid={
        "buyer": "",
        "product": "",
        "channel": "counter",
        "platform": "松桃县消费帮扶专柜",
        "order_number": "XJ-COUNTER-1",
        "date": TODAY.isoformat(),
        "quantity": "12",
        "amount": "216",
    },
    changed=lambda w, ctx: Purchase.objects.filter(order_number="XJ-COUNTER-1").exists(),
    success="已登记采购记录",
)


def _for_edit(w: Any) -> Purchase:
    found = sweep.purchase()
    PURCHASE_EDIT.valid["buyer"] = str(found.buyer_id)
    PURCHASE_EDIT.valid["product"] = str(found.product_id)
    return found


PURCHASE_EDIT = form(
    name="markets.purchase_edit",
    form="markets.purchase",
    url_name="markets:purchase_edit",
    persona="county",
    setup=_for_edit,
    page=lambda w, ctx: f"/markets/purchases/{ctx.pk}/edit/",
    valid={
        "buyer": "",
        "product": "",
        "channel": "online",
        "platform": "832平台",
        "order_number": "XJ-SWEEP-1",
        "date": TODAY.isoformat(),
        "quantity": "3",
        "amount": "54.5",
    },
    changed=lambda w, ctx: str(Purchase.objects.get(pk=ctx.pk).amount) == "54.50",
    success="已保存采购记录",
)
WITHDRAW = {"reason": "巡检：金额录错", "confirm": True}
form(
    name="markets.purchase_withdraw",
    form="markets.purchase_withdraw",
    url_name="markets:purchase_withdraw",
    persona="county",
    setup=lambda w: sweep.purchase("XJ-WITHDRAW-1"),
    page=lambda w, ctx: f"/markets/purchases/?q=XJ-WITHDRAW-1&year={YEAR}",
    valid=WITHDRAW,
    changed=lambda w, ctx: not Purchase.objects.filter(pk=ctx.pk).exists(),
    success="已撤销采购记录",
)
form(
    name="markets.batch_withdraw",
    form="markets.batch_withdraw",
    url_name="markets:batch_withdraw",
    persona="county",
    setup=lambda w: sweep.batch(),
    page=lambda w, ctx: f"/markets/purchases/?batch={ctx}",
    valid=WITHDRAW,
    changed=lambda w, ctx: not Purchase.objects.filter(batch=ctx).exists(),
    success="已撤销导入批次",
)
DELETE = {"reason": "巡检：重复登记", "confirm": True}
form(
    name="markets.supplier_delete",
    form="markets.supplier_delete",
    url_name="markets:supplier_delete",
    persona="county",
    setup=lambda w: sweep.spare_supplier(),
    page=lambda w, ctx: f"/markets/suppliers/{ctx.pk}/edit/",
    valid=DELETE,
    changed=lambda w, ctx: not Supplier.objects.filter(pk=ctx.pk).exists(),
    success="已删除供应商",
)
form(
    name="markets.product_delete",
    form="markets.product_delete",
    url_name="markets:product_delete",
    persona="county",
    setup=lambda w: sweep.spare_product(),
    page=lambda w, ctx: f"/markets/products/{ctx.pk}/edit/",
    valid=DELETE,
    changed=lambda w, ctx: not Product.objects.filter(pk=ctx.pk).exists(),
    success="已删除产品",
)
form(
    name="markets.buyer_delete",
    form="markets.buyer_delete",
    url_name="markets:buyer_delete",
    persona="county",
    setup=lambda w: sweep.spare_buyer(),
    page=lambda w, ctx: f"/markets/buyers/{ctx.pk}/edit/",
    valid=DELETE,
    changed=lambda w, ctx: not Buyer.objects.filter(pk=ctx.pk).exists(),
    success="已删除采购方",
)
