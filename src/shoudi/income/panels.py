"""The 收入核算 section of the household page (registry.extensions): this year's and last year's per-capita net
income, the link to the sheet, and the figures departments sent — which department and which batch."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.core.access import Capability
from shoudi.income import selectors
from shoudi.registry.extensions import HouseholdPanel

SHOWN_DEPARTMENT_LINES = 50


def panel_context(user: Any, household: Any) -> dict[str, Any] | None:
    if not (user.can(Capability.VIEW_HOUSEHOLDS) or user.can(Capability.RECORD_INCOME)):
        return None
    year = timezone.localdate().year
    lines = list(selectors.department_lines(household)[:SHOWN_DEPARTMENT_LINES])
    # three years of sheets and the member count read once for both summaries (was ten queries)
    sheets = selectors.sheets_for(household, [year, year - 1, year - 2])
    members = selectors.members_counted(household)
    return {
        "household": household,
        "year": year,
        "this": selectors.summary_for(household, year, sheets=sheets, members=members),
        "last": selectors.summary_for(household, year - 1, sheets=sheets, members=members),
        "department_lines": lines,
        "years": selectors.sheet_years(household),
    }


PANEL = HouseholdPanel(key="income", template="income/_household_panel.html", context=panel_context, order=20)
