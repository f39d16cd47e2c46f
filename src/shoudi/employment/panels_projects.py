"""What the projects part adds to other apps: the workbench count of 以工代赈 rows whose pay lags (orange), for
those who record 以工代赈 (township and county)."""

from __future__ import annotations

import datetime as dt
from typing import Any


def _lagging(user: Any, today: dt.date) -> int:
    from shoudi.employment.selectors_projects import lagging_rows

    return lagging_rows(user, today).count()


def register() -> None:
    """Called once from EmploymentConfig.ready."""
    from shoudi.employment.access import RECORD_RELIEF_WORK
    from shoudi.employment.workbench import Task, add_task

    add_task(
        Task(
            key="relief_lagging",
            label="劳务报酬发放滞后",
            count=_lagging,
            url_name="employment:relief_lagging",
            capability=RECORD_RELIEF_WORK,
            order=80,
            warn=True,
        )
    )
