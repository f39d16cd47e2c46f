"""``{% produce_warnings_panel %}``: the workbench panel of open unsold-produce warnings (open and responding) of the
user's county, for those who may view the markets; nothing for anyone else."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from shoudi.core.access import NotVisible
from shoudi.core.panelcache import panel_counts
from shoudi.markets import selectors_produce as selectors
from shoudi.markets.access import VIEW, may

register = template.Library()


@register.simple_tag(takes_context=True)
def produce_warnings_panel(context: Any) -> str:
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not may(user, VIEW):
        return ""
    try:
        items, count = panel_counts("markets", user, lambda: selectors.open_warnings(user, limit=6))
    except NotVisible:
        return ""
    return SafeString(render_to_string("markets/produce/_workbench_panel.html", {"items": items, "count": count}))
