"""Reads of reports: the areas a user may report on, stored reports and schemes, all scoped to the user."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from shoudi.core.access import Capability, code_in_user_area, covering_codes, require, user_area_q
from shoudi.regions.models import Region
from shoudi.reports.models import AssessmentScheme, Report


def access_area(user: Any, code: str | None, capability: Capability = Capability.VIEW_REPORTS) -> Region:
    """The region ``code`` if the user may see reports of it (inside their area); 404 otherwise."""
    require(user, capability)
    code = code or getattr(user, "area_id", None) or ""
    if not code.isdigit() or not code_in_user_area(user, code):
        raise Http404("未找到该区域")
    region = Region.objects.filter(pk=code).first()
    if region is None:
        raise Http404("未找到该区域")
    return region


def reports_visible(user: Any) -> QuerySet[Report]:
    require(user, Capability.VIEW_REPORTS)
    return Report.objects.filter(user_area_q(user, "area_id")).select_related("area", "created_by")


def access_report_by_id(user: Any, report_id: Any) -> Report:
    try:
        key = uuid.UUID(str(report_id))
    except ValueError:
        raise Http404("未找到该报表") from None
    report = reports_visible(user).filter(pk=key).first()
    if report is None:
        raise Http404("未找到该报表")
    return report


def scheme_for(area: Region, year: int) -> AssessmentScheme | None:
    """The scheme of the year set by the area itself or the nearest area above it."""
    codes = covering_codes(area.code)
    schemes = AssessmentScheme.objects.filter(year=year, area_id__in=codes).prefetch_related("items")
    return max(schemes, key=lambda s: len(s.area_id), default=None)
