"""What assistance shows inside monitoring's pages, registered into ``monitoring.extensions`` by
``AssistanceConfig.ready``: the plan, measures and visits on the case page, the visits due and the fast track on
the workbench, and the measures the risk-elimination check weighs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.assistance import selectors
from shoudi.core.access import Capability, can
from shoudi.monitoring import codes
from shoudi.monitoring.extensions import CasePanel, WorkbenchLink, WorkbenchTask

VISITS_SHOWN = 20


def helping(case: Any) -> bool:
    """Measures and visits are recorded while the case is monitored, or on the fast track before that."""
    return case.status in codes.UNDER_MONITORING or (case.fast_track and case.status in codes.IDENTIFICATION_STATUSES)


def case_panel(user: Any, case: Any) -> dict[str, Any]:
    measures = list(selectors.case_measures(case))
    return {
        "plan": selectors.case_plan(case),
        "coverage": selectors.coverage(case, measures=measures),
        "measures": measures,
        "visits": list(selectors.case_visits(case)[:VISITS_SHOWN]),
        "can_plan": can(user, Capability.PLAN_ASSISTANCE) and helping(case),
        "can_visit": can(user, Capability.RECORD_VISITS) and helping(case),
    }


def visits_due_count(user: Any, today: dt.date) -> int:
    return selectors.visits_due(user, today).count()


CASE_PANEL = CasePanel("assistance", "assistance/_case_panel.html", case_panel, order=10)
VISITS_DUE = WorkbenchTask("visits_due", "应回访", visits_due_count, "assistance:visits_due", Capability.RECORD_VISITS)
FAST_TRACK = WorkbenchLink("fast_track", "先帮扶后认定", "assistance:fast_track", Capability.FAST_TRACK)
