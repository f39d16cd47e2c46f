"""``{% monitoring_panel %}``: the user's monitoring tasks on the workbench (no change to the workbench view)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from shoudi.core.access import Capability, can
from shoudi.core.panelcache import panel_counts
from shoudi.monitoring import codes, extensions, presenters, selectors

register = template.Library()
SHOWN = 8


@register.inclusion_tag("monitoring/_workbench_panel.html", takes_context=True)
def monitoring_panel(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"show": False}
    if not user.can(Capability.VIEW_CASES):
        counts = selectors.area_status_counts(user) if user.can(Capability.VIEW_REPORTS) else {}
        groups = [(label, counts.get(key, 0)) for key, (label, _) in selectors.STATUS_GROUPS.items()]
        return {"show": bool(counts), "aggregate_only": True, "groups": groups}
    # kept a minute per user and day, forgotten on every write (core.panelcache): a case advanced, a lead
    # recorded or checked shows at once
    return panel_counts("monitoring", user, lambda: _panel(user))


def _panel(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    tasks = selectors.tasks(user, today)
    mine = selectors.case_list(user, today=today, mine=True)[:SHOWN]
    overdue = selectors.case_list(user, today=today, overdue=True)[:SHOWN]
    leads = selectors.lead_list(
        user, status=codes.LeadStatus.SUBMITTED if user.can(Capability.ACCEPT_APPLICATIONS) else codes.LeadStatus.OPEN
    )[:SHOWN]
    return {
        "show": True,
        "tasks": tasks,
        "extra_tasks": selectors.extension_tasks(user, today),
        "links": [link for link in extensions.WORKBENCH_LINKS if can(user, link.capability)],
        "mine": presenters.case_rows(user, list(mine), today),
        "overdue": presenters.case_rows(user, list(overdue), today),
        "leads": list(leads) if (user.can(Capability.HOME_CHECK) or user.can(Capability.ACCEPT_APPLICATIONS)) else [],
        "perms": {
            Capability.RECORD_LEADS: user.can(Capability.RECORD_LEADS),
            Capability.HOME_CHECK: user.can(Capability.HOME_CHECK),
            Capability.ACCEPT_APPLICATIONS: user.can(Capability.ACCEPT_APPLICATIONS),
            Capability.RUN_CHECKS: user.can(Capability.RUN_CHECKS),
        },
    }
