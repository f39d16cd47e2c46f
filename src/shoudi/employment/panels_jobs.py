"""What the jobs part adds to other apps: two counts on the 就业帮扶 workbench panel — 岗位待推荐 (open openings
without any recommendation) and 推荐待反馈 (recommendations still open after ``STALE_DAYS`` days, orange) — and
the signals that tell the matching's labour pools (``matching_pool``) that what they were built from changed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_delete, post_save

from shoudi.employment import selectors_jobs as selectors
from shoudi.employment.access import MANAGE_JOBS
from shoudi.employment.matching_pool import bump
from shoudi.employment.workbench import Task, add_task


def unrecommended_count(user: Any, today: dt.date) -> int:
    return selectors.unrecommended_openings(user).count()


def awaiting_count(user: Any, today: dt.date) -> int:
    return selectors.awaiting_feedback(user, today).count()


UNRECOMMENDED = Task(
    "employment_openings_unrecommended",
    "岗位待推荐",
    unrecommended_count,
    "employment:opening_list",
    MANAGE_JOBS,
    order=20,
)
AWAITING = Task(
    "employment_recommendations_awaiting",
    "推荐待反馈",
    awaiting_count,
    "employment:opening_list",
    MANAGE_JOBS,
    order=21,
    warn=True,
)


def _pool_models() -> list[Any]:
    from shoudi.employment.models import LabourProfile, Work
    from shoudi.lowincome.models import Membership
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household, Person

    return [Person, Household, Work, LabourProfile, Membership, Case]


def register() -> None:
    """Called once from EmploymentConfig.ready."""
    add_task(UNRECOMMENDED)
    add_task(AWAITING)
    for model in _pool_models():
        post_save.connect(bump, sender=model, dispatch_uid=f"employment-pool-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"employment-pool-delete-{model._meta.label}")
