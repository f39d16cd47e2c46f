"""Who works on the jobs ledgers, on top of the role capabilities (``core.access``).

- Village, township and county roles and helper cadres work on their own area's labour force; the 人社 clerk of
  the county keeps the job database, the matching, the workshops and the 公益性岗位 — no other department's
  clerk sees any of it.
- Leaders read the counts in the reports, not the ledgers (ID numbers and phones stay masked for everyone who
  does not hold ``REVEAL_ID``)."""

from __future__ import annotations

from typing import Any

from shoudi.accounts.roles import Department, may_in_department
from shoudi.core.access import Capability, NotVisible, require

VIEW = Capability.VIEW_EMPLOYMENT
RECORD_WORK = Capability.RECORD_WORK
MANAGE_JOBS = Capability.MANAGE_JOBS
MANAGE_POSTS = Capability.MANAGE_POSTS
RECORD_POST_PAY = Capability.RECORD_POST_PAY
RECORD_RELIEF_WORK = Capability.RECORD_RELIEF_WORK

HUMAN_RESOURCES = Department.HUMAN_RESOURCES


def may(user: Any, capability: Capability) -> bool:
    """The role holds ``capability`` and, for a department clerk, the department is 人社."""
    return may_in_department(user, capability, HUMAN_RESOURCES)


def require_may(user: Any, capability: Capability, area_code: str | None = None) -> None:
    """``NotVisible`` (404) unless the user may (in ``area_code``, when given)."""
    if not may(user, capability):
        raise NotVisible()
    require(user, capability, area_code)
