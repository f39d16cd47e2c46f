"""Builders shared by the tests of 待落实待遇, the register's counts and its export: the extra personas (an 教育
clerk, the 民政 clerk), layers held, and department rows of the checked year (last year: a whole year already
past, whatever today is)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from shoudi.accounts.roles import Department, Role
from shoudi.feeds import testing as ft
from shoudi.lowincome import testing as lt
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import COUNTY, make_user

TODAY = timezone.localdate()
YEAR = TODAY.year - 1
JAN, JUN, SEP = dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 15), dt.date(YEAR, 9, 1)


def education_clerk() -> Any:
    return make_user("edu_clerk", Role.DEPT_CLERK, COUNTY, full_name="县教育局数据员", department=Department.EDUCATION)


def civil_clerk() -> Any:
    return make_user(
        "civil_clerk", Role.DEPT_CLERK, COUNTY, full_name="县民政局数据员", department=Department.CIVIL_AFFAIRS
    )


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def members(household: Household) -> list[Person]:
    return list(household.members.order_by("relationship", "birth_date", "id_number"))


def holds(household: Household, layer: str, started_on: dt.date = JAN, **fields: Any) -> Any:
    return lt.membership(household, layer, started_on=started_on, **fields)


def enrolled(person: Person, subsidy: str = "", *, insured: bool = True, year: int = YEAR) -> None:
    ft.feed("medical_enrolment", ft.enrolment(person, year, insured=insured, subsidy=subsidy))


def stay(person: Person, *, oop: str, aid: str | None, on: dt.date = JUN, category: str = "住院") -> None:
    ft.feed("medical_claims", ft.medical_claim(person, on, oop=oop, aid=aid, category=category))


def school(person: Person, status: str, *, stage: str = "本科", amount: str | None = None, on: dt.date = SEP) -> None:
    row = ft.school(person, status, on, stage=stage, school_name="贵州大学")
    if amount is not None:
        row["amount"] = Decimal(amount)
    ft.feed("school", row)


def check_form(client: Client, year: int = YEAR) -> Any:
    """The county officer presses 核对 on the list page."""
    return client.post("/low-income/entitlements/check/", {"year": str(year)})
