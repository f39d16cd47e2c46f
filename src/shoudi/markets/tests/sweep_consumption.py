"""Builders of the 消费帮扶 ledgers for the area sweep (src/shoudi/core/tests/test_area_sweep.py) and the form
sweep: a cooperative of village A (松桃县's ledger), its certified product, a budget unit, a household link of
village A's sweep household, a purchase, an import batch, and a spare supplier, product and buyer nothing refers
to (to delete) — real rows written straight with the ORM, the same objects on every call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.markets import codes
from shoudi.markets.models_consumption import Buyer, Product, Purchase, Supplier, SupplierHousehold
from shoudi.testing.factories import COUNTY, VILLAGE_A

NAME = "当造村苗岭巡检合作社"


def supplier() -> Supplier:
    found = Supplier.objects.filter(county_id=COUNTY, name=NAME).first()
    return found or Supplier.objects.create(
        county_id=COUNTY, village_id=VILLAGE_A, name=NAME, kind=codes.SupplierKind.COOPERATIVE
    )


def product() -> Product:
    of = supplier()
    found = Product.objects.filter(supplier=of).first()
    return found or Product.objects.create(
        supplier=of,
        county_id=COUNTY,
        name="巡检红薯粉",
        category=codes.ProductCategory.PROCESSED,
        certificate_number="XJ-0001",
        certified_from=dt.date(2025, 1, 1),
        certified_to=dt.date(2030, 12, 31),
    )


def buyer() -> Buyer:
    found = Buyer.objects.filter(county_id=COUNTY, name="松桃县巡检医院").first()
    return found or Buyer.objects.create(county_id=COUNTY, name="松桃县巡检医院", kind=codes.BuyerKind.BUDGET_UNIT)


def link(household: Any) -> SupplierHousehold:
    of = supplier()
    found = SupplierHousehold.objects.filter(supplier=of, household=household).first()
    return found or SupplierHousehold.objects.create(
        supplier=of, household=household, kind=codes.SupplierLinkKind.BUYS_FROM, year=dt.date.today().year
    )


BATCH = "xjsweepbatch01"


def _purchase(order: str, batch: str = "") -> Purchase:
    found = Purchase.objects.filter(county_id=COUNTY, order_number=order).first()
    of = product()
    return found or Purchase.objects.create(
        county_id=COUNTY,
        buyer=buyer(),
        product=of,
        supplier=of.supplier,
        channel=codes.Channel.ONLINE,
        platform="832平台",
        order_number=order,
        date=dt.date.today(),
        quantity=Decimal("2"),
        amount=Decimal("36.00"),
        batch=batch,
    )


def purchase(order: str = "XJ-SWEEP-1") -> Purchase:
    return _purchase(order)


def batch() -> str:
    """An import batch of two purchases."""
    _purchase("XJ-BATCH-1", BATCH)
    _purchase("XJ-BATCH-2", BATCH)
    return BATCH


def spare_supplier() -> Supplier:
    found = Supplier.objects.filter(county_id=COUNTY, name="巡检误登供应商").first()
    return found or Supplier.objects.create(county_id=COUNTY, name="巡检误登供应商", kind=codes.SupplierKind.ENTERPRISE)


def spare_product() -> Product:
    of = supplier()
    found = Product.objects.filter(supplier=of, name="巡检误登产品").first()
    return found or Product.objects.create(
        supplier=of, county_id=COUNTY, name="巡检误登产品", category=codes.ProductCategory.TEA
    )


def spare_buyer() -> Buyer:
    found = Buyer.objects.filter(county_id=COUNTY, name="巡检误登单位").first()
    return found or Buyer.objects.create(county_id=COUNTY, name="巡检误登单位", kind=codes.BuyerKind.ENTERPRISE)
