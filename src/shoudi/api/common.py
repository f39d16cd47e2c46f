"""Small helpers the routers share: who is calling, capability checks, cleaning input for services."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from shoudi.api.schemas import ErrorOut
from shoudi.core.access import Capability, require
from shoudi.registry.models import Household, Person

ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def actor(request: HttpRequest) -> Any:
    """The authenticated user, by session or by token (ninja puts it on ``request.auth``)."""
    return request.auth  # type: ignore[attr-defined]


def require_capability(request: HttpRequest, capability: Capability) -> Any:
    """The caller, or 404 if their role lacks ``capability`` ("not allowed" looks like "not found")."""
    user = actor(request)
    require(user, capability)
    return user


def _blank_text_fields(model: Any) -> set[str]:
    return {
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False) and f.get_internal_type() == "CharField" and not f.null
    }


_TEXT = {Household: _blank_text_fields(Household), Person: _blank_text_fields(Person)}


def for_service(model: Any, data: dict[str, Any]) -> dict[str, Any]:
    """Codes as plain strings and ``None`` as "" for text columns, the way the services and models want them."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if value is None and key in _TEXT[model]:
            value = ""
        elif hasattr(value, "value") and isinstance(value.value, str):
            value = value.value
        clean[key] = value
    return clean
