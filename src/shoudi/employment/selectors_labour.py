"""Reads of the labour force database, scoped to the user's area: nobody without the jobs ledgers
(``access.may(user, VIEW)``: the 人社 clerk but no other department's, never a leader) sees a row, and a
person outside the user's area does not exist for them (404).

The labour force of an area: its registry persons of working age (``params.labour_age_min``..``labour_age_max``
on the day, read per county) whose 劳动技能 is not 丧失劳动力 / 无劳动力 (``registry.codes.NO_LABOUR``). A member
who left the household is no longer stored in the registry (``registry.services.person_remove`` deletes the
row, keeping the history), so every stored person counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from shoudi.core.access import get_visible_or_404, in_area, user_area_q
from shoudi.employment import codes
from shoudi.employment.access import VIEW, may
from shoudi.employment.labour_force import age_bounds, area_labour_q, county_labour_q
from shoudi.employment.models import LabourEvent, Work
from shoudi.lowincome.models import Membership
from shoudi.monitoring.checks import years_before
from shoudi.monitoring.models import Case
from shoudi.regions.models import Level, Region
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Person

RECENT_DAYS = 30  # 近期失业返乡: an unemployment or return event within this many days, and no work since
ENDING_KINDS = (codes.EventKind.UNEMPLOYED, codes.EventKind.RETURNED)
FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)


class Status:
    WORKING = "working"
    IDLE = "idle"
    RECENT = "recent"


STATUS_CHOICES = [
    (Status.WORKING, "在岗"),
    (Status.IDLE, "未就业"),
    (Status.RECENT, f"近{RECENT_DAYS}天失业返乡"),
]
PRIORITY_CHOICES = [
    (codes.Priority.MONITORED.value, "监测对象"),
    (codes.Priority.FORMER_POOR.value, "脱贫户"),
    (codes.Priority.LOW_INCOME.value, "低保、特困等低收入人口"),
]


def persons_visible(user: Any) -> QuerySet[Person]:
    if not may(user, VIEW):
        return Person.objects.none()
    return Person.objects.filter(user_area_q(user, "household__village_id"))


def access_person_by_id(user: Any, person_id: Any) -> Person:
    """Any person of the user's area (the list shows the labour force; a page of someone else still opens)."""
    qs = persons_visible(user).select_related("household", "household__village", "household__village__parent")
    return get_visible_or_404(qs, person_id)


# ---- the labour force ----------------------------------------------------------------------------------------


def _open_work() -> Exists:
    return Exists(Work.objects.filter(person=OuterRef("pk"), ended_on__isnull=True))


def _recent_end(today: dt.date) -> Exists:
    since = today - dt.timedelta(days=RECENT_DAYS)
    return Exists(
        LabourEvent.objects.filter(person=OuterRef("pk"), kind__in=ENDING_KINDS, on_date__gte=since, on_date__lte=today)
    )


def _monitored() -> Exists:
    return Exists(Case.objects.filter(household=OuterRef("household_id"), is_open=True))


def _low_income() -> Q:
    held = Exists(Membership.objects.filter(household=OuterRef("household_id"), ended_on__isnull=True))
    return Q(dibao=True) | Q(tekun=True) | Q(held)


def status_q(status: str, today: dt.date) -> Q:
    if status == Status.WORKING:
        return Q(_open_work())
    if status == Status.IDLE:
        return ~Q(_open_work())
    if status == Status.RECENT:
        return Q(_recent_end(today)) & ~Q(_open_work())
    return Q(pk__in=[])


def _priority_q(priority: str) -> Q:
    if priority == codes.Priority.MONITORED:
        return Q(_monitored())
    if priority == codes.Priority.FORMER_POOR:
        return Q(household__status__in=FORMER_POOR)
    if priority == codes.Priority.LOW_INCOME:
        return _low_income()
    return Q(pk__in=[])


def _search_q(q: str) -> Q:
    text = q.strip()
    if not text:
        return Q()
    if len(text) == 18 and text[:17].isdigit():
        return Q(id_number=text.upper())
    if text.isdigit():
        return Q(household__number__startswith=text)
    return Q(name__startswith=text)


def labour_force(user: Any, today: dt.date | None = None) -> QuerySet[Person]:
    """The labour force of the user's area (see the module), unfiltered."""
    today = today or timezone.localdate()
    return persons_visible(user).filter(area_labour_q(getattr(user, "area_id", "") or "", today))


def labour_list(
    user: Any,
    *,
    township: str = "",
    village: str = "",
    status: str = "",
    place: str = "",
    priority: str = "",
    q: str = "",
    today: dt.date | None = None,
) -> QuerySet[Person]:
    """The labour force filtered, with what a row shows (``monitored``, ``open_works``, ``recent``): the same
    few queries whatever the page size. A value outside the code lists matches nothing."""
    today = today or timezone.localdate()
    qs = labour_force(user, today).filter(_place_q(township, village))
    if status:
        qs = qs.filter(status_q(status, today))
    if place:
        if place not in codes.WorkPlace.values:
            return qs.none()
        qs = qs.filter(Exists(Work.objects.filter(person=OuterRef("pk"), ended_on__isnull=True, place=place)))
    if priority:
        qs = qs.filter(_priority_q(priority))
    qs = with_rows(qs.filter(_search_q(q)), today)
    return qs.order_by("household__village_id", "household__number", "birth_date", "pk")


def with_rows(qs: QuerySet[Person], today: dt.date) -> QuerySet[Person]:
    open_works = Prefetch("works", queryset=Work.objects.filter(ended_on__isnull=True), to_attr="open_works")
    return (
        qs.select_related("household", "household__village", "labour_profile")
        .annotate(monitored=_monitored(), recent=_recent_end(today))
        .prefetch_related(open_works)
    )


def _place_q(township: str, village: str) -> Q:
    if village:
        return Q(household__village_id=village)
    if township:
        return in_area("household__village_id", township)
    return Q()


def status_counts(user: Any, *, township: str = "", village: str = "", today: dt.date | None = None) -> dict[str, int]:
    """How many of the area's labour force are 在岗 / 未就业 / 近期失业返乡 (and in all): one query."""
    today = today or timezone.localdate()
    qs = labour_force(user, today).filter(_place_q(township, village))
    return qs.aggregate(
        total=Count("pk"),
        **{code: Count("pk", filter=status_q(code, today)) for code, _ in STATUS_CHOICES},
    )


def recent_count(user: Any, today: dt.date) -> int:
    """The workbench's 近30天失业返乡."""
    return labour_force(user, today).filter(status_q(Status.RECENT, today)).count()


# ---- one person ------------------------------------------------------------------------------------------------


def person_works(person: Person) -> list[Work]:
    return list(Work.objects.filter(person=person).order_by("-started_on", "-created_at"))


def person_events(person: Person) -> list[LabourEvent]:
    return list(LabourEvent.objects.filter(person=person).order_by("-on_date", "-created_at"))


def birth_bounds(county: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """(born after, born on or before): the birth dates of working age in ``county`` on ``today``."""
    youngest, oldest = age_bounds(county, today)
    return years_before(today, oldest + 1), years_before(today, youngest)


def is_working_age(person: Person, today: dt.date) -> bool:
    after, until = birth_bounds(person.household.village_id[:6], today)
    return after < person.birth_date <= until


def household_labour(household: Any, today: dt.date) -> list[Person]:
    """The household's labour force (``labour_force``), with their open spells (two queries)."""
    members = Person.objects.filter(household=household).filter(county_labour_q(household.village_id, today))
    members = members.order_by("birth_date")
    open_works = Prefetch("works", queryset=Work.objects.filter(ended_on__isnull=True), to_attr="open_works")
    return list(members.prefetch_related(open_works))


# ---- the filters' choices ------------------------------------------------------------------------------------------


def townships_for(user: Any) -> Iterable[Region]:
    if not may(user, VIEW):
        return Region.objects.none()
    qs = Region.objects.filter(level=Level.TOWNSHIP)
    area = getattr(user, "area_id", "") or ""
    if len(area) > 9:
        return qs.filter(code=area[:9])
    return qs.filter(user_area_q(user, "code")).order_by("code")


def villages_for(user: Any) -> Iterable[Region]:
    if not may(user, VIEW):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code")
