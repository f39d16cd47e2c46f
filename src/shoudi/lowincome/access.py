"""Who works on the low-income register, on top of the role capabilities (``core.access``).

- The register (layers, referrals, follow-ups) is seen by the village, township and county roles and helper
  cadres of the area, and by the **民政** clerk of the county — not by other departments' clerks, who see only
  the 待落实 items of their own department (``ENTITLEMENT_DEPARTMENTS``).
- Deciding (recording a layer, deciding a referral, an outcome other than 继续保留) is 民政's: a department
  clerk whose department is 民政.
- Leaders read the counts in the reports, not the register."""

from __future__ import annotations

from typing import Any

from shoudi.accounts.roles import Department, Role
from shoudi.core.access import Capability, NotVisible, can, require

VIEW = Capability.VIEW_LOW_INCOME
REFER = Capability.REFER_LOW_INCOME
DECIDE = Capability.DECIDE_LOW_INCOME
FOLLOW_UP = Capability.FOLLOW_UP_LOW_INCOME
DELIVER = Capability.DELIVER_ENTITLEMENTS

CIVIL_AFFAIRS = Department.CIVIL_AFFAIRS
# The departments that deliver the entitlements a layer brings (seed 003).
ENTITLEMENT_DEPARTMENTS = frozenset({Department.MEDICAL_INSURANCE, Department.EDUCATION})


def _clerk_of(user: Any, department: str) -> bool:
    return getattr(user, "role", "") == Role.DEPT_CLERK and getattr(user, "department", "") == department


def is_clerk(user: Any) -> bool:
    return getattr(user, "role", "") == Role.DEPT_CLERK


def may(user: Any, capability: Capability) -> bool:
    """The role holds ``capability`` and, for a department clerk, the department is the right one."""
    if not can(user, capability):
        return False
    if not is_clerk(user):
        return True
    if capability == DELIVER:
        return getattr(user, "department", "") in ENTITLEMENT_DEPARTMENTS
    return _clerk_of(user, CIVIL_AFFAIRS)


def may_view_register(user: Any) -> bool:
    return may(user, VIEW)


def may_decide(user: Any) -> bool:
    return may(user, DECIDE)


def require_may(user: Any, capability: Capability, area_code: str | None = None) -> None:
    """``NotVisible`` (404) unless the user may (in ``area_code``, when given)."""
    if not may(user, capability):
        raise NotVisible()
    require(user, capability, area_code)
