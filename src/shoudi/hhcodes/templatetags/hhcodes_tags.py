"""``{% hhcodes_nav %}``: the menu entry 一户一码, for who may issue and print the codes; ``{% hhcodes_panel %}``:
the village contact's workbench panel — the village's scan reports of the last 14 days, each with its lead."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html

from shoudi.accounts.roles import Role
from shoudi.core.access import VILLAGE, Capability, can
from shoudi.core.panelcache import panel_counts
from shoudi.hhcodes import selectors as sel
from shoudi.hhcodes.presenters import masked_name

register = template.Library()


def _user(context: Any) -> Any:
    user = context.get("user")
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@register.simple_tag(takes_context=True)
def hhcodes_nav(context: Any) -> str:
    user = context.get("user")
    if user is None or not can(user, Capability.MANAGE_HOUSEHOLD_CODES):
        return ""
    return format_html('<li><a href="{}">一户一码</a></li>', reverse("hhcodes:index"))


@register.inclusion_tag("hhcodes/_workbench_panel.html", takes_context=True)
def hhcodes_panel(context: Any) -> dict[str, Any]:
    """Shown to a village contact (of a village) when their village has scan reports of the last 14 days: the
    date, the head's masked name, the kind of trouble, the lead's status (a link to the lead)."""
    user = _user(context)
    area = getattr(user, "area_id", "") or ""
    if (
        user is None
        or getattr(user, "role", "") != Role.VILLAGE_CONTACT
        or len(area) != VILLAGE
        or not can(user, Capability.MANAGE_HOUSEHOLD_CODES)
    ):
        return {"show": False}

    def compute() -> list[dict[str, Any]]:
        rows = sel.recent_reports(area)
        for row in rows:
            row["head"] = masked_name(row["head"])
        return rows

    rows = panel_counts("hhcodes", user, compute)
    return {"show": bool(rows), "rows": rows, "code": area, "days": sel.PANEL_DAYS, "limit": sel.PANEL_LIMIT}
