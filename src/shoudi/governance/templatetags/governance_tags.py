"""``{% governance_nav %}`` (the menu entry, 积分制, for who may view) and ``{% governance_panel %}`` (its workbench
panel: for the village council, the entries awaiting the quarterly review)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shoudi.core.access import VILLAGE, can
from shoudi.governance.access import MANAGE, VIEW
from shoudi.governance.selectors import awaiting_review

register = template.Library()


def _user(context: Any) -> Any:
    user = context.get("user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@register.simple_tag(takes_context=True)
def governance_nav(context: Any) -> str:
    user = _user(context)
    if user is None or not can(user, VIEW):
        return ""
    return format_html('<li><a href="{}">积分制</a></li>', reverse("governance:index"))


@register.inclusion_tag("governance/_workbench_panel.html", takes_context=True)
def governance_panel(context: Any) -> dict[str, Any]:
    user = _user(context)
    area = getattr(user, "area_id", "") or ""
    if user is None or not can(user, MANAGE) or len(area) != VILLAGE:
        return {"show": False}
    return {"show": True, "waiting": awaiting_review(area), "code": area}
