"""Builders for tests: rows of the 消费帮扶 ledgers of 松桃县 (the test region tree) written straight with the ORM,
for tests whose subject is what comes after (figures, pages, reports). Tests of recording a row go through the
services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.markets import codes
from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Purchase, Supplier, SupplierHousehold

COUNTY = "520628"


def supplier(name: str = "当造村苗岭生态种养专业合作社", county: str = COUNTY, **fields: Any) -> Supplier:
    fields.setdefault("kind", codes.SupplierKind.COOPERATIVE)
    return Supplier.objects.create(name=name, county_id=county, **fields)


def product(of: Supplier | None = None, name: str = "松桃红薯粉", **fields: Any) -> Product:
    of = of or supplier()
    fields.setdefault("category", codes.ProductCategory.PROCESSED)
    fields.setdefault("spec", "500克/袋")
    fields.setdefault("certificate_number", "XFXZ-2026-0001")
    fields.setdefault("certified_from", dt.date(2026, 1, 1))
    fields.setdefault("certified_to", dt.date(2027, 12, 31))
    return Product.objects.create(supplier=of, county_id=of.county_id, name=name, **fields)


def buyer(name: str = "松桃县人民医院", county: str = COUNTY, **fields: Any) -> Buyer:
    fields.setdefault("kind", codes.BuyerKind.BUDGET_UNIT)
    return Buyer.objects.create(name=name, county_id=county, **fields)


def budget(of: Buyer, year: int, amount: str, share: str | None = None) -> BuyerYear:
    return BuyerYear.objects.create(
        buyer=of, year=year, canteen_budget=Decimal(amount), reserved_share=None if share is None else Decimal(share)
    )


def purchase(by: Buyer, of: Product, amount: str, on: dt.date, **fields: Any) -> Purchase:
    fields.setdefault("channel", codes.Channel.UNIT_PROCUREMENT)
    fields.setdefault("quantity", Decimal("10"))
    return Purchase.objects.create(
        county_id=by.county_id, buyer=by, product=of, supplier=of.supplier, amount=Decimal(amount), date=on, **fields
    )


def link(
    of: Supplier, household: Any, year: int, kind: str = codes.SupplierLinkKind.BUYS_FROM, **fields: Any
) -> SupplierHousehold:
    return SupplierHousehold.objects.create(supplier=of, household=household, year=year, kind=kind, **fields)
