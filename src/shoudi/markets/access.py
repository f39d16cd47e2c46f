"""Who works on the markets ledgers, on top of the role capabilities (``core.access``): county and township staff
and leaders of the area read them; the county's 乡村振兴 officer and its 农业农村 clerk keep them. No other
department's clerk sees any of it (404)."""

from __future__ import annotations

from typing import Any

from shoudi.accounts.roles import Department, may_in_department
from shoudi.core.access import Capability, NotVisible, require

VIEW = Capability.VIEW_MARKETS
MANAGE_CONSUMPTION = Capability.MANAGE_CONSUMPTION
RECORD_PRODUCE = Capability.RECORD_PRODUCE

AGRICULTURE = Department.AGRICULTURE


def may(user: Any, capability: Capability) -> bool:
    """The role holds ``capability`` and, for a department clerk, the department is 农业农村."""
    return may_in_department(user, capability, AGRICULTURE)


def require_may(user: Any, capability: Capability, area_code: str | None = None) -> None:
    """``NotVisible`` (404) unless the user may (in ``area_code``, when given)."""
    if not may(user, capability):
        raise NotVisible()
    require(user, capability, area_code)
