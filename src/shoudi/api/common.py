"""Small helpers the routers share: who is calling, capability checks, and the services' typed input built
from a validated request body."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from shoudi.core.api import CONFLICT, ERRORS, actor, require_capability
from shoudi.registry.inputs import HouseholdInput, PersonInput
from shoudi.registry.models import Household, Person


def _blank_text_fields(model: Any) -> set[str]:
    return {
        f.name
        for f in model._meta.get_fields()
        if getattr(f, "concrete", False) and f.get_internal_type() == "CharField" and not f.null
    }


_TEXT = {Household: _blank_text_fields(Household), Person: _blank_text_fields(Person)}


def _plain(model: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """Codes as plain strings and ``None`` as "" for text columns, the way the services and models want them."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if value is None and key in _TEXT[model]:
            value = ""
        elif hasattr(value, "value") and isinstance(value.value, str):
            value = value.value
        clean[key] = value
    return clean


def household_input(body: Mapping[str, Any]) -> HouseholdInput:
    """A validated household body (``HouseholdIn`` or its PATCH form, dumped) as the services' input."""
    return cast(HouseholdInput, _plain(Household, body))


def person_input(body: Mapping[str, Any]) -> PersonInput:
    """A validated member body (``PersonIn`` or its PATCH form, dumped) as the services' input."""
    return cast(PersonInput, _plain(Person, body))


__all__ = ["CONFLICT", "ERRORS", "actor", "household_input", "person_input", "require_capability"]
