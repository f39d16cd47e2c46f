"""Reads of reports: the areas a user may report on, stored reports and appraisal schemes, all scoped to the
user."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from shoudi.core.access import (
    Capability,
    NotVisible,
    code_in_user_area,
    covering_codes,
    get_visible_or_404,
    require,
    user_area_q,
)
from shoudi.regions.models import Region
from shoudi.reports.models import AppraisalScheme, Report


def access_area(user: Any, code: str | None, capability: Capability = Capability.VIEW_REPORTS) -> Region:
    """The region ``code`` if the user may see reports of it (inside their area); 404 otherwise."""
    require(user, capability)
    code = code or getattr(user, "area_id", None) or ""
    if not code.isdigit() or not code_in_user_area(user, code):
        raise NotVisible("未找到该区域")
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise NotVisible("未找到该区域")
    return region


def reports_visible(user: Any) -> QuerySet[Report]:
    require(user, Capability.VIEW_REPORTS)
    return Report.objects.filter(user_area_q(user, "area_id")).select_related("area", "created_by", "job")


def access_report_by_id(user: Any, report_id: Any) -> Report:
    return get_visible_or_404(reports_visible(user), report_id)


def scheme_for(area: Region, year: int) -> AppraisalScheme | None:
    """The appraisal scheme of the year set by the area itself or the nearest area above it."""
    codes = covering_codes(area.code)
    schemes = AppraisalScheme.objects.filter(year=year, area_id__in=codes).prefetch_related("items")
    return max(schemes, key=lambda s: len(s.area_id), default=None)
