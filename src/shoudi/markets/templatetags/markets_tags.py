"""``{% markets_nav %}``: the menu entry 消费帮扶 (consumption assistance and unsold-produce warnings), shown to
whoever may read the markets ledgers."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shoudi.markets.access import VIEW, may

register = template.Library()


@register.simple_tag(takes_context=True)
def markets_nav(context: Any) -> str:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or not may(user, VIEW):
        return ""
    return format_html('<li><a href="{}">消费帮扶</a></li>', reverse("markets:home"))
