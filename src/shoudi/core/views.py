"""What every app's views share."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def actor(request: HttpRequest) -> Any:
    """The signed-in user behind a ``login_required`` view (``accounts.User``; typed loosely, as core sits below
    accounts)."""
    return request.user
