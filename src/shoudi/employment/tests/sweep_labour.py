"""Builders of the labour force tests and the area sweep: working-age members (the factories' people are born in
the 1950s, past working age), a household of two of them, a person of village A at work (the same on every call,
for the sweep)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any, cast

from shoudi.employment import codes
from shoudi.employment.models import Work
from shoudi.registry.idnumber import make as make_id
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, HouseholdFactory, PersonFactory

_seq = itertools.count(300)
SWEEP_NAME = "区域检查劳动力"


def member(household: Household, *, born: dt.date = dt.date(1990, 5, 1), **fields: Any) -> Person:
    """A member of ``household`` born on ``born`` (working age by default)."""
    fields.setdefault("relationship", "son")
    fields.setdefault("name", f"劳动力{next(_seq)}")
    number = make_id(household.village_id[:6], born, next(_seq) % 1000)
    return cast(Person, PersonFactory(household=household, id_number=number, **fields))


def workers(village: str = VILLAGE_A, *, status: str = "ordinary", **fields: Any) -> Household:
    """A household of two working-age members: the head (born 1985) and the spouse (born 1988)."""
    household = cast(Household, HouseholdFactory(village_id=village, status=status, **fields))
    member(household, born=dt.date(1985, 3, 1), relationship="head", name=f"户主{household.number[-4:]}")
    member(household, born=dt.date(1988, 7, 1), relationship="spouse", name=f"配偶{household.number[-4:]}")
    return household


def head(household: Household) -> Person:
    return household.members.get(relationship="head")


def spouse(household: Household) -> Person:
    return household.members.get(relationship="spouse")


def at_work(person: Person, started_on: dt.date = dt.date(2026, 3, 1), **fields: Any) -> Work:
    """An open spell written straight (the registry's work fields follow as ``work.sync_person`` would set them)."""
    fields.setdefault("place", codes.WorkPlace.OUT_PROVINCE)
    fields.setdefault("employer_name", "浙江宁波某电子厂")
    fields.setdefault("monthly_pay", Decimal("4500.00"))
    spell = Work.objects.create(person=person, village_id=person.household.village_id, started_on=started_on, **fields)
    Person.objects.filter(pk=person.pk).update(work_place=spell.place)
    return spell


def sweep_person() -> Person:
    """A working-age person of village A at work (the sweep's labour record; the same on every call)."""
    found = Person.objects.filter(name=SWEEP_NAME).first()
    if found is not None:
        return found
    household = cast(Household, HouseholdFactory(village_id=VILLAGE_A))
    person = member(household, relationship="head", name=SWEEP_NAME)
    at_work(person)
    return person
