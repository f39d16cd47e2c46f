"""``{% rounds_panel %}``: the workbench panel of the open 集中排查 rounds over the user's area — progress, the
villages falling behind, and for a village user the link to their list."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from shoudi.core.access import VILLAGE
from shoudi.core.panelcache import panel_counts
from shoudi.rounds import selectors

register = template.Library()
SHOWN = 10


@register.inclusion_tag("rounds/_workbench_panel.html", takes_context=True)
def rounds_panel(context: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or not selectors.can_read(user):
        return {"show": False}
    return panel_counts("rounds", user, lambda: _panel(user))  # a minute, forgotten on writes (core.panelcache)


def _panel(user: Any) -> dict[str, Any]:
    today = timezone.localdate()
    items = []
    for round_ in selectors.open_rounds(user)[:3]:
        progress = selectors.progress(user, round_, today)
        behind = [v for v in progress.villages if v.overdue or v.due_soon]
        items.append({"progress": progress, "behind": behind[:SHOWN], "behind_count": len(behind)})
    village = user.area_id if len(user.area_id or "") == VILLAGE else ""
    return {"show": bool(items), "items": items, "village": village}
