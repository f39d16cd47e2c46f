"""What every app's views share."""

from __future__ import annotations

import functools
import uuid
from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def actor(request: HttpRequest) -> Any:
    """The signed-in user behind a ``login_required`` view (``accounts.User``; typed loosely, as core sits below
    accounts)."""
    return request.user


_ANY_ID = uuid.UUID(int=0)


@functools.cache
def link_pattern(name: str) -> str:
    """The URL of the view ``name`` (one id argument) with ``{}`` for the id: a list of 50 rows formats it 50
    times instead of reversing 50 times (``link_pattern("registry:detail").format(pk)``)."""
    return reverse(name, args=[_ANY_ID]).replace(str(_ANY_ID), "{}")
