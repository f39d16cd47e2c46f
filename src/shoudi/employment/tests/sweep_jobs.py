"""Builders of the job database for the area sweep (src/shoudi/core/tests/test_area_sweep.py) and the tests: an
employer registered in village A, its opening and a recommendation of a member of village A — real rows written
straight with the ORM (the sweep is about reads), the same objects on every call. And for the tests of the
matching a small world: ``worker`` (a working-age person with a labour profile), ``monitor`` (an open case)."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from typing import Any, cast

from django.utils import timezone

from shoudi.assistance.models import Plan
from shoudi.employment import codes
from shoudi.employment.matching_pool import forget
from shoudi.employment.models import Employer, LabourProfile, Opening, Recommendation
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Case
from shoudi.registry.idnumber import make as make_id
from shoudi.registry.models import Person
from shoudi.testing.factories import COUNTY, VILLAGE_A, HouseholdFactory, PersonFactory

DAY = dt.date(2026, 1, 5)
NAME = "当造村苗绣合作社"


def employer() -> Employer:
    found = Employer.objects.filter(area_id=VILLAGE_A, name=NAME).first()
    return found or Employer.objects.create(name=NAME, area_id=VILLAGE_A, kind=codes.EmployerKind.COOPERATIVE)


def opening() -> Opening:
    of = employer()
    found = Opening.objects.filter(employer=of).first()
    return found or Opening.objects.create(
        employer=of,
        area_id=of.area_id,
        title="绣娘",
        skills="苗绣",
        place=codes.WorkPlace.IN_COUNTY,
        opens_on=DAY,
        pay_min=Decimal("2000.00"),
    )


def recommendation(person: Any) -> Recommendation:
    of = opening()
    found = Recommendation.objects.filter(opening=of, person=person).first()
    return found or Recommendation.objects.create(
        opening=of, person=person, village_id=person.household.village_id, score=Decimal("50"), reasons="区域检查"
    )


_seq = itertools.count(300)


def worker(village: str, age: int, *, name: str, status: str = "ordinary", profile: dict | None = None) -> Person:
    """A one-person household of ``village`` whose member is ``age`` years old (with a labour profile)."""
    today = timezone.localdate()
    birth = dt.date(today.year - age, 1, 1) - dt.timedelta(days=(next(_seq) % 200))
    if (today.month, today.day) < (birth.month, birth.day):
        birth = birth.replace(year=birth.year + 1)
    household = HouseholdFactory(village_id=village, status=status)
    person = cast(
        Person,
        PersonFactory(
            household=household, relationship="head", name=name, id_number=make_id(COUNTY, birth, next(_seq) % 1000)
        ),
    )
    if profile is not None:
        LabourProfile.objects.create(person=person, village_id=village, **profile)
    forget()
    return person


def monitor(person: Person) -> Case:
    """An open monitoring case (监测对象, under monitoring) of the person's household."""
    day = timezone.localdate() - dt.timedelta(days=60)
    case = Case.objects.create(
        household=person.household,
        village_id=person.household.village_id,
        status=mcodes.Status.MONITORED,
        is_open=True,
        status_on=day,
        category=mcodes.Category.MARGINAL,
        channel=mcodes.Channel.CADRE_VISIT,
        opened_on=day,
        deadline=day + dt.timedelta(days=15),
        period_start=day,
    )
    Plan.objects.create(case=case, made_on=day, summary="帮扶计划")
    forget()
    return case


def login(client: Any, user: Any) -> Any:
    client.force_login(user)
    return client
