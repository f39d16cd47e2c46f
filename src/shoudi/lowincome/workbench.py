"""The register's own panel on the workbench (常态化帮扶): counts each part adds with ``add_task`` — referrals
waiting for 民政, verifications due and overdue (orange), 渐退期 ending, 待落实 entitlements. It is its own panel,
not monitoring's: the 民政 and 医保 / 教育 clerks who work here do not see monitoring cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.core.tasks import Task, TaskBoard
from shoudi.lowincome.access import may

__all__ = ["BOARD", "Task", "add_task", "tasks_for"]

BOARD = TaskBoard(may)


def add_task(task: Task) -> None:
    BOARD.add(task)


def tasks_for(user: Any, today: dt.date) -> list[dict[str, Any]]:
    return BOARD.for_user(user, today)
