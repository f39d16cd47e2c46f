"""Reads of the workshops and 以工代赈 ledgers, scoped to the reader's area: the village, township and county
roles, helper cadres and the 人社 clerk (``access.may``); anyone else sees nothing, and a row outside the area
is a 404. ID numbers are masked unless the role holds ``REVEAL_ID``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from shoudi.core.access import Capability, can, get_visible_or_404, in_area, user_area_q
from shoudi.employment import codes, months, relief
from shoudi.employment.access import VIEW, may
from shoudi.employment.models import Employer, ReliefWork, Work, Workshop, WorkshopReview, WorkshopSubsidy
from shoudi.employment.workshops import FORMER_POOR, monitored_between, priority_q
from shoudi.monitoring.presenters import short_name
from shoudi.projects.models import Project
from shoudi.regions.models import Level, Region
from shoudi.registry.idnumber import mask

CENT = Decimal("0.01")


def shown_id(user: Any, number: str) -> str:
    return number if can(user, Capability.REVEAL_ID) else mask(number)


def townships_for(user: Any) -> list[Region]:
    if len(getattr(user, "area_id", "") or "") > 6:
        return []
    return list(Region.objects.filter(user_area_q(user, "code"), level=Level.TOWNSHIP).order_by("code"))


def villages_for(user: Any) -> list[Region]:
    return list(Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code"))


# ---- workshops ---------------------------------------------------------------------------------------------


def workshops_visible(user: Any) -> QuerySet[Workshop]:
    if not may(user, VIEW):
        return Workshop.objects.none()
    return Workshop.objects.filter(user_area_q(user, "village_id"))


def access_workshop_by_id(user: Any, workshop_id: Any) -> Workshop:
    return get_visible_or_404(workshops_visible(user).select_related("employer", "village"), workshop_id)


def workshop_list(
    user: Any, *, township: str = "", site: str = "", status: str = "", today: dt.date | None = None
) -> QuerySet[Workshop]:
    """Relocation-site workshops first; a filter value that is not in the lists matches nothing."""
    today = today or timezone.localdate()
    qs = workshops_visible(user)
    if township:
        qs = qs.filter(in_area("village_id", township)) if len(township) == 9 else qs.none()
    if site == "yes":
        qs = qs.filter(at_relocation_site=True)
    elif site == "no":
        qs = qs.filter(at_relocation_site=False)
    if status:
        qs = qs.filter(status=status) if status in codes.WorkshopStatus.values else qs.none()
    employed = Count("employer__works", filter=open_work_q(today), distinct=True)
    return (
        qs.select_related("employer", "village")
        .annotate(employed=employed)
        .order_by("-at_relocation_site", "relocation_site", "name")
    )


def open_work_q(today: dt.date) -> Q:
    """An open work spell of the employer (started, not ended)."""
    return Q(employer__works__started_on__lte=today, employer__works__ended_on__isnull=True)


def employers_for(user: Any) -> QuerySet[Employer]:
    """Employers of the area not yet recognised as workshops (a new workshop's operator)."""
    return (
        Employer.objects.filter(user_area_q(user, "area_id"), active=True, workshop__isnull=True)
        .order_by("name")
        .only("id", "name", "area_id")
    )


@dataclass(frozen=True)
class Employee:
    work: Work
    shown_id: str
    village: str
    former_poor: bool
    monitored: bool


def workshop_employees(user: Any, workshop: Workshop, today: dt.date) -> list[Employee]:
    """People whose open work spell names the workshop's employer, with their 脱贫 / 监测 status."""
    qs = (
        Work.objects.filter(employer_id=workshop.employer_id, ended_on__isnull=True, started_on__lte=today)
        .select_related("person", "person__household", "person__household__village")
        .annotate(monitored=monitored_between("person__household_id", today, today))
        .order_by("person__household__village_id", "person__name")
    )
    return [
        Employee(
            work=w,
            shown_id=shown_id(user, w.person.id_number),
            village=short_name(w.person.household.village.name),
            former_poor=w.person.household.status in FORMER_POOR,
            monitored=bool(getattr(w, "monitored", False)),
        )
        for w in qs
    ]


def workshop_subsidies(workshop: Workshop) -> QuerySet[WorkshopSubsidy]:
    return workshop.subsidies.order_by("-received_on")


def workshop_reviews(workshop: Workshop) -> QuerySet[WorkshopReview]:
    return workshop.reviews.order_by("-year")


# ---- 以工代赈 ------------------------------------------------------------------------------------------------


def relief_projects_visible(user: Any) -> QuerySet[Project]:
    if not may(user, VIEW):
        return Project.objects.none()
    return Project.objects.filter(user_area_q(user, "area_id"), relief_work=True)


def access_relief_project_by_id(user: Any, project_id: Any) -> Project:
    return get_visible_or_404(relief_projects_visible(user).select_related("area"), project_id)


def project_by_code(user: Any, code: str) -> Project | None:
    """A project of the user's area's project library by its number (to mark it 以工代赈)."""
    return Project.objects.filter(user_area_q(user, "area_id"), code=code).first()


def region_names(codes: Any) -> dict[str, str]:
    """The names of the count groups (region codes)."""
    return dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))


def relief_project_list(user: Any, *, year: int | None = None) -> QuerySet[Project]:
    qs = relief_projects_visible(user)
    if year is not None:
        qs = qs.filter(year=year)
    return (
        qs.select_related("area")
        .annotate(
            due=Sum("relief_works__pay_due"),
            paid=Sum("relief_works__pay_paid"),
            labourers=Count("relief_works__person", distinct=True),
        )
        .order_by("-year", "code")
    )


def relief_rows_visible(user: Any) -> QuerySet[ReliefWork]:
    """以工代赈 rows of the reader's area: of labourers in the area, on projects the reader can see."""
    if not may(user, VIEW):
        return ReliefWork.objects.none()
    return ReliefWork.objects.filter(user_area_q(user, "project__area_id"))


def relief_rows(user: Any, project: Project, month: dt.date | None = None) -> QuerySet[ReliefWork]:
    qs = relief_rows_visible(user).filter(project=project)
    if month is not None:
        qs = qs.filter(month=months.month_start(month))
    return qs.select_related("person", "person__household", "village").order_by("-month", "village_id", "person__name")


@dataclass(frozen=True)
class Totals:
    due: Decimal
    paid: Decimal
    labourers: int
    priority: int
    lagging: int

    @property
    def share(self) -> float | None:
        return round(100 * float(self.paid) / float(self.due), 1) if self.due else None


def relief_totals(project: Project, today: dt.date) -> Totals:
    """Pay due and paid, labourers (of them 脱贫/监测 during the project's months) and lagging rows: one query."""
    lag = relief.lag_days(project.area_id, today)
    start, end = dt.date(2016, 1, 1), today
    row = (
        ReliefWork.objects.filter(project=project)
        .annotate(priority=priority_q("person__household_id", "person__household__status", start, end))
        .aggregate(
            due=Sum("pay_due"),
            paid=Sum("pay_paid"),
            people=Count("person_id", distinct=True),
            p=Count("person_id", distinct=True, filter=Q(priority=True)),
            lagging=Count("id", filter=relief.lagging_q(today, lag)),
        )
    )
    return Totals(
        due=Decimal(row["due"] or 0).quantize(CENT),
        paid=Decimal(row["paid"] or 0).quantize(CENT),
        labourers=row["people"] or 0,
        priority=row["p"] or 0,
        lagging=row["lagging"] or 0,
    )


def lagging_rows(user: Any, today: dt.date) -> QuerySet[ReliefWork]:
    """Rows of the reader's area whose pay lags (the lag of the reader's area's parameter)."""
    area = getattr(user, "area_id", "") or ""
    if not area or not may(user, VIEW):
        return ReliefWork.objects.none()
    lag = relief.lag_days(area, today)
    return (
        relief_rows_visible(user)
        .filter(relief.lagging_q(today, lag))
        .select_related("project", "person", "village")
        .order_by("month", "project__code", "person__name")
    )


def engaged_people(project: Project) -> list[tuple[str, str]]:
    """(person id, 姓名 · 村) of the labourers already on the project's sheets, for the next month's sheet."""
    rows = (
        ReliefWork.objects.filter(project=project)
        .order_by("person__name")
        .values_list("person_id", "person__name", "village__name")
        .distinct()
    )
    return [(str(pk), f"{name}（{short_name(village)}）") for pk, name, village in rows]
