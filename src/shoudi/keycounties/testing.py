"""Builders of key-county objects for tests and the browser form sweep (written straight with the ORM; the
services are what the tests exercise)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shoudi.keycounties.models import IndicatorValue, KeyCounty, SupportMeasure

COUNTY = "520628"  # the demo county of the test tree (shoudi.testing.factories.COUNTY)


def key_county(county: str = COUNTY, level: str = "provincial", **fields: Any) -> KeyCounty:
    found = KeyCounty.objects.filter(county_id=county, level=level, removed_on__isnull=True).first()
    if found is not None:
        return found
    fields.setdefault("designated_year", 2021)
    fields.setdefault("document_no", "黔乡振发〔2021〕12号")
    fields.setdefault("source", "贵州省乡村振兴局")
    return KeyCounty.objects.create(county_id=county, level=level, **fields)


def measure(of: KeyCounty, title: str = "衔接资金向重点帮扶县倾斜", **fields: Any) -> SupportMeasure:
    fields.setdefault("year", 2025)
    fields.setdefault("category", "fiscal")
    fields.setdefault("responsible_unit", "县财政局")
    return SupportMeasure.objects.create(key_county=of, title=title, **fields)


def value(of: KeyCounty, year: int, code: str, amount: str, source: str = "县统计局") -> IndicatorValue:
    row, _ = IndicatorValue.objects.update_or_create(
        key_county=of, year=year, code=code, defaults={"value": Decimal(amount), "source": source}
    )
    return row
