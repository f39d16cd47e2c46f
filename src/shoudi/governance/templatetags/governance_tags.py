"""``{% governance_nav %}`` (the menu entry, 积分制) and ``{% governance_panel %}`` (its workbench panel)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def governance_nav(context: Any) -> str:
    return ""  # filled when the app's pages exist


@register.simple_tag(takes_context=True)
def governance_panel(context: Any) -> str:
    return ""  # filled when the app has work to show on the workbench
