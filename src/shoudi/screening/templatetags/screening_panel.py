"""The workbench panel of registry-update tasks (户籍变动待办) for those who update the base database."""

from __future__ import annotations

from typing import Any

from django import template

from shoudi.screening import selectors
from shoudi.screening.registry_tasks import CAPABILITY

register = template.Library()


@register.inclusion_tag("screening/_workbench_panel.html", takes_context=True)
def registry_tasks_panel(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.can(CAPABILITY):
        return {"show": False}
    return {"show": True, "open_tasks": selectors.open_registry_task_count(user)}
