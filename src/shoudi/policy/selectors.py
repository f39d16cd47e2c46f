"""Reads for the policy pages, scoped to the user's area. Parameters that apply to an area (its county, its
province, the national defaults) are public policy and shown read-only; editing is limited by services."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from shoudi.core.access import Capability, code_in_user_area, in_area
from shoudi.core.models import AuditEntry
from shoudi.policy.keys import NATIONAL, lookup_chain
from shoudi.policy.models import Parameter
from shoudi.regions.models import Level, Region

VIEW_CAPABILITIES = (Capability.EDIT_POLICY, Capability.VIEW_REPORTS)


def can_view(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and any(user.can(c) for c in VIEW_CAPABILITIES))


def can_edit(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.can(Capability.EDIT_POLICY))


def viewable_regions(user: Any) -> list[Region]:
    """The user's own area and, above county level, the counties inside it."""
    area = getattr(user, "area_id", None)
    if not area or not can_view(user):
        return []
    qs = Region.objects.filter(code=area)
    if len(area) < 6:
        qs = qs | Region.objects.filter(in_area("code", area), level=Level.COUNTY)
    return list(qs.order_by("code"))


def editable_regions(user: Any) -> list[Region]:
    """Provinces and counties inside the user's area, for users who may set parameters."""
    area = getattr(user, "area_id", None)
    if not area or not can_edit(user):
        return []
    qs = Region.objects.filter(in_area("code", area), level__in=[Level.PROVINCE, Level.COUNTY])
    return list(qs.order_by("code"))


def simulation_regions(user: Any) -> list[Region]:
    """The user's area and one level of useful parts: counties (above county) or townships (in a county)."""
    area = getattr(user, "area_id", None)
    if not area or not can_view(user):
        return []
    qs = Region.objects.filter(code=area)
    if len(area) < 6:
        qs = qs | Region.objects.filter(in_area("code", area), level=Level.COUNTY)
    elif len(area) == 6:
        qs = qs | Region.objects.filter(in_area("code", area), level=Level.TOWNSHIP)
    return list(qs.order_by("code"))


def region_viewable(user: Any, code: str) -> bool:
    return code_in_user_area(user, code) and can_view(user)


def parameters_applying(region_code: str) -> QuerySet[Parameter]:
    """Every stored record that may apply to ``region_code``: its county, its province, the defaults."""
    return Parameter.objects.filter(region_code__in=lookup_chain(region_code)).select_related("set_by")


def parameter_history(user: Any, *, limit: int = 300) -> QuerySet[AuditEntry]:
    """Changes to parameters that apply in the user's area (theirs, their province's, the defaults)."""
    area = getattr(user, "area_id", None)
    if not area or not can_view(user):
        return AuditEntry.objects.none()
    chain = [c for c in lookup_chain(area) if c != NATIONAL]
    scope = Q(area_code="") | Q(area_code__in=chain) | in_area("area_code", area)
    return (
        AuditEntry.objects.filter(scope, object_type="parameter").select_related("actor").order_by("-at", "-id")[:limit]
    )
