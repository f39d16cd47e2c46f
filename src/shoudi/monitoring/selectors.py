"""Reads of leads and cases. Every function takes the user and returns only rows of their area (helper cadres:
only their paired households); outside it, or not existing, is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from shoudi.accounts.roles import CAPABILITIES, Role
from shoudi.core.access import Capability, can, get_visible_or_404, in_area, user_area_q
from shoudi.monitoring import codes, extensions, workflow
from shoudi.monitoring.models import Attachment, Case, CaseRisk, Lead, Notice, Objection
from shoudi.registry.idnumber import normalize
from shoudi.registry.models import Household, Person
from shoudi.registry.selectors import households_visible

STATUS_GROUPS: dict[str, tuple[str, frozenset[str]]] = {
    "identification": ("识别中", codes.IDENTIFICATION_STATUSES),
    "monitored": ("监测帮扶中", frozenset({codes.Status.MONITORED})),
    "elimination": ("风险消除办理中", codes.ELIMINATION_STATUSES),
    "rollback": ("回退办理中", codes.ROLLBACK_STATUSES),
    "eliminated": ("风险已消除", frozenset({codes.Status.ELIMINATED})),
    "not_included": ("不予纳入", frozenset({codes.Status.NOT_INCLUDED})),
}


def cases_visible(user: Any) -> QuerySet[Case]:
    if not can(user, Capability.VIEW_CASES):
        return Case.objects.none()
    qs = Case.objects.filter(user_area_q(user, "village_id"))
    if user.role == Role.HELPER_CADRE:
        qs = qs.filter(helper=user)
    return qs


def leads_visible(user: Any) -> QuerySet[Lead]:
    if not can(user, Capability.VIEW_CASES):
        return Lead.objects.none()
    qs = Lead.objects.filter(user_area_q(user, "village_id"))
    if user.role == Role.HELPER_CADRE:
        qs = qs.filter(case__helper=user)
    return qs


def notices_visible(user: Any) -> QuerySet[Notice]:
    if not can(user, Capability.VIEW_CASES):
        return Notice.objects.none()
    return Notice.objects.filter(user_area_q(user, "village_id"))


def household_by_number(user: Any, number: str) -> Household:
    """The household whose number a person typed on a form: one in their area, else an error on that field."""
    household = households_visible(user).filter(number=number.strip()).first()
    if household is None:
        raise ValidationError({"household": f"户编号“{number}”不存在或不在您负责的区域内"})
    return household


def access_case_by_id(user: Any, case_id: Any) -> Case:
    return get_visible_or_404(cases_visible(user).select_related("household", "village", "contact", "helper"), case_id)


def access_lead_by_id(user: Any, lead_id: Any) -> Lead:
    return get_visible_or_404(leads_visible(user).select_related("household", "village", "case"), lead_id)


def access_notice_by_id(user: Any, notice_id: Any) -> Notice:
    return get_visible_or_404(notices_visible(user).select_related("village"), notice_id)


def access_objection_by_id(user: Any, objection_id: Any) -> Objection:
    """An objection on a notice the user may see."""
    objections = Objection.objects.filter(notice__in=notices_visible(user)).select_related("notice", "case")
    return get_visible_or_404(objections, objection_id)


def access_attachment_by_id(user: Any, case_id: Any, attachment_id: Any) -> Attachment:
    """An attachment of the case ``case_id``, which the user may see."""
    attachments = Attachment.objects.filter(case__in=cases_visible(user), case_id=_uuid_or_none(case_id))
    return get_visible_or_404(attachments, attachment_id)


def _uuid_or_none(value: Any) -> Any:
    try:
        return Case._meta.pk.to_python(value)
    except Exception:  # a malformed id names nothing
        return None


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
    """The counts of the workbench panel: leads to check, applications to accept, cases at my step, overdue.
    Two aggregate queries, whatever the size of the area (the apps above add theirs: ``extension_tasks``)."""
    result = {"leads": 0, "applications": 0, "my_steps": 0, "overdue": 0, "fast_track": 0}
    if not can(user, Capability.VIEW_CASES):
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
    return result


def extension_tasks(user: Any, today: dt.date) -> list[dict[str, Any]]:
    """The counts the apps above monitoring add to the workbench panel (assistance: the visits due)."""
    return [
        {"key": t.key, "label": t.label, "count": t.count(user, today), "url_name": t.url_name}
        for t in extensions.WORKBENCH_TASKS
        if can(user, t.capability)
    ]


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
