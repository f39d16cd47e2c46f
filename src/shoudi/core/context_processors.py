from __future__ import annotations

from typing import Any

from django.http import HttpRequest


class _Capabilities:
    """``{% if perms_can.view_households %}`` in templates asks the user's role."""

    def __init__(self, user: Any) -> None:
        self._user = user

    def __getattr__(self, capability: str) -> bool:
        can = getattr(self._user, "can", None)
        return bool(can and getattr(self._user, "is_authenticated", False) and can(capability))

    __getitem__ = __getattr__


def shoudi(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "守底",
        "SITE_FULL_NAME": "守底 · 防止返贫动态监测和帮扶系统",
        "perms_can": _Capabilities(getattr(request, "user", None)),
    }
