"""``{% cooperation_nav %}`` (the menu entry, 协作帮扶) and ``{% cooperation_panel %}`` (its workbench panel: none —
the pairings' figures are on their own pages and in the annual report)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shoudi.cooperation.access import VIEW, may

register = template.Library()


@register.simple_tag(takes_context=True)
def cooperation_nav(context: Any) -> str:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or not may(user, VIEW):
        return ""
    return format_html('<li><a href="{}">协作帮扶</a></li>', reverse("cooperation:list"))


@register.simple_tag(takes_context=True)
def cooperation_panel(context: Any) -> str:
    return ""
