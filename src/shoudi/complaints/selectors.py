"""Reads of 投诉举报: the complaints a user works on (their area's townships; nobody else sees any), the list with
its filters, the overdue mark, the public page's regions and receipt look-up, the workbench counts, and the
monthly counts the report adds (``period_counts``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from shoudi.complaints import codes
from shoudi.complaints.access import may_work
from shoudi.complaints.models import Complaint
from shoudi.core.access import TOWNSHIP, VILLAGE, get_visible_or_404, in_area, user_area_q
from shoudi.core.receipts import normalize
from shoudi.regions.models import Level, Region
from shoudi.registry.selectors import deployment_counties


def complaints_visible(user: Any) -> QuerySet[Complaint]:
    if not may_work(user):
        return Complaint.objects.none()
    return Complaint.objects.filter(user_area_q(user, "township_id"))


def access_complaint_by_id(user: Any, complaint_id: Any) -> Complaint:
    qs = complaints_visible(user).select_related("township", "village", "household", "handled_by", "lead")
    return get_visible_or_404(qs, complaint_id)


def overdue_q(today: dt.date) -> Q:
    """Open past its deadline (the orange mark)."""
    return Q(status__in=codes.OPEN_STATUSES, due_on__lt=today)


def is_overdue(complaint: Complaint, today: dt.date) -> bool:
    return complaint.is_open and complaint.due_on < today


def complaint_list(
    user: Any,
    *,
    today: dt.date,
    status: str = "",
    source: str = "",
    kind: str = "",
    township: str = "",
    overdue: bool = False,
) -> QuerySet[Complaint]:
    """The user's complaints, filtered; open ones first by deadline. A filter value outside the code lists (or
    a township outside the area) matches nothing rather than failing."""
    qs = complaints_visible(user)
    if status:
        qs = qs.filter(status=status) if status in codes.Status.values else qs.none()
    if source:
        qs = qs.filter(source=source) if source in codes.Source.values else qs.none()
    if kind:
        qs = qs.filter(kind=kind) if kind in codes.Kind.values else qs.none()
    if township:
        qs = qs.filter(township_id=township)
    if overdue:
        qs = qs.filter(overdue_q(today))
    return qs.select_related("township", "village").order_by("status", "due_on", "created_at")


def townships_for(user: Any) -> QuerySet[Region]:
    """The townships of the user's area (the record form's and the filter's choice)."""
    if not may_work(user):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.TOWNSHIP).order_by("code")


def villages_for(user: Any) -> QuerySet[Region]:
    if not may_work(user):
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code")


# ---- the public page -------------------------------------------------------------------------------------


def served_counties() -> list[str]:
    """The counties this deployment serves (``registry.selectors.deployment_counties``, as for 网上申报)."""
    return deployment_counties()


def public_townships() -> list[Region]:
    counties = served_counties()
    if not counties:
        return []
    qs = Region.objects.filter(level=Level.TOWNSHIP, parent_id__in=counties).select_related("parent")
    return list(qs.order_by("code"))


def public_villages(township_codes: list[str]) -> list[Region]:
    if not township_codes:
        return []
    return list(Region.objects.filter(level=Level.VILLAGE, parent_id__in=township_codes).order_by("code"))


def by_receipt(typed: str) -> Complaint | None:
    """The complaint with this receipt number (as the reporter typed it), or None."""
    receipt = normalize(typed)
    return Complaint.objects.filter(receipt=receipt).first() if receipt else None


# ---- counts -----------------------------------------------------------------------------------------------


def workbench_counts(user: Any, today: dt.date) -> dict[str, int]:
    """Open and overdue complaints of the user's area (one aggregate query)."""
    if not may_work(user):
        return {"open": 0, "overdue": 0}
    return complaints_visible(user).aggregate(
        open=Count("id", filter=Q(status__in=codes.OPEN_STATUSES)),
        overdue=Count("id", filter=overdue_q(today)),
    )


def _area_q(area_code: str) -> Q:
    """Complaints concerning ``area_code`` at any level (a village: those naming it)."""
    if len(area_code) == VILLAGE:
        return Q(village_id=area_code)
    if len(area_code) > TOWNSHIP:
        return Q(pk__in=[])
    return in_area("township_id", area_code)


def period_counts(area_code: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The month's (or any period's) complaints of an area, for the monthly report; both dates included.

    - ``received``: received in the period; ``by_source`` / ``by_kind``: those, by code (every code present)
    - ``closed``: closed in the period; ``closed_late``: of those, closed after their deadline
    - ``overdue_open``: at the end of the period still open (or closed only later) and past the deadline
    - ``to_leads``: received in the period and turned into a risk lead
    The area is any level (province to village); the caller scopes it to the reader's area."""
    qs = Complaint.objects.filter(_area_q(area_code))
    in_period = Q(received_on__gte=start, received_on__lte=end)
    closed = Q(closed_on__gte=start, closed_on__lte=end)
    still_open = Q(received_on__lte=end, due_on__lt=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    counts = qs.aggregate(
        received=Count("id", filter=in_period),
        closed=Count("id", filter=closed),
        closed_late=Count("id", filter=closed & Q(closed_on__gt=F("due_on"))),
        overdue_open=Count("id", filter=still_open),
        to_leads=Count("id", filter=in_period & Q(lead__isnull=False)),
        **{f"source_{s}": Count("id", filter=in_period & Q(source=s)) for s in codes.Source.values},
        **{f"kind_{k}": Count("id", filter=in_period & Q(kind=k)) for k in codes.Kind.values},
    )
    return {
        "received": counts["received"],
        "closed": counts["closed"],
        "closed_late": counts["closed_late"],
        "overdue_open": counts["overdue_open"],
        "to_leads": counts["to_leads"],
        "by_source": {s: counts[f"source_{s}"] for s in codes.Source.values},
        "by_kind": {k: counts[f"kind_{k}"] for k in codes.Kind.values},
    }
