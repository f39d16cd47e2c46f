"""Reads of the screening app, scoped to the user's area (and, for department clerks, their sources)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from shoudi.core.access import require, user_area_q
from shoudi.screening.models import LinkCandidate, ScreeningRun


def run_list(user: Any) -> QuerySet[ScreeningRun]:
    require(user, "view_screening")
    return ScreeningRun.objects.filter(user_area_q(user, "area_id")).select_related("area")


def _uuid(value: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404("未找到") from None


def access_run_by_id(user: Any, run_id: Any) -> ScreeningRun:
    run = run_list(user).filter(pk=_uuid(run_id)).first()
    if run is None:
        raise Http404("未找到该筛查批次")
    return run


def candidate_list(user: Any, *, status: str = LinkCandidate.Status.PENDING) -> QuerySet[LinkCandidate]:
    require(user, "confirm_matches")
    qs = LinkCandidate.objects.filter(user_area_q(user, "area_code")).select_related(
        "record", "person", "person__household"
    )
    if getattr(user, "role", "") == "dept_clerk":
        from shoudi.feeds.sources import SOURCES_LIST

        mine = [s.id for s in SOURCES_LIST if str(s.department) == str(user.department)]
        qs = qs.filter(record__source__in=mine)
    if status:
        qs = qs.filter(status=status)
    return qs


def access_candidate_by_id(user: Any, candidate_id: Any) -> LinkCandidate:
    candidate = candidate_list(user, status="").filter(pk=_uuid(candidate_id)).first()
    if candidate is None:
        raise Http404("未找到该疑似匹配")
    return candidate
