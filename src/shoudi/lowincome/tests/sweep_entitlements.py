"""A real 待落实 item of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py): written straight
with the ORM (the sweep is about reads), the same object on every call. Village A's contact opens it (read only);
village B's gets 404, to read or to settle."""

from __future__ import annotations

import datetime as dt

from shoudi.lowincome import codes
from shoudi.lowincome.models import Entitlement
from shoudi.registry.models import Person

SWEEP_DAY = dt.date(2026, 1, 5)


def entitlement(person: Person) -> Entitlement:
    found = Entitlement.objects.filter(person=person, kind=codes.EntitlementKind.PREMIUM_SUBSIDY).first()
    return found or Entitlement.objects.create(
        person=person,
        household_id=person.household_id,
        village_id=person.household.village_id,
        kind=codes.EntitlementKind.PREMIUM_SUBSIDY,
        layer="dibao",
        department="medical_insurance",
        year=2025,
        expected="低保对象个人缴费资助80%（全额或定额资助）",
        found="医保参保数据中无本年度参保记录",
        found_on=SWEEP_DAY,
    )
