"""``{% employment_panel %}`` (the workbench's 就业帮扶 counts) and ``{% employment_nav %}`` (the menu entry)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from shoudi.core.panelcache import panel_counts
from shoudi.employment.access import VIEW, may
from shoudi.employment.workbench import tasks_for

register = template.Library()


def _user(context: Any) -> Any:
    user = context.get("user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@register.inclusion_tag("employment/_workbench_panel.html", takes_context=True)
def employment_panel(context: Any) -> dict[str, Any]:
    user = _user(context)
    if user is None or not may(user, VIEW):
        return {"show": False}
    return {"show": True, "tasks": panel_counts("employment", user, lambda: tasks_for(user, timezone.localdate()))}


@register.simple_tag(takes_context=True)
def employment_nav(context: Any) -> str:
    user = _user(context)
    if user is None or not may(user, VIEW):
        return ""
    return format_html('<li><a href="{}">就业帮扶</a></li>', reverse("employment:home"))
