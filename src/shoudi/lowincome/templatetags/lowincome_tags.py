"""``{% lowincome_panel %}`` (the workbench's 常态化帮扶 counts) and ``{% lowincome_nav %}`` (the menu entry: the
register for those who keep or read it, the 待落实 list for the 医保 / 教育 clerks)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from shoudi.core.panelcache import panel_counts
from shoudi.lowincome.access import DELIVER, VIEW, may
from shoudi.lowincome.workbench import tasks_for

register = template.Library()


def _user(context: Any) -> Any:
    user = context.get("user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@register.inclusion_tag("lowincome/_workbench_panel.html", takes_context=True)
def lowincome_panel(context: Any) -> dict[str, Any]:
    user = _user(context)
    if user is None:
        return {"show": False}
    tasks = panel_counts("lowincome", user, lambda: tasks_for(user, timezone.localdate()))
    register_link = may(user, VIEW)
    return {"show": register_link or any(t["count"] for t in tasks), "tasks": tasks, "register": register_link}


@register.simple_tag(takes_context=True)
def lowincome_nav(context: Any) -> str:
    user = _user(context)
    if user is None:
        return ""
    if may(user, VIEW):
        return format_html('<li><a href="{}">常态化帮扶</a></li>', reverse("lowincome:register"))
    if may(user, DELIVER):
        return format_html('<li><a href="{}">待落实待遇</a></li>', reverse("lowincome:entitlements"))
    return ""
