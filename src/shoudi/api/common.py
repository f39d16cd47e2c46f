"""Small helpers the routers share: who is calling, capability checks, cleaning input for services."""

from __future__ import annotations

from typing import Any

from shoudi.core.api import ERRORS, actor, require_capability
from shoudi.registry.models import Household, Person


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


__all__ = ["ERRORS", "actor", "for_service", "require_capability"]
