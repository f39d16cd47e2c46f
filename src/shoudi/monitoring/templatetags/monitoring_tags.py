"""``{% monitoring_panel %}``: the user's monitoring tasks on the workbench (no change to the workbench view)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from shoudi.monitoring import codes, presenters, selectors

register = template.Library()
SHOWN = 8


@register.inclusion_tag("monitoring/_workbench_panel.html", takes_context=True)
def monitoring_panel(context: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return {"show": False}
    if not user.can("view_cases"):
        counts = selectors.area_status_counts(user) if user.can("view_reports") else {}
        groups = [(label, counts.get(key, 0)) for key, (label, _) in selectors.STATUS_GROUPS.items()]
        return {"show": bool(counts), "aggregate_only": True, "groups": groups}
    today = timezone.localdate()
    tasks = selectors.tasks(user, today)
    mine = presenters.with_risks(selectors.case_list(user, today=today, mine=True))[:SHOWN]
    overdue = presenters.with_risks(selectors.case_list(user, today=today, overdue=True))[:SHOWN]
    leads = selectors.lead_list(
        user, status=codes.LeadStatus.SUBMITTED if user.can("accept_applications") else codes.LeadStatus.OPEN
    )[:SHOWN]
    return {
        "show": True,
        "tasks": tasks,
        "mine": presenters.case_rows(user, list(mine), today),
        "overdue": presenters.case_rows(user, list(overdue), today),
        "leads": list(leads) if (user.can("home_check") or user.can("accept_applications")) else [],
        "perms": {
            "record_leads": user.can("record_leads"),
            "home_check": user.can("home_check"),
            "accept_applications": user.can("accept_applications"),
            "fast_track": user.can("fast_track"),
            "run_checks": user.can("run_checks"),
        },
    }
