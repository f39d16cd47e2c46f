"""What the labour force database adds to other apps, registered by ``EmploymentConfig.ready``:

- on the household page (registry): each working-age member with labour capacity, at work (where, for whom,
  since when) or 未就业, with a link to the member's labour page, and "有劳动能力但无人就业" when nobody of them
  works (the 至少1人稳定就业 target) — for those who see the jobs ledgers;
- on the workbench's 就业帮扶 panel: 近30天失业返乡, the area's labour force whose unemployment or return was
  recorded in the last 30 days and who has no work since;
- entered once (``labour_sync``, ``feed_labour``): income sheets, registry edits of 务工地点 and the 人社 feed
  update the work spells, and the income form is offered the wages the spells say."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from shoudi.employment import feed_labour, labour_sync, selectors_labour
from shoudi.employment.access import VIEW, may
from shoudi.employment.workbench import Task, add_task
from shoudi.feeds.hooks import after_apply
from shoudi.income.hooks import after_sheet_save, wage_suggester
from shoudi.registry.extensions import HouseholdPanel, add_household_panel, on_person_work_changed

TEMPLATE = "employment/_household_labour.html"


def household_panel(user: Any, household: Any) -> dict[str, Any] | None:
    if not may(user, VIEW):
        return None
    members = selectors_labour.household_labour(household, timezone.localdate())
    rows = [{"person": p, "work": max(p.open_works, key=lambda w: w.started_on, default=None)} for p in members]  # type: ignore[attr-defined]
    return {"members": rows, "nobody_works": bool(rows) and not any(r["work"] for r in rows)}


def recent_count(user: Any, today: dt.date) -> int:
    return selectors_labour.recent_count(user, today)


HOUSEHOLD_PANEL = HouseholdPanel("employment_labour", TEMPLATE, household_panel, order=40)
RECENT = Task(
    "employment_recent_returns",
    f"近{selectors_labour.RECENT_DAYS}天失业返乡",
    recent_count,
    "employment:labour",
    VIEW,
    order=10,
    warn=True,
)


def register() -> None:
    """Called once from EmploymentConfig.ready."""
    add_household_panel(HOUSEHOLD_PANEL)
    add_task(RECENT)
    after_apply(feed_labour.on_batch_applied)
    after_sheet_save(labour_sync.from_income)
    wage_suggester(labour_sync.wage_suggestions)
    on_person_work_changed(labour_sync.from_registry)
