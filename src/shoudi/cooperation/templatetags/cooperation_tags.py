"""``{% cooperation_nav %}`` (the menu entry, 协作帮扶) and ``{% cooperation_panel %}`` (its workbench panel)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def cooperation_nav(context: Any) -> str:
    return ""  # filled when the app's pages exist


@register.simple_tag(takes_context=True)
def cooperation_panel(context: Any) -> str:
    return ""  # filled when the app has work to show on the workbench
