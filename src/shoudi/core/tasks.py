"""A workbench panel's task counts, for apps whose panel has its own gate (``lowincome``, ``employment``): each
part of the app adds a ``Task`` to the app's ``TaskBoard``; the panel shows the tasks the user ``may`` see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from shoudi.core.access import Capability


@dataclass(frozen=True)
class Task:
    key: str
    label: str
    count: Callable[[Any, dt.date], int]  # (user, today)
    url_name: str
    capability: Capability  # checked with the board's gate
    order: int = 100
    warn: bool = False  # shown orange when not 0 (overdue)


@dataclass
class TaskBoard:
    gate: Callable[[Any, Capability], bool]  # (user, capability): may the user see a task of this capability
    tasks: list[Task] = field(default_factory=list)

    def add(self, task: Task) -> None:
        """Register a count (once per key; a second registration of a key replaces the first)."""
        kept = [t for t in self.tasks if t.key != task.key]
        self.tasks[:] = sorted([*kept, task], key=lambda t: (t.order, t.key))

    def for_user(self, user: Any, today: dt.date) -> list[dict[str, Any]]:
        return [
            {"key": t.key, "label": t.label, "count": t.count(user, today), "url_name": t.url_name, "warn": t.warn}
            for t in self.tasks
            if self.gate(user, t.capability)
        ]
