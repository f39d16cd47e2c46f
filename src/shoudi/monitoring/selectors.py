"""Reads of leads and cases. Every function takes the user and returns only rows of their area (helper cadres:
only their paired households); outside it, or not existing, is a 404."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from shoudi.accounts.roles import CAPABILITIES
from shoudi.core.access import Capability, in_area, user_area_q
from shoudi.monitoring import codes, workflow
from shoudi.monitoring.models import Case, CaseRisk, Lead, Notice
from shoudi.registry.idnumber import normalize
from shoudi.registry.models import Person

STATUS_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "identification": ("识别中", codes.IDENTIFICATION_STATUSES),
    "monitored": ("监测帮扶中", frozenset({codes.Status.MONITORED})),
    "elimination": ("风险消除办理中", codes.ELIMINATION_STATUSES),
    "rollback": ("回退办理中", codes.ROLLBACK_STATUSES),
    "eliminated": ("风险已消除", frozenset({codes.Status.ELIMINATED})),
    "not_included": ("不予纳入", frozenset({codes.Status.NOT_INCLUDED})),
}


def _can(user: Any, capability: Capability) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(capability))


def cases_visible(user: Any) -> QuerySet[Case]:
    if not _can(user, Capability.VIEW_CASES):
        return Case.objects.none()
    qs = Case.objects.filter(user_area_q(user, "village_id"))
    if user.role == "helper_cadre":
        qs = qs.filter(helper=user)
    return qs


def leads_visible(user: Any) -> QuerySet[Lead]:
    if not _can(user, Capability.VIEW_CASES):
        return Lead.objects.none()
    qs = Lead.objects.filter(user_area_q(user, "village_id"))
    if user.role == "helper_cadre":
        qs = qs.filter(case__helper=user)
    return qs


def notices_visible(user: Any) -> QuerySet[Notice]:
    if not _can(user, Capability.VIEW_CASES):
        return Notice.objects.none()
    return Notice.objects.filter(user_area_q(user, "village_id"))


def _by_id(qs: QuerySet[Any], value: Any, message: str) -> Any:
    try:
        key = uuid.UUID(str(value))
    except ValueError:
        raise Http404(message) from None
    found = qs.filter(pk=key).first()
    if found is None:
        raise Http404(message)
    return found


def access_case_by_id(user: Any, case_id: Any) -> Case:
    return _by_id(
        cases_visible(user).select_related("household", "village", "contact", "helper"), case_id, "未找到该监测对象"
    )


def access_lead_by_id(user: Any, lead_id: Any) -> Lead:
    return _by_id(leads_visible(user).select_related("household", "village", "case"), lead_id, "未找到该线索")


def access_notice_by_id(user: Any, notice_id: Any) -> Notice:
    return _by_id(notices_visible(user).select_related("village"), notice_id, "未找到该公示")


def overdue_q(today: dt.date) -> Q:
    return Q(status__in=codes.IDENTIFICATION_STATUSES, deadline__lt=today)


def my_statuses(user: Any) -> list[str]:
    return workflow.statuses_for(CAPABILITIES.get(user.role, frozenset()))


def case_list(
    user: Any,
    *,
    today: dt.date,
    q: str = "",
    group: str = "",
    status: str = "",
    township: str = "",
    village: str = "",
    category: str = "",
    risk: str = "",
    overdue: bool = False,
    fast_track: bool = False,
    mine: bool = False,
) -> QuerySet[Case]:
    qs = cases_visible(user)
    if village:
        qs = qs.filter(village_id=village)
    elif township:
        qs = qs.filter(in_area("village_id", township))
    if group in STATUS_GROUPS:
        qs = qs.filter(status__in=STATUS_GROUPS[group][1])
    if status in codes.Status.values:
        qs = qs.filter(status=status)
    if category in codes.Category.values:
        qs = qs.filter(category=category)
    if risk in codes.RISK_CODE_LABELS:
        qs = qs.filter(Exists(CaseRisk.objects.filter(case=OuterRef("pk"), code=risk)))
    if overdue:
        qs = qs.filter(overdue_q(today))
    if fast_track:
        qs = qs.filter(fast_track=True, status__in=codes.IDENTIFICATION_STATUSES)
    if mine:
        qs = qs.filter(status__in=my_statuses(user))
    q = q.strip()
    if q:
        digits = normalize(q)
        if digits.isdigit() and len(digits) >= 12:
            qs = qs.filter(household__number__startswith=digits)
        elif len(digits) == 18:
            qs = qs.filter(Exists(Person.objects.filter(household=OuterRef("household_id"), id_number=digits)))
        else:
            qs = qs.filter(Exists(Person.objects.filter(household=OuterRef("household_id"), name__startswith=q)))
    # prefetch, not a join: the page of 50 is sorted and cut on the case table alone, then its households fetched
    return qs.prefetch_related("household", "village").order_by("deadline", "created_at")


def lead_list(user: Any, *, status: str = "", village: str = "") -> QuerySet[Lead]:
    qs = leads_visible(user)
    if status in codes.LeadStatus.values:
        qs = qs.filter(status=status)
    if village:
        qs = qs.filter(village_id=village)
    return qs.select_related("household", "village", "case").order_by("due_on", "created_at")


def tasks(user: Any, today: dt.date) -> dict[str, int]:
    """The counts of the workbench panel: leads to check, applications to accept, cases at my step, overdue,
    visits due. Five aggregate queries at most, whatever the size of the area."""
    result = {"leads": 0, "applications": 0, "my_steps": 0, "overdue": 0, "fast_track": 0, "visits_due": 0}
    if not _can(user, Capability.VIEW_CASES):
        return result
    leads = leads_visible(user).aggregate(
        leads=Count("id", filter=Q(status=codes.LeadStatus.OPEN)),
        applications=Count("id", filter=Q(status=codes.LeadStatus.SUBMITTED)),
    )
    if user.can(Capability.HOME_CHECK):
        result["leads"] = leads["leads"]
    if user.can(Capability.ACCEPT_APPLICATIONS):
        result["applications"] = leads["applications"]
    cases = cases_visible(user).aggregate(
        my_steps=Count("id", filter=Q(status__in=my_statuses(user))),
        overdue=Count("id", filter=overdue_q(today)),
        fast_track=Count("id", filter=Q(fast_track=True, status__in=codes.IDENTIFICATION_STATUSES)),
    )
    result.update(cases)
    if user.can(Capability.RECORD_VISITS):
        from shoudi.assistance.selectors import visits_due

        result["visits_due"] = visits_due(user, today).count()
    return result


def area_status_counts(user: Any) -> dict[str, int]:
    """Cases by status group over the user's area: aggregates only (leaders see these, not the records)."""
    if not getattr(user, "area_id", None):
        return {}
    qs = Case.objects.filter(user_area_q(user, "village_id"))
    return qs.aggregate(
        **{key: Count("id", filter=Q(status__in=statuses)) for key, (_, statuses) in STATUS_GROUPS.items()}
    )


def household_cases(user: Any, household_id: Any) -> QuerySet[Case]:
    """All monitoring periods of one household, newest first (earlier cases stay readable)."""
    return cases_visible(user).filter(household_id=household_id).order_by("-opened_on", "-created_at")
