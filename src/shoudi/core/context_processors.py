from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shoudi.core.access import Capability, can


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


def shoudi(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "守底",
        "SITE_FULL_NAME": "守底 · 防止返贫动态监测和帮扶系统",
        "perms_can": _Capabilities(getattr(request, "user", None)),
    }
