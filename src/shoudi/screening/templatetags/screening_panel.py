"""The workbench panel of register updates (户籍变动待办) for those who update the base database."""

from __future__ import annotations

from typing import Any

from django import template

from shoudi.core.access import can
from shoudi.core.panelcache import panel_counts
from shoudi.screening import selectors
from shoudi.screening.register_updates import CAPABILITY

register = template.Library()


@register.inclusion_tag("screening/_workbench_panel.html", takes_context=True)
def register_updates_panel(context: dict[str, Any]) -> dict[str, Any]:
    user = getattr(context.get("request"), "user", None)
    if not can(user, CAPABILITY):
        return {"show": False}
    count = panel_counts("screening", user, lambda: selectors.open_register_update_count(user))
    return {"show": True, "open_register_updates": count}
