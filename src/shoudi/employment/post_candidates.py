"""以岗聘任: who may be hired to a 公益性岗位, and in which order (seed 001: 脱贫人口、监测对象 first; at least 20% of
the year's posts to relocated households).

Eligible: a member of a household of the post's area (a village, or every village of a township), of working age
on the hiring date (``labour_age_min``–``labour_age_max`` of ``employment.params``), able to work (the registry's
劳动技能 is not 丧失劳动力 / 无劳动力), not 财政供养, on no other post.

Ranked by group — 监测对象 (an open monitoring case) > 脱贫人口 > 农村低收入人口 (an open membership of the
low-income register) > others; within a group relocated households first while the county's relocated share of
the year is below its target (``post_share``), then those without current work, then by name."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from shoudi.core.access import in_area
from shoudi.employment import codes, labour_force
from shoudi.employment.labour_force import county_labour_q
from shoudi.employment.models import PostHolding, Work
from shoudi.lowincome.models import Membership
from shoudi.monitoring.models import Case as MonitoringCase
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Person

FORMER_POOR = (rcodes.HouseholdStatus.FORMER_POOR, rcodes.HouseholdStatus.FORMER_POOR_NO_POLICY)
GROUP_RANK = {codes.Priority.MONITORED: 0, codes.Priority.FORMER_POOR: 1, codes.Priority.LOW_INCOME: 2}
LIMIT = 200


@dataclass(frozen=True)
class Candidate:
    person: Person
    group: str
    relocated: bool
    working: bool
    age: int

    @property
    def group_label(self) -> str:
        return str(codes.Priority(self.group).label)


def age_bounds(area_code: str, on: dt.date) -> tuple[int, int]:
    return labour_force.age_bounds(area_code[:6], on)


def age_on(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _flags() -> dict[str, Any]:
    household = OuterRef("household_id")
    return {
        "is_monitored": Exists(MonitoringCase.objects.filter(household_id=household, is_open=True)),
        "is_low_income": Exists(Membership.objects.filter(household_id=household, ended_on__isnull=True)),
        "is_working": Exists(Work.objects.filter(person_id=OuterRef("pk"), ended_on__isnull=True)),
    }


def _group_rank() -> Case:
    return Case(
        When(is_monitored=True, then=Value(0)),
        When(household__status__in=FORMER_POOR, then=Value(1)),
        When(is_low_income=True, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


def eligible(area_code: str, on: dt.date) -> QuerySet[Person]:
    """The eligible people of ``area_code`` on ``on``, annotated with their group (``rank``) and flags."""
    return (
        Person.objects.filter(in_area("household__village_id", area_code), county_labour_q(area_code[:6], on))
        .exclude(public_payroll=True)
        .exclude(Exists(PostHolding.objects.filter(person_id=OuterRef("pk"), ended_on__isnull=True)))
        .annotate(**_flags())
        .annotate(rank=_group_rank())
        .select_related("household", "household__village")
    )


def candidates(area_code: str, on: dt.date, *, relocated_first: bool, limit: int = LIMIT) -> list[Candidate]:
    """The ranked candidates (at most ``limit``)."""
    relocated = Case(When(household__relocated=True, then=Value(0)), default=Value(1), output_field=IntegerField())
    order = ["rank", "reloc_rank", "is_working", "name", "pk"] if relocated_first else ["rank", "is_working", "name"]
    qs = eligible(area_code, on).annotate(reloc_rank=relocated).order_by(*order)
    groups = list(GROUP_RANK)
    return [
        Candidate(
            person=p,
            group=groups[p.rank] if p.rank < len(groups) else codes.Priority.OTHER,  # type: ignore[attr-defined]
            relocated=bool(p.household.relocated),
            working=bool(p.is_working),  # type: ignore[attr-defined]
            age=age_on(p.birth_date, on),
        )
        for p in qs[:limit]
    ]


def group_of(person: Person, on: dt.date) -> str:
    """The priority group ``person`` belongs to on ``on`` (recorded on the holding at hiring)."""
    household = person.household
    if MonitoringCase.objects.filter(household=household, is_open=True).exists():
        return codes.Priority.MONITORED
    if household.status in FORMER_POOR:
        return codes.Priority.FORMER_POOR
    if Membership.objects.filter(household=household, ended_on__isnull=True).exists():
        return codes.Priority.LOW_INCOME
    return codes.Priority.OTHER


def not_eligible(person: Person, on: dt.date) -> str:
    """Why ``person`` may not be hired on ``on`` ("" when they may), as the end of a sentence about them."""
    low, high = age_bounds(person.household.village_id, on)
    age = age_on(person.birth_date, on)
    if not low <= age <= high:
        return f"上岗时{age}周岁，不在劳动年龄（{low}–{high}周岁）内"
    if person.labor in rcodes.NO_LABOUR:
        return f"劳动技能为“{person.get_labor_display()}”"
    if person.school_stage not in labour_force.NOT_AT_SCHOOL:
        return f"在校学生（{person.get_school_stage_display()}）"
    if person.public_payroll:
        return "是财政供养人员"
    return ""


def person_in_area(area_code: str, person_id: Any) -> Person | None:
    """A person of ``area_code`` by id (None when absent, elsewhere or a malformed id)."""
    try:
        return (
            Person.objects.filter(Q(pk=person_id) & in_area("household__village_id", area_code))
            .select_related("household")
            .first()
        )
    except (ValidationError, ValueError, TypeError):  # a malformed id from a form or the API
        return None
