"""Reads of the screening app, scoped to the user's area (and, for department clerks, their sources; for
register updates, the roles that may change the base database). Each object a URL names has its
``access_<thing>_by_id``: absent, outside the area and not allowed all answer 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shoudi.accounts.roles import Role
from shoudi.core.access import Capability, can, get_visible_or_404, require, user_area_q
from shoudi.screening.models import LinkCandidate, RegisterUpdate, ScreeningRun
from shoudi.screening.register_updates import CAPABILITY


def run_list(user: Any) -> QuerySet[ScreeningRun]:
    require(user, Capability.VIEW_SCREENING)
    return ScreeningRun.objects.filter(user_area_q(user, "area_id")).select_related("area", "job")


def access_run_by_id(user: Any, run_id: Any) -> ScreeningRun:
    return get_visible_or_404(run_list(user), run_id)


def clerk_sources(user: Any) -> list[str] | None:
    """The feed sources of a department clerk's own department; None for every other role (all sources)."""
    if getattr(user, "role", "") != Role.DEPT_CLERK:
        return None
    from shoudi.feeds.sources import SOURCES_LIST

    return [s.id for s in SOURCES_LIST if str(s.department) == str(user.department)]


def candidate_list(user: Any, *, status: str = LinkCandidate.Status.PENDING) -> QuerySet[LinkCandidate]:
    require(user, Capability.CONFIRM_MATCHES)
    qs = LinkCandidate.objects.filter(user_area_q(user, "area_code")).select_related(
        "record", "person", "person__household"
    )
    mine = clerk_sources(user)
    if mine is not None:
        qs = qs.filter(record__source__in=mine)
    if status:
        qs = qs.filter(status=status)
    return qs


def access_candidate_by_id(user: Any, candidate_id: Any) -> LinkCandidate:
    return get_visible_or_404(candidate_list(user, status=""), candidate_id)


# ---- register updates (户籍变动待办) ------------------------------------------------------------------------


def register_update_list(
    user: Any, *, village: str = "", status: str = RegisterUpdate.Status.OPEN
) -> QuerySet[RegisterUpdate]:
    """The register updates of the user's area (a village its own; a township or county theirs), optionally of
    one village and one status (``""``: every status). Oldest change first within a village."""
    require(user, CAPABILITY)
    qs = RegisterUpdate.objects.filter(user_area_q(user, "village_id")).select_related(
        "household", "village", "person", "closed_by"
    )
    if village:
        qs = qs.filter(village_id=village)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("village_id", "on", "created_at")


def access_register_update_by_id(user: Any, update_id: Any) -> RegisterUpdate:
    return get_visible_or_404(register_update_list(user, status=""), update_id)


def open_register_update_count(user: Any) -> int:
    """The open register updates of the user's area; 0 for a role that does not work them."""
    if not can(user, CAPABILITY):
        return 0
    return register_update_list(user).count()


def register_update_villages(user: Any) -> list[tuple[str, str]]:
    """(code, name) of the villages in the user's area that have register updates (any status): the filter."""
    rows = register_update_list(user, status="").order_by().values_list("village_id", "village__name").distinct()
    return sorted(set(rows))


def register_update_records(updates: list[RegisterUpdate]) -> dict[int, Any]:
    """The 公安户籍 feed records behind ``updates`` with their batch, by record id (one query)."""
    from shoudi.feeds.models import FeedRecord

    ids = [u.record_id for u in updates]
    return {r.pk: r for r in FeedRecord.objects.filter(pk__in=ids).select_related("batch")} if ids else {}
