"""What the entitlements part adds to other apps: the count "待落实待遇" on the workbench's 常态化帮扶 panel
(``lowincome.workbench``: the panel the 医保 / 教育 clerks see too, unlike monitoring's) — the open items of a 医保
/ 教育 clerk's own department, or of a county officer's area; 0 (and hidden) for anyone else."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.lowincome.access import DELIVER, VIEW
from shoudi.lowincome.selectors_entitlements import workbench_count
from shoudi.lowincome.workbench import Task, add_task


def open_count(user: Any, today: dt.date) -> int:
    return workbench_count(user)


# The panel shows a task to whoever ``may`` hold its capability (lowincome.access): DELIVER reaches the 医保 / 教育
# clerks, VIEW the county officer (and the register's other roles, who count 0). Nobody holds both.
CLERKS = Task("lowincome_entitlements_dept", "待落实待遇", open_count, "lowincome:entitlements", DELIVER, order=75)
OFFICERS = Task("lowincome_entitlements", "待落实待遇", open_count, "lowincome:entitlements", VIEW, order=76)


def register() -> None:
    """Called once from LowIncomeConfig.ready."""
    add_task(CLERKS)
    add_task(OFFICERS)
