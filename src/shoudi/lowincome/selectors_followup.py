"""Reads of 跟踪核查: the memberships of the user's area due for verification (``next_due`` within
``cadence.DUE_SOON_DAYS``), overdue (past it), and in their 渐退期 with the end date; the follow-ups of a
membership; the workbench counts. Scoped like the register: the village, township and county roles and helper
cadres of the area and the 民政 clerk of the county (``lowincome.selectors.memberships_visible``); anyone else
sees nothing, and a row outside the area is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from shoudi.core.access import get_visible_or_404, user_area_q
from shoudi.lowincome import cadence, codes
from shoudi.lowincome.access import FOLLOW_UP, may, may_view_register
from shoudi.lowincome.models import FollowUp, Membership
from shoudi.lowincome.selectors import memberships_visible
from shoudi.regions.models import Level, Region
from shoudi.registry.codes import Relationship
from shoudi.registry.models import Person

DUE, OVERDUE, PHASING = "due", "overdue", "phasing"
STATES = {DUE: "到期待核查", OVERDUE: "核查超期", PHASING: "渐退期"}


def access_membership_by_id(user: Any, membership_id: Any) -> Membership:
    qs = memberships_visible(user).select_related("household", "village")
    return get_visible_or_404(qs, membership_id)


def followups_visible(user: Any) -> QuerySet[FollowUp]:
    if not may_view_register(user):
        return FollowUp.objects.none()
    return FollowUp.objects.filter(user_area_q(user, "village_id"))


def access_followup_by_id(user: Any, followup_id: Any) -> FollowUp:
    qs = followups_visible(user).select_related("membership", "membership__household", "village", "created_by", "lead")
    return get_visible_or_404(qs, followup_id)


def due_q(today: dt.date) -> Q:
    return Q(ended_on__isnull=True, next_due__gte=today, next_due__lte=today + dt.timedelta(days=cadence.DUE_SOON_DAYS))


def overdue_q(today: dt.date) -> Q:
    return Q(ended_on__isnull=True, next_due__lt=today)


def phasing_q() -> Q:
    return Q(ended_on__isnull=True, status=codes.MembershipStatus.PHASING_OUT)


def ending_q(today: dt.date) -> Q:
    """In the 渐退期 and ending within ``cadence.ENDING_SOON_DAYS`` (or already past, before the daily run)."""
    return phasing_q() & Q(phase_out_until__lte=today + dt.timedelta(days=cadence.ENDING_SOON_DAYS))


def queue(user: Any, *, today: dt.date, state: str, layer: str = "", village: str = "") -> QuerySet[Membership]:
    """One list of the follow-up page: ``due``, ``overdue`` or ``phasing``, soonest first. A filter value outside
    the code lists (or a village outside the area) matches nothing rather than failing."""
    qs = memberships_visible(user)
    if state == DUE:
        qs = qs.filter(due_q(today)).order_by("next_due", "village_id", "household_id")
    elif state == OVERDUE:
        qs = qs.filter(overdue_q(today)).order_by("next_due", "village_id", "household_id")
    elif state == PHASING:
        qs = qs.filter(phasing_q()).order_by("phase_out_until", "village_id", "household_id")
    else:
        return qs.none()
    if layer:
        qs = qs.filter(layer=layer) if layer in codes.StoredLayer.values else qs.none()
    if village:
        qs = qs.filter(village_id=village)
    return qs.select_related("household", "village")


def counts(user: Any, today: dt.date) -> dict[str, int]:
    """Due, overdue, phasing-out and ending-soon memberships of the user's area (one aggregate query)."""
    if not may_view_register(user):
        return {"due": 0, "overdue": 0, "phasing": 0, "ending": 0}
    return memberships_visible(user).aggregate(
        due=Count("id", filter=due_q(today)),
        overdue=Count("id", filter=overdue_q(today)),
        phasing=Count("id", filter=phasing_q()),
        ending=Count("id", filter=ending_q(today)),
    )


def workbench_counts(user: Any, today: dt.date) -> dict[str, int]:
    """The counts of the workbench: only for those who follow up (village contact, township, 民政 clerk)."""
    if not may(user, FOLLOW_UP):
        return {"due": 0, "overdue": 0, "phasing": 0, "ending": 0}
    return counts(user, today)


def membership_followups(user: Any, membership: Membership) -> QuerySet[FollowUp]:
    return followups_visible(user).filter(membership=membership).select_related("created_by", "lead")


def heads(household_ids: list[Any]) -> dict[Any, str]:
    """The head's name of each household (one query): the register names a household by its head, for the
    民政 clerk too (who does not browse the registry). Names only — never ID numbers or phones."""
    if not household_ids:
        return {}
    rows = (
        Person.objects.filter(household_id__in=household_ids, relationship=Relationship.HEAD)
        .order_by("birth_date")
        .values_list("household_id", "name")
    )
    found: dict[Any, str] = {}
    for household_id, name in rows:
        found.setdefault(household_id, name)
    return found


def villages_for(user: Any) -> QuerySet[Region]:
    """The villages of the user's area (the list filter's choice)."""
    if not may_view_register(user):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code")
