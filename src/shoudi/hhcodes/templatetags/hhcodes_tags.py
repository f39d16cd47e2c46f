"""``{% hhcodes_nav %}``: the menu entry 一户一码, for who may issue and print the codes."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shoudi.core.access import Capability, can

register = template.Library()


@register.simple_tag(takes_context=True)
def hhcodes_nav(context: Any) -> str:
    user = context.get("user")
    if user is None or not can(user, Capability.MANAGE_HOUSEHOLD_CODES):
        return ""
    return format_html('<li><a href="{}">一户一码</a></li>', reverse("hhcodes:index"))
