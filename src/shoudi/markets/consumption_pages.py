"""What the 消费帮扶 pages share (``views_consumption``, ``views_consumption_trade``): the manager check, the
status of a page shown again, whether the user keeps a county's ledgers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shoudi.core.views import actor
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
