"""Who works on the cooperation ledgers, on top of the role capabilities (``core.access``).

- ``VIEW``: the 村两委 / 驻村工作队 of a village (its own 驻村 and 万企兴万村 pairings), townships (their villages'
  pairings), the county and the city leader (read-only) — each within their area (the pairing's ``area``).
- ``MANAGE``: the county 乡村振兴局 records pairings, targets and every flow of its county's pairings."""

from __future__ import annotations

from typing import Any

from shoudi.core.access import Capability, can, require

VIEW = Capability.VIEW_COOPERATION
MANAGE = Capability.MANAGE_COOPERATION


def may(user: Any, capability: Capability) -> bool:
    return can(user, capability)


def require_manage(user: Any, area_code: str | None = None) -> None:
    """``NotVisible`` (404) unless ``user`` may record cooperation in ``area_code``."""
    require(user, MANAGE, area_code)
