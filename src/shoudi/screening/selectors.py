"""Reads of the screening app, scoped to the user's area (and, for department clerks, their sources; for
registry-update tasks, the roles that may change the base database)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from shoudi.core.access import Capability, require, user_area_q
from shoudi.screening.models import LinkCandidate, RegistryTask, ScreeningRun
from shoudi.screening.registry_tasks import CAPABILITY


def run_list(user: Any) -> QuerySet[ScreeningRun]:
    require(user, Capability.VIEW_SCREENING)
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
    require(user, Capability.CONFIRM_MATCHES)
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


# ---- registry-update tasks (户籍变动待办) ------------------------------------------------------------------

TASK_STATUSES = tuple(RegistryTask.Status.values)


def registry_task_list(
    user: Any, *, village: str = "", status: str = RegistryTask.Status.OPEN
) -> QuerySet[RegistryTask]:
    """The tasks of the user's area (a village its own; a township or county theirs), optionally of one
    village and one status (``""``: every status). Oldest change first within a village."""
    require(user, CAPABILITY)
    qs = RegistryTask.objects.filter(user_area_q(user, "village_id")).select_related(
        "household", "village", "person", "closed_by"
    )
    if village:
        qs = qs.filter(village_id=village)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("village_id", "on", "created_at")


def access_registry_task_by_id(user: Any, task_id: Any) -> RegistryTask:
    task = registry_task_list(user, status="").filter(pk=_uuid(task_id)).first()
    if task is None:
        raise Http404("未找到该户籍变动任务")
    return task


def open_registry_task_count(user: Any) -> int:
    """The open tasks of the user's area; 0 for a role that does not work them."""
    if not getattr(user, "is_authenticated", False) or not user.can(CAPABILITY):
        return 0
    return registry_task_list(user).count()


def registry_task_villages(user: Any) -> list[tuple[str, str]]:
    """(code, name) of the villages in the user's area that have tasks (any status): the village filter."""
    rows = registry_task_list(user, status="").order_by().values_list("village_id", "village__name").distinct()
    return sorted(set(rows))


def registry_task_records(tasks: list[RegistryTask]) -> dict[int, Any]:
    """The 公安户籍 feed records behind ``tasks`` with their batch, by record id (one query)."""
    from shoudi.feeds.models import FeedRecord

    ids = [t.record_id for t in tasks]
    return {r.pk: r for r in FeedRecord.objects.filter(pk__in=ids).select_related("batch")} if ids else {}
