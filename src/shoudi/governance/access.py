"""Who may do what in the 积分制 ledgers, on top of the role capabilities (``core.access``).

- ``VIEW_GOVERNANCE`` (village contact, village committee, township, county): red records, balances and rankings
  of their area.
- ``MANAGE_GOVERNANCE`` in the household's village (the 村两委 of that village = its council): everything,
  including yellow and black records. Township and county see their counts only, never the details.
- Points are never a condition for any assistance: this app is read by no part of the mechanism."""

from __future__ import annotations

from typing import Any

from shoudi.core.access import VILLAGE, Capability, NotVisible, can, code_in_user_area, require

VIEW = Capability.VIEW_GOVERNANCE
MANAGE = Capability.MANAGE_GOVERNANCE
NOT_A_CONDITION = "积分不作为享受任何帮扶政策的条件"


def is_council(user: Any, village_code: str) -> bool:
    """The user is the council of ``village_code``: may manage and the village lies in their area."""
    return len(village_code or "") == VILLAGE and can(user, MANAGE) and code_in_user_area(user, village_code)


def require_view(user: Any, area_code: str | None = None) -> None:
    require(user, VIEW, area_code)


def require_council(user: Any, village_code: str) -> None:
    """``NotVisible`` (404) unless the user is the council of ``village_code``."""
    if not is_council(user, village_code):
        raise NotVisible()
