"""``{% asset_warnings_panel %}``: the workbench panel of asset warnings and approvals waiting for this user."""

from __future__ import annotations

from typing import Any

from django import template

from shoudi.assets.models import DisposalStatus
from shoudi.assets.selectors import disposals_visible, pending_plans, writeoffs_visible
from shoudi.assets.supervision import warnings_for_actor
from shoudi.core.access import Capability
from shoudi.core.panelcache import panel_counts

register = template.Library()
PANEL_ROWS = 10


def _pending_disposals(user: Any) -> list[Any]:
    if user.can(Capability.REVIEW_DISPOSALS):
        statuses = [DisposalStatus.PROPOSED]
        qs = disposals_visible(user).filter(status__in=statuses, route="standard")
    elif user.can(Capability.APPROVE_DISPOSALS):
        qs = disposals_visible(user).filter(
            status__in=[DisposalStatus.REVIEWED, DisposalStatus.APPROVED]
        ) | disposals_visible(user).filter(route="state", status=DisposalStatus.PROPOSED)
    else:
        return []
    return list(qs.select_related("asset")[:PANEL_ROWS])


@register.inclusion_tag("assets/_workbench_panel.html", takes_context=True)
def asset_warnings_panel(context: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or not user.can(Capability.VIEW_ASSETS):
        return {"show": False}
    return panel_counts("assets", user, lambda: _panel(user))  # a minute, forgotten on writes (core.panelcache)


def _panel(user: Any) -> dict[str, Any]:
    warnings = warnings_for_actor(user)
    plans = list(pending_plans(user).select_related("asset", "village")[:PANEL_ROWS])
    writeoffs = (
        list(writeoffs_visible(user).filter(status="proposed").select_related("asset")[:PANEL_ROWS])
        if user.can(Capability.APPROVE_WRITEOFFS)
        else []
    )
    return {
        "show": True,
        "warnings": warnings[:PANEL_ROWS],
        "warning_count": len(warnings),
        "plans": plans,
        "disposals": _pending_disposals(user),
        "writeoffs": writeoffs,
    }


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key, "") if hasattr(mapping, "get") else ""
