"""The register's own panel on the workbench (常态化帮扶): counts each part adds with ``add_task`` — referrals
waiting for 民政, verifications due and overdue (orange), 渐退期 ending, 待落实 entitlements. It is its own panel,
not monitoring's: the 民政 and 医保 / 教育 clerks who work here do not see monitoring cases."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shoudi.core.access import Capability
from shoudi.lowincome.access import may


@dataclass(frozen=True)
class Task:
    key: str
    label: str
    count: Callable[[Any, dt.date], int]  # (user, today)
    url_name: str
    capability: Capability  # checked with the department gate (lowincome.access.may)
    order: int = 100
    warn: bool = False  # shown orange when not 0 (overdue)


TASKS: list[Task] = []


def add_task(task: Task) -> None:
    """Register a count (once per key; a second registration of a key replaces the first)."""
    TASKS[:] = sorted([t for t in TASKS if t.key != task.key] + [task], key=lambda t: (t.order, t.key))


def tasks_for(user: Any, today: dt.date) -> list[dict[str, Any]]:
    return [
        {"key": t.key, "label": t.label, "count": t.count(user, today), "url_name": t.url_name, "warn": t.warn}
        for t in TASKS
        if may(user, t.capability)
    ]
