"""The jobs app's own panel on the workbench (就业帮扶): counts each part adds with ``add_task`` — openings
without candidates, recommendations awaiting an outcome, posts vacant, pay sheets not yet filed, 以工代赈 pay
lagging (orange). Its own panel: the 人社 clerk who works here sees no monitoring cases."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.core.tasks import Task, TaskBoard
from shoudi.employment.access import may

__all__ = ["BOARD", "Task", "add_task", "tasks_for"]

BOARD = TaskBoard(may)


def add_task(task: Task) -> None:
    BOARD.add(task)


def tasks_for(user: Any, today: dt.date) -> list[dict[str, Any]]:
    return BOARD.for_user(user, today)
