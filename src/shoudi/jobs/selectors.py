"""Reads of jobs. A job is visible to its creator and to users whose area contains the job's area and whose
role may see household data; anyone else gets a 404, as for households."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from shoudi.core.access import Capability, code_range
from shoudi.jobs.models import Job


def _area_q(user: Any) -> Q:
    area = getattr(user, "area_id", None)
    if not area or not user.can(Capability.VIEW_HOUSEHOLDS):
        return Q(pk__in=[])
    lo, hi = code_range(area)
    # the job's area lies inside the user's: its code is between lo and hi (a prefix-range on codes)
    return Q(area_code__gte=lo, area_code__lte=hi) & ~Q(area_code="")


def jobs_visible(user: Any) -> QuerySet[Job]:
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.filter(Q(created_by=user) | _area_q(user))


def job_list(user: Any, *, kind: str = "", limit: int = 50) -> QuerySet[Job]:
    qs = jobs_visible(user).select_related("created_by")
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at")[:limit]


def access_job_by_id(user: Any, job_id: Any) -> Job:
    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        raise Http404("未找到该任务") from None
    job = jobs_visible(user).select_related("created_by").filter(pk=key).first()
    if job is None:
        raise Http404("未找到该任务")
    return job


def may_download_result(user: Any, job: Job) -> bool:
    """A result file with full ID numbers goes only to its creator or to roles that may see full IDs."""
    if not job.result_file:
        return False
    if job.created_by_id == getattr(user, "pk", None):
        return True
    return not job.result.get("revealed") or user.can(Capability.REVEAL_ID)
