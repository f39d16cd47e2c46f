"""What complaints add to the workbench's monitoring panel (``monitoring.extensions``): the complaints waiting
in the user's area and, in orange on the list, those past their deadline. Counts are 0 (and hidden) for
anyone who does not work on complaints."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.complaints import selectors
from shoudi.complaints.access import WORK
from shoudi.monitoring.extensions import WorkbenchTask


def open_count(user: Any, today: dt.date) -> int:
    return selectors.workbench_counts(user, today)["open"]


def overdue_count(user: Any, today: dt.date) -> int:
    return selectors.workbench_counts(user, today)["overdue"]


OPEN = WorkbenchTask("complaints_open", "待办投诉举报", open_count, "complaints:list", WORK, order=60)
OVERDUE = WorkbenchTask("complaints_overdue", "投诉举报超期", overdue_count, "complaints:overdue", WORK, order=61)
