"""What the 消费帮扶 pages share (``views_consumption``, ``views_consumption_trade``, ``views_consumption_fix``): the
manager check, the status of a page shown again, whether the user keeps a county's ledgers, the 删除 part of an
edit page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shoudi.core.views import actor
from shoudi.markets import consumption_removal
from shoudi.markets import forms_consumption as forms
from shoudi.markets import selectors_consumption as selectors
from shoudi.markets.access import MANAGE_CONSUMPTION, may, require_may

LIST_LIMIT = selectors.LIST_LIMIT


def manager(request: HttpRequest) -> Any:
    user = actor(request)
    require_may(user, MANAGE_CONSUMPTION)
    return user


def status_of(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def can_manage(user: Any, county: str | None = None) -> bool:
    return may(user, MANAGE_CONSUMPTION) and (county is None or str(county).startswith(user.area_id or "-"))


def delete_context(obj: Any, what: str, url: str, delete: Any = None) -> dict[str, Any]:
    """What an edit page shows under 删除: the form, or what refers to the row (then it can only be stopped)."""
    blocked = consumption_removal.references_text(obj)
    return {
        "delete_form": None if blocked else (delete or forms.delete_form(what)),
        "delete_blocked": blocked,
        "delete_url": url,
        "delete_what": what,
    }
