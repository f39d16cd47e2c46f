"""``{% my_households_panel %}``: a helper cadre's workbench list "我的结对户" with the visits they owe."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.pairing.selectors import my_households

register = template.Library()


@register.inclusion_tag("pairing/_workbench_panel.html", takes_context=True)
def my_households_panel(context: Any) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.HELPER_CADRE:
        return {"show": False}
    return {"show": True, "rows": my_households(user, timezone.localdate())}
