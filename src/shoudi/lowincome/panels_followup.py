"""What 跟踪核查 adds to the workbench's 常态化帮扶 panel (``lowincome.workbench``): the memberships of the
user's area due for verification, those overdue, and the 渐退期 ending within ``cadence.ENDING_SOON_DAYS``, each
linking to its list. Counted for those who follow up (village contact, township reviewer, the 民政 clerk); 0
(and hidden) for anyone else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.lowincome import selectors_followup as selectors
from shoudi.lowincome.access import FOLLOW_UP
from shoudi.lowincome.workbench import Task, add_task


def due_count(user: Any, today: dt.date) -> int:
    return selectors.workbench_counts(user, today)["due"]


def overdue_count(user: Any, today: dt.date) -> int:
    return selectors.workbench_counts(user, today)["overdue"]


def ending_count(user: Any, today: dt.date) -> int:
    return selectors.workbench_counts(user, today)["ending"]


DUE = Task("lowincome_followups_due", "低收入人口核查到期", due_count, "lowincome:followups", FOLLOW_UP, order=70)
OVERDUE = Task(
    "lowincome_followups_overdue",
    "低收入人口核查超期",
    overdue_count,
    "lowincome:followups_overdue",
    FOLLOW_UP,
    order=71,
    warn=True,
)
ENDING = Task(
    "lowincome_phase_out_ending", "渐退期将满", ending_count, "lowincome:followups_phasing", FOLLOW_UP, order=72
)


def register() -> None:
    """Called once from LowIncomeConfig.ready."""
    for task in (DUE, OVERDUE, ENDING):
        add_task(task)
