"""Reads of the 待落实 items and of the register's counts, scoped to the reader.

- Items: a 医保 or 教育 clerk sees the items of their own department in their county; the roles that see the
  register (village, township, county, helper cadres, the 民政 clerk) see every item of their area. Anyone
  else sees none, and an item outside what one sees is a 404.
- Settling is the responsible department's clerk's (``may_settle``); running the check (核对) is the county
  officer's (``may_check``: refers to 民政 and works at county level or above).
- The report page (``may_view_report``): the register's roles and the report readers (leaders too: counts only).
- The export (``may_export``): the roles that export households, and the 民政 clerk.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from shoudi.core.access import COUNTY, VILLAGE, Capability, NotVisible, can, get_visible_or_404, in_area, user_area_q
from shoudi.lowincome import codes
from shoudi.lowincome.access import CIVIL_AFFAIRS, DELIVER, ENTITLEMENT_DEPARTMENTS, REFER, VIEW, is_clerk, may
from shoudi.lowincome.counts import row_length
from shoudi.lowincome.entitlement_rules import DEPARTMENT
from shoudi.lowincome.models import Entitlement
from shoudi.regions.models import LEVEL_BY_CODE_LENGTH, Level, Region

Status = codes.EntitlementStatus


def department_of(user: Any) -> str:
    """The department a delivering clerk works for ("" for anyone else)."""
    department = getattr(user, "department", "") or ""
    return department if is_clerk(user) and department in ENTITLEMENT_DEPARTMENTS else ""


def may_list(user: Any) -> bool:
    return bool(getattr(user, "area_id", None)) and (may(user, VIEW) or may(user, DELIVER))


def require_list(user: Any) -> None:
    if not may_list(user):
        raise NotVisible()


def entitlements_visible(user: Any) -> QuerySet[Entitlement]:
    if not may_list(user):
        return Entitlement.objects.none()
    qs = Entitlement.objects.filter(user_area_q(user, "village_id"))
    department = department_of(user)
    return qs.filter(department=department) if department else qs


def access_entitlement_by_id(user: Any, item_id: Any) -> Entitlement:
    qs = entitlements_visible(user).select_related("person", "household", "village", "updated_by")
    return get_visible_or_404(qs, item_id)


def entitlement_list(
    user: Any, *, status: str = "", kind: str = "", year: int | None = None, township: str = ""
) -> QuerySet[Entitlement]:
    """The user's items, filtered; open ones first, the newest found first. A filter value outside the code
    lists (or a township outside the area) matches nothing rather than failing."""
    qs = entitlements_visible(user)
    if status:
        qs = qs.filter(status=status) if status in Status.values else qs.none()
    if kind:
        qs = qs.filter(kind=kind) if kind in codes.EntitlementKind.values else qs.none()
    if year:
        qs = qs.filter(year=year)
    if township:
        qs = qs.filter(in_area("village_id", township)) if len(township) == 9 else qs.none()
    return qs.select_related("person", "household", "village").order_by("status", "-found_on", "village_id", "kind")


def kinds_for(user: Any) -> list[tuple[str, str]]:
    """The kinds a user's list may hold: a clerk's department's, or all."""
    department = department_of(user)
    return [(k.value, k.label) for k in codes.EntitlementKind if not department or DEPARTMENT[k] == department]


def townships_for(user: Any) -> QuerySet[Region]:
    area = getattr(user, "area_id", "") or ""
    if not area or len(area) > COUNTY:
        return Region.objects.none()
    return Region.objects.filter(user_area_q(user, "code"), level=Level.TOWNSHIP).order_by("code")


def may_settle(user: Any, item: Entitlement) -> bool:
    return item.status == Status.OPEN and may(user, DELIVER) and department_of(user) == item.department


def may_check(user: Any) -> bool:
    """The county officer (or a city's): refers households to 民政 and works at county level or above."""
    area = getattr(user, "area_id", "") or ""
    return bool(area) and len(area) <= COUNTY and may(user, REFER)


def require_check(user: Any, area_code: str) -> None:
    if not may_check(user):
        raise NotVisible()
    if not in_user_area(user, area_code):
        raise NotVisible()


def in_user_area(user: Any, code: str) -> bool:
    area = getattr(user, "area_id", "") or ""
    return bool(area) and bool(code) and code.isdigit() and code.startswith(area)


def reveal(user: Any) -> bool:
    return can(user, Capability.REVEAL_ID)


def workbench_count(user: Any) -> int:
    """The open items on the workbench of a 医保 / 教育 clerk (their department's) and a county officer (all of
    the area); 0 for anyone else."""
    if not (department_of(user) or may_check(user)):
        return 0
    return entitlements_visible(user).filter(status=Status.OPEN).count()


def status_counts(user: Any, **filters: Any) -> dict[str, int]:
    """The user's items by status (one aggregate query)."""
    qs = entitlements_visible(user).filter(**filters)
    return qs.aggregate(**{s: Count("id", filter=Q(status=s)) for s in Status.values})


# ---- the report and the export -------------------------------------------------------------------------------


def is_civil_clerk(user: Any) -> bool:
    return is_clerk(user) and getattr(user, "department", "") == CIVIL_AFFAIRS


def may_view_report(user: Any) -> bool:
    return bool(getattr(user, "area_id", None)) and (may(user, VIEW) or can(user, Capability.VIEW_REPORTS))


def require_report(user: Any) -> None:
    if not may_view_report(user):
        raise NotVisible()


def may_export(user: Any) -> bool:
    if not getattr(user, "area_id", None) or not may(user, VIEW):
        return False
    return can(user, Capability.EXPORT_HOUSEHOLDS) or is_civil_clerk(user)


def require_export(user: Any) -> None:
    if not may_export(user):
        raise NotVisible()


def report_areas(user: Any) -> list[tuple[str, str]]:
    """The areas a user may read the counts of: their own and the areas of its report rows (a city's
    counties, a county's townships, a township's villages)."""
    area = getattr(user, "area_id", "") or ""
    own = Region.objects.filter(code=area).first()
    if own is None:
        return []
    if len(area) >= VILLAGE:
        return [(own.code, own.name)]
    level = LEVEL_BY_CODE_LENGTH[row_length(area)]
    children = Region.objects.filter(in_area("code", area), level=level).exclude(code=area).order_by("code")
    return [(own.code, own.name), *((r.code, r.name) for r in children)]


def report_area(user: Any, code: str) -> Region:
    """``code`` (default: the user's own area) when it lies in the user's area, else 404."""
    code = (code or getattr(user, "area_id", "") or "").strip()
    if not in_user_area(user, code):
        raise NotVisible()
    found = Region.objects.filter(code=code).first()
    if found is None:
        raise NotVisible()
    return found


def default_year(today: dt.date) -> int:
    return today.year
