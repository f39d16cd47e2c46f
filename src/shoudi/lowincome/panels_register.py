"""What the register adds to other apps, registered by ``LowIncomeConfig.ready``:

- on the household page (registry) and the case page (monitoring): the layers the household holds and its
  referrals waiting for 民政, with a link to the household's page of the register — for those who see the
  register;
- on the workbench's 常态化帮扶 panel (``lowincome.workbench``): the referrals of the area waiting for 民政's
  decision — the 民政 clerk's queue, and what the village, township and county sent;
- on the department data intake (feeds): a 民政救助 batch, once applied, updates the register
  (``feed_sync.on_batch_applied``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.feeds.hooks import after_apply
from shoudi.lowincome import codes, feed_sync, selectors
from shoudi.lowincome.access import VIEW, may_view_register
from shoudi.lowincome.workbench import Task, add_task
from shoudi.monitoring.extensions import CasePanel, add_case_panel
from shoudi.policy.layers import LAYER_LABELS
from shoudi.registry.extensions import HouseholdPanel, add_household_panel

TEMPLATE = "lowincome/_layers_panel.html"


def household_panel(user: Any, household: Any) -> dict[str, Any] | None:
    if not may_view_register(user):
        return None
    held = selectors.holds_of(household)
    pending = selectors.pending_layers(household)
    return {
        "household": household,
        "layers": [LAYER_LABELS[code] for code in codes.ALL_LAYERS if code in held],
        "pending": [LAYER_LABELS[code] for code in codes.STORED_LAYERS if code in pending],
    }


def case_panel(user: Any, case: Any) -> dict[str, Any] | None:
    return household_panel(user, case.household)


def pending_count(user: Any, today: dt.date) -> int:
    return selectors.referral_list(user, status=codes.ReferralStatus.PENDING).count()


HOUSEHOLD_PANEL = HouseholdPanel("lowincome_layers", TEMPLATE, household_panel, order=30)
CASE_PANEL = CasePanel("lowincome_layers", TEMPLATE, case_panel, order=8)
PENDING = Task("lowincome_referrals_pending", "转介民政待认定", pending_count, "lowincome:referrals", VIEW, order=10)


def register() -> None:
    """Called once from LowIncomeConfig.ready."""
    add_household_panel(HOUSEHOLD_PANEL)
    add_case_panel(CASE_PANEL)
    add_task(PENDING)
    after_apply(feed_sync.on_batch_applied)
