"""Builders for tests: rows of the jobs ledgers written straight with the ORM, for tests whose subject is what
comes after (matching, pay sheets, reports). Tests of recording a row go through the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.employment import codes
from shoudi.employment.models import Employer, LabourProfile, Opening, PostHolding, WelfarePost, Work
from shoudi.registry.models import Person

COUNTY = "520628"  # 松桃县 of the test region tree (shoudi.testing.factories)


def employer(name: str = "松桃县苗绣服饰有限公司", area: str = COUNTY, **fields: Any) -> Employer:
    fields.setdefault("kind", codes.EmployerKind.ENTERPRISE)
    return Employer.objects.create(name=name, area_id=area, **fields)


def opening(of: Employer | None = None, title: str = "缝纫工", **fields: Any) -> Opening:
    of = of or employer()
    fields.setdefault("place", codes.WorkPlace.IN_COUNTY)
    fields.setdefault("opens_on", dt.date(2026, 11, 1))
    fields.setdefault("pay_min", Decimal("2800.00"))
    fields.setdefault("pay_max", Decimal("3500.00"))
    return Opening.objects.create(employer=of, area_id=of.area_id, title=title, **fields)


def profile(person: Person, **fields: Any) -> LabourProfile:
    return LabourProfile.objects.create(person=person, village_id=person.household.village_id, **fields)


def work(person: Person, started_on: dt.date = dt.date(2026, 3, 1), **fields: Any) -> Work:
    """An open spell of work (written straight: the registry's work fields are not updated)."""
    fields.setdefault("place", codes.WorkPlace.OUT_PROVINCE)
    fields.setdefault("employer_name", "浙江宁波某电子厂")
    fields.setdefault("monthly_pay", Decimal("4500.00"))
    return Work.objects.create(person=person, village_id=person.household.village_id, started_on=started_on, **fields)


def post(village: str, title: str = "村庄保洁员", **fields: Any) -> WelfarePost:
    fields.setdefault("kind", codes.PostKind.CLEANING)
    fields.setdefault("need", "村内公共区域保洁无人负责")
    fields.setdefault("monthly_subsidy", Decimal("500.00"))
    fields.setdefault("funding", codes.PostFunding.LINKAGE)
    fields.setdefault("created_on", dt.date(2026, 1, 1))
    return WelfarePost.objects.create(village_id=village, title=title, **fields)


def holding(of: WelfarePost, person: Person, started_on: dt.date = dt.date(2026, 1, 1), **fields: Any) -> PostHolding:
    fields.setdefault("priority", codes.Priority.FORMER_POOR)
    fields.setdefault("relocated", bool(person.household.relocated))
    of.status = codes.PostStatus.FILLED
    of.save(update_fields=["status"])
    return PostHolding.objects.create(
        post=of, person=person, village_id=person.household.village_id, started_on=started_on, **fields
    )
