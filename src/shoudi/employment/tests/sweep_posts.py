"""Builders of the 公益性岗位 tests and real records of village A for the area sweep
(src/shoudi/core/tests/test_area_sweep.py): a post of village A held by a working-age member of a household of
village A. Written straight with the ORM (the sweep is about reads), fetched again by their fixed title so every
call returns the same objects.

- ``labourer(household, age)``: a member of ``household`` made ``age`` years old (the shared factories make
  people born in 1950, past working age).
- ``public_asset(village)``: a 公益性资产 of the asset ledger (what a 资产管护 post maintains)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from shoudi.assets.models import Asset
from shoudi.employment import codes
from shoudi.employment.models import PostHolding, WelfarePost
from shoudi.employment.testing import holding as make_holding
from shoudi.employment.testing import post as make_post
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, household_with_members

SWEEP_TITLE = "当造村区域检查保洁员"
SWEEP_DAY = dt.date(2026, 1, 5)


def labourer(household: Household | None = None, age: int = 40, **fields: Any) -> Person:
    """The first member of ``household`` (a new one of village A if None), ``age`` years old today."""
    household = household or household_with_members(VILLAGE_A, size=2)
    person = household.members.order_by("relationship", "pk").first()
    assert person is not None
    today = timezone.localdate()
    birth = today.replace(year=today.year - age, day=1) - dt.timedelta(days=1)
    Person.objects.filter(pk=person.pk).update(birth_date=birth, **fields)
    person.refresh_from_db()
    return person


def public_asset(village: str = VILLAGE_A, name: str = "当造村通组公路") -> Asset:
    found, _ = Asset.objects.get_or_create(
        code=f"ZC-GY-{village}-{name}"[:40],
        defaults={
            "name": name,
            "asset_class": "public",
            "value": Decimal("300000.00"),
            "formed_on": dt.date(2021, 6, 1),
            "village_id": village,
            "ledger_level": "village",
        },
    )
    return found


def post() -> WelfarePost:
    found = WelfarePost.objects.filter(title=SWEEP_TITLE).first()
    return found or make_post(VILLAGE_A, title=SWEEP_TITLE, created_on=SWEEP_DAY)


def holding() -> PostHolding:
    held = post()
    found = PostHolding.objects.filter(post=held).first()
    if found is not None:
        return found
    person = labourer()
    return make_holding(held, person, started_on=SWEEP_DAY, priority=codes.Priority.FORMER_POOR)
