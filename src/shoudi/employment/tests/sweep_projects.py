"""Builders for the workshops and 以工代赈 tests and the area sweep (src/shoudi/core/tests/test_area_sweep.py):
rows written straight with the ORM (the sweep and the report tests are about reads; tests of recording go
through the pages and services).

- ``workshop(village)``: a recognised workshop of the village (its employer of kind 就业帮扶车间).
- ``relief_project(area)``: a project of the library marked 以工代赈, in implementation, of ``area``.
- ``monitored(household)``: the household under monitoring (an open case in its monitoring period).
- ``sweep_workshop()`` / ``sweep_relief_project()``: the same object of village A on every call (the sweep's)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from shoudi.assistance.models import Plan
from shoudi.employment import codes
from shoudi.employment.models import Employer, ReliefWork, Workshop
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.models import Case
from shoudi.projects.codes import ProjectLevel
from shoudi.projects.models import Project, ProjectStatus
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A

DAY = dt.date(2026, 1, 5)
LEVELS = {12: ProjectLevel.VILLAGE, 9: ProjectLevel.TOWNSHIP, 6: ProjectLevel.COUNTY}


def workshop(village: str = VILLAGE_A, name: str = "当造村苗绣帮扶车间", **fields: Any) -> Workshop:
    employer = Employer.objects.create(name=f"{name}经营部", kind=codes.EmployerKind.WORKSHOP, area_id=village)
    fields.setdefault("industry", "苗绣加工")
    fields.setdefault("jobs", 30)
    fields.setdefault("recognised_on", dt.date(2024, 3, 1))
    return Workshop.objects.create(employer=employer, name=name, village_id=village, **fields)


def relief_project(area: str = VILLAGE_A, name: str = "当造村通组路硬化（以工代赈）", **fields: Any) -> Project:
    n = Project.objects.count() + 1
    fields.setdefault("year", 2026)
    fields.setdefault("code", f"XM{fields['year']}{area}{n:03d}")
    fields.setdefault("kind", "infrastructure")
    fields.setdefault("status", ProjectStatus.IMPLEMENTING)
    fields.setdefault("relief_work", True)
    return Project.objects.create(
        name=name,
        level=LEVELS[len(area)],
        area_id=area,
        implementing_unit="当造村股份经济合作社",
        **fields,
    )


def relief_row(
    project: Project, person: Person, month: dt.date, due: str, paid: str = "0", **fields: Any
) -> ReliefWork:
    fields.setdefault("days", 20)
    return ReliefWork.objects.create(
        project=project,
        person=person,
        village_id=person.household.village_id,
        month=month,
        pay_due=Decimal(due),
        pay_paid=Decimal(paid),
        **fields,
    )


def monitored(household: Household, since: dt.date = dt.date(2025, 6, 1)) -> Case:
    case = Case.objects.create(
        household=household,
        village_id=household.village_id,
        status=mcodes.Status.MONITORED,
        is_open=True,
        status_on=since,
        category=mcodes.Category.MARGINAL,
        channel=mcodes.Channel.CADRE_VISIT,
        opened_on=since,
        deadline=since + dt.timedelta(days=15),
        period_start=since,
    )
    Plan.objects.create(case=case, made_on=since, summary="测试")
    return case


def sweep_workshop() -> Workshop:
    found = Workshop.objects.filter(village_id=VILLAGE_A, name="区域检查车间").first()
    return found or workshop(VILLAGE_A, "区域检查车间")


def sweep_relief_project() -> Project:
    found = Project.objects.filter(area_id=VILLAGE_A, name="区域检查以工代赈项目").first()
    return found or relief_project(VILLAGE_A, "区域检查以工代赈项目")
