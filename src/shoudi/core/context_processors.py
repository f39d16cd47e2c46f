from __future__ import annotations

import time
from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from shoudi.core.access import Capability, can

AREA_NAME_SECONDS = 300
_area_names: dict[str, tuple[float, str]] = {}  # area code → (read at, name), per process


class _Capabilities:
    """``{% if perms_can.view_households %}`` in templates asks the user's role."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        # An unknown name raises ValueError, which the template engine does not swallow: a misspelt
        # capability in a template fails the page (and the test that renders it) instead of hiding a button.
        return can(self._user, Capability(name))

    __getitem__ = __getattr__


def capabilities(user: Any) -> _Capabilities:
    return _Capabilities(user)


def area_name(code: str) -> str:
    """The name of the region ``code`` for the page header: read once per process every few minutes, not once
    per page (regions are reference data; a renamed region shows within ``AREA_NAME_SECONDS``)."""
    now = time.monotonic()
    hit = _area_names.get(code)
    if hit is not None and now - hit[0] < AREA_NAME_SECONDS:
        return hit[1]
    region = apps.get_model("regions", "Region")  # core sits below the regions app: no import
    name = region.objects.filter(code=code).values_list("name", flat=True).first() or ""
    _area_names[code] = (now, name)
    return str(name)


def shoudi(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    code = getattr(user, "area_id", None) or ""
    return {
        "SITE_NAME": "守底",
        "SITE_FULL_NAME": "守底 · 防止返贫动态监测和帮扶系统",
        "perms_can": _Capabilities(user),
        "user_area_name": SimpleLazyObject(lambda: area_name(code)) if code else "",
    }
