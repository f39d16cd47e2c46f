"""报表与考核 API: indicator definitions, indicator values of an area and period, stored reports, the appraisal
(考核: a ranking, or 好/中/差 grades where the scheme or the local rule says so).

Other government systems read the same figures as the pages; every area parameter is checked against the
caller's area (outside → 404)."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema

from shoudi.core.access import Capability, require
from shoudi.core.api import ERRORS
from shoudi.core.api import actor as _user
from shoudi.reports import appraisal
from shoudi.reports.generator import generate
from shoudi.reports.indicators import INDICATORS
from shoudi.reports.models import Mode, Report
from shoudi.reports.periods import Period
from shoudi.reports.selectors import access_area, access_report_by_id, reports_visible, scheme_for

router = Router()


class IndicatorTargetOut(Schema):
    value: float
    year: int | None
    op: str
    text: str
    source: str


class IndicatorOut(Schema):
    code: str
    name: str
    unit: str
    formula: str
    source: str
    section: str
    version: int
    dims: list[list[str]] | None
    target: IndicatorTargetOut | None


class AreaValues(Schema):
    code: str
    name: str
    values: dict[str, Any]


class IndicatorValuesOut(Schema):
    area: str
    area_name: str
    period: str
    data_time: str
    identification_days: int
    versions: dict[str, int]
    rows: list[AreaValues]
    total: dict[str, Any]


class ReportOut(Schema):
    id: uuid.UUID
    kind: str
    area: str
    period: str
    status: str
    data_time: str | None
    indicator_versions: dict[str, int]
    content: dict[str, Any]


class RankOut(Schema):
    rank: int
    code: str
    name: str
    score: float
    parts: list[dict[str, Any]]


class AppraisalGradeOut(Schema):
    grade: str
    grade_label: str
    code: str
    name: str
    score: float
    parts: list[dict[str, Any]]


class AppraisalThresholdsOut(Schema):
    good_from: float
    fair_from: float
    full_score: float
    source: str


class AppraisalOut(Schema):
    """A ranked appraisal fills ``ranking``; a graded one (好/中/差, never ranked) fills ``grades`` by area code."""

    area: str
    year: int
    scheme: str
    mode: str
    mode_label: str
    thresholds: AppraisalThresholdsOut | None
    items: list[dict[str, Any]]
    ranking: list[RankOut]
    grades: list[AppraisalGradeOut]


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="指标目录")
def indicator_catalogue(request: HttpRequest) -> list[dict[str, Any]]:
    require(_user(request), Capability.VIEW_REPORTS)
    out = []
    for i in INDICATORS:
        target = None
        if i.target is not None:
            t = i.target
            target = {"value": t.value, "year": t.year, "op": t.op, "text": t.text, "source": t.source}
        out.append(
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "formula": i.formula,
                "source": i.source,
                "section": i.section,
                "version": i.version,
                "dims": None if i.dims is None else [list(d) for d in i.dims],
                "target": target,
            }
        )
    return out


def _values(result: Any, group: str | None) -> Any:
    if result.indicator.scalar:
        return result.value(group)
    return {dim: result.value(group, dim) for dim, _label in result.dims()}


@router.get("/areas/{code}/indicators", response={200: IndicatorValuesOut, **ERRORS}, summary="区域指标值")
def area_indicators(request: HttpRequest, code: str, period: str = "", only: str = "") -> dict[str, Any]:
    """``period``: "2026-10" (month) or "2026" (year), default this month; ``only``: comma-separated codes."""
    area = access_area(_user(request), code)
    parsed = Period.parse(period or None, default=timezone.localdate())
    codes = [c.strip() for c in only.split(",") if c.strip()] or None
    from shoudi.reports.indicators import BY_CODE

    if codes and (unknown := [c for c in codes if c not in BY_CODE]):
        raise ValidationError({"only": f"指标代码 {', '.join(unknown)[:60]} 不在指标目录中"})
    g = generate(area, parsed, codes=codes)
    return {
        "area": area.code,
        "area_name": area.name,
        "period": parsed.key,
        "data_time": g.data_time.isoformat(),
        "identification_days": g.identification_days,
        "versions": g.versions,
        "rows": [
            {"code": r.code, "name": r.name, "values": {c: _values(res, r.code) for c, res in g.results.items()}}
            for r in g.rows
        ],
        "total": {c: _values(res, None) for c, res in g.results.items()},
    }


def _report(r: Report) -> dict[str, Any]:
    return {
        "id": r.pk,
        "kind": r.kind,
        "area": r.area_id,
        "period": r.period,
        "status": r.status,
        "data_time": r.data_time.isoformat() if r.data_time else None,
        "indicator_versions": r.indicator_versions,
        "content": r.content,
    }


@router.get("/areas/{code}/reports", response={200: list[ReportOut], **ERRORS}, summary="区域已生成的报表")
def area_reports(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    area = access_area(_user(request), code)
    return [_report(r) for r in reports_visible(_user(request)).filter(area=area).order_by("-created_at")[:50]]


@router.get("/reports/{report_id}", response={200: ReportOut, **ERRORS}, summary="一份报表")
def report_get(request: HttpRequest, report_id: uuid.UUID) -> dict[str, Any]:
    return _report(access_report_by_id(_user(request), report_id))


@router.get("/areas/{code}/appraisal", response={200: AppraisalOut, **ERRORS}, summary="考核结果（排名或等次）")
def area_appraisal(
    request: HttpRequest, code: str, year: int = Query(0, ge=0, le=2100, title="考核年度（0 为今年）")
) -> dict[str, Any]:
    area = access_area(_user(request), code)
    year = year if 2021 <= year <= 2100 else timezone.localdate().year
    scheme = scheme_for(area, year)
    result = appraisal.appraise(area, year, scheme)
    thresholds = None
    if result.graded and result.good_from is not None and result.fair_from is not None:
        thresholds = {
            "good_from": float(result.good_from),
            "fair_from": float(result.fair_from),
            "full_score": float(result.full_score),
            "source": result.rule.source if result.rule else "",
        }
    rows = [{"code": r.region.code, "name": r.region.name, "score": r.score, "parts": r.parts} for r in result.rows]
    return {
        "area": area.code,
        "year": year,
        "scheme": scheme.name if scheme else "默认方案",
        "mode": result.mode,
        "mode_label": Mode(result.mode).label,
        "thresholds": thresholds,
        "items": [
            {"indicator": i.indicator, "weight": i.weight, "direction": i.direction, "target": i.target}
            for i in result.items
        ],
        "ranking": [] if result.graded else [{"rank": r.rank, **row} for r, row in zip(result.rows, rows, strict=True)],
        "grades": [
            {"grade": r.grade, "grade_label": r.grade_label, **row}
            for r, row in zip(result.rows, rows, strict=True)
            if result.graded
        ],
    }
