"""Builders of 农副产品滞销监测预警 for the area sweep (src/shoudi/core/tests/test_area_sweep.py) and the form sweep: a key
product of the county of village A, a warning of it and a grower household of village A — real rows written
straight with the ORM, the same objects on every call."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from shoudi.markets import codes
from shoudi.markets.models_produce import Commodity, Grower, ProduceWarning
from shoudi.registry.models import Household
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members

NAME = "当造村猕猴桃"
DAY = dt.date(2026, 3, 2)


def commodity() -> Commodity:
    found = Commodity.objects.filter(county_id=COUNTY, name=NAME).first()
    return found or Commodity.objects.create(
        county_id=COUNTY, name=NAME, category=codes.ProductCategory.FRUIT, keywords="红心猕猴桃"
    )


def warning() -> ProduceWarning:
    of = commodity()
    found = ProduceWarning.objects.filter(commodity=of).first()
    return found or ProduceWarning.objects.create(
        commodity=of,
        period_start=DAY,
        kind=codes.WarningKind.PRICE_FALL,
        value=Decimal("6"),
        reference=Decimal("10"),
        ratio=Decimal("0.6"),
    )


def grower() -> Grower:
    of = commodity()
    found = Grower.objects.filter(commodity=of).first()
    if found:
        return found
    household = Household.objects.filter(village_id=VILLAGE_A).first() or household_with_members(VILLAGE_A, size=1)
    return Grower.objects.create(
        commodity=of, village_id=VILLAGE_A, household=household, scale=Decimal("5"), scale_unit="亩"
    )
