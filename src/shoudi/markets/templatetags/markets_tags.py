"""``{% markets_nav %}`` (the menu entry, 消费帮扶) (consumption assistance and unsold-produce warnings)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def markets_nav(context: Any) -> str:
    return ""  # filled when the app's pages exist
