"""``{% keycounties_nav %}`` (the menu entry, 重点帮扶县) and ``{% keycounties_panel %}`` (its workbench panel)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shoudi.core.access import can
from shoudi.keycounties.access import VIEW

register = template.Library()


@register.simple_tag(takes_context=True)
def keycounties_nav(context: Any) -> str:
    user = context.get("user")
    if user is None or not can(user, VIEW):
        return ""
    return format_html('<li><a href="{}">重点帮扶县</a></li>', reverse("keycounties:list"))


@register.simple_tag(takes_context=True)
def keycounties_panel(context: Any) -> str:
    return ""  # the key-county figures live on their own pages; nothing waits on the workbench
