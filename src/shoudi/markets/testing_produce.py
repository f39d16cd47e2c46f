"""Builders for the tests of 农副产品滞销监测预警: rows written straight with the ORM (a product, a series of given
figures, a warning, a grower) for tests whose subject is what comes after (the check, the pages). Tests of
recording a row go through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.markets import codes
from shoudi.markets.models_produce import Commodity, Grower, Observation, ProduceWarning

COUNTY = "520628"


def commodity(name: str = "猕猴桃", county: str = COUNTY, **fields: Any) -> Commodity:
    fields.setdefault("category", codes.ProductCategory.FRUIT)
    return Commodity.objects.create(county_id=county, name=name, **fields)


def iso_monday(year: int, week: int) -> dt.date:
    return dt.date.fromisocalendar(year, week, 1)


def observe(
    of: Commodity, day: dt.date, price: str | None = None, stock: str | None = None, sales: str | None = None
) -> Observation:
    return Observation.objects.create(
        commodity=of,
        period_start=day,
        price=None if price is None else Decimal(price),
        stock=None if stock is None else Decimal(stock),
        sales=None if sales is None else Decimal(sales),
    )


def same_week(
    of: Commodity, year: int, week: int, values: dict[int, tuple[str | None, str | None, str | None]]
) -> None:
    """Figures (price, stock, sales) of ISO week ``week`` in each year given as ``{year: (...)}``."""
    for y, (price, stock, sales) in values.items():
        observe(of, iso_monday(y, week), price, stock, sales)


def warning(
    of: Commodity, day: dt.date = dt.date(2026, 3, 2), kind: str = codes.WarningKind.PRICE_FALL, **fields: Any
) -> ProduceWarning:
    fields.setdefault("value", Decimal("6"))
    fields.setdefault("reference", Decimal("10"))
    fields.setdefault("ratio", Decimal("0.6"))
    return ProduceWarning.objects.create(commodity=of, period_start=day, kind=kind, **fields)


def grower(of: Commodity, household: Any, **fields: Any) -> Grower:
    return Grower.objects.create(commodity=of, village_id=household.village_id, household=household, **fields)
