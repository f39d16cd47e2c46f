"""Builders for tests: cooperation rows written straight with the ORM, for tests whose subject is what comes after
(results, the summary, reports, the area sweep). Tests of recording go through the pages and services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.cooperation import codes
from shoudi.cooperation.models import Pairing

COUNTY = "520628"


def pairing(area: str = COUNTY, name: str = "松桃县—东莞市长安镇东西部协作", **fields: Any) -> Pairing:
    fields.setdefault("kind", codes.PairingKind.EAST_WEST if len(area) == 6 else codes.PairingKind.VILLAGE_TEAM)
    fields.setdefault("partner", "东莞市长安镇")
    fields.setdefault("partner_location", "广东省东莞市")
    fields.setdefault("agreement_from", dt.date(2021, 1, 1))
    return Pairing.objects.create(area_id=area, name=name, **fields)


def project(area: str, code: str, name: str = "东西部协作茶叶加工厂", year: int = 2026) -> Any:
    from shoudi.projects.models import Project, ProjectStatus

    level = {12: "village", 9: "township", 6: "county"}[len(area)]
    return Project.objects.create(
        code=code,
        name=name,
        year=year,
        level=level,
        area_id=area,
        kind="industry",
        implementing_unit="松桃县农业农村局",
        status=ProjectStatus.IMPLEMENTING,
    )


def buyer_with_purchase(county: str, name: str, amount: str, on: dt.date, **fields: Any) -> Any:
    """A partner-city buyer of the markets ledger with one purchase of ``amount`` on ``on``."""
    from shoudi.markets.models import Buyer, Product, Purchase, Supplier

    buyer = Buyer.objects.create(county_id=county, name=name, kind="partner_city", location="广东省东莞市", **fields)
    supplier, _ = Supplier.objects.get_or_create(
        county_id=county, name="松桃梵净山茶业合作社", defaults={"kind": "cooperative"}
    )
    product, _ = Product.objects.get_or_create(
        supplier=supplier, name="松桃绿茶", spec="", defaults={"county_id": county, "category": "tea"}
    )
    Purchase.objects.create(
        county_id=county,
        buyer=buyer,
        product=product,
        supplier=supplier,
        channel="unit_procurement",
        date=on,
        quantity=Decimal("100"),
        amount=Decimal(amount),
    )
    return buyer
