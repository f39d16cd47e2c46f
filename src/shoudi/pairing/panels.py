"""What pairing shows on other apps' pages, registered by ``PairingConfig.ready``: the household's helper cadres
on the household page and on the case page."""

from __future__ import annotations

from typing import Any

from shoudi.core.access import Capability, can
from shoudi.monitoring.extensions import CasePanel, WorkbenchLink
from shoudi.pairing import selectors
from shoudi.registry.extensions import HouseholdPanel

TEMPLATE = "pairing/_household_panel.html"


def household_panel(user: Any, household: Any) -> dict[str, Any] | None:
    if not can(user, Capability.VIEW_HOUSEHOLDS):
        return None
    return {
        "pairings": selectors.household_pairings(user, household),
        "can_assign": can(user, Capability.ASSIGN_HELPERS),
        "village": household.village_id,
        "reveal": can(user, Capability.REVEAL_ID),
    }


def case_panel(user: Any, case: Any) -> dict[str, Any] | None:
    return household_panel(user, case.household)


HOUSEHOLD_PANEL = HouseholdPanel("pairing", TEMPLATE, household_panel, order=20)
CASE_PANEL = CasePanel("pairing", TEMPLATE, case_panel, order=5)
ASSIGN_LINK = WorkbenchLink("pairing", "结对帮扶", "pairing:assign", Capability.ASSIGN_HELPERS, order=60)
