"""/api/v1/key-counties/: 乡村振兴重点帮扶县 — the list of the caller's area, designating and taking off the list,
support measures, the indicators of a year (computed and entered), entering a value, and the evaluation sheet.
The same selectors and services as the pages; a county outside the caller's area is a 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from shoudi.core.access import NotVisible, require
from shoudi.core.api import CONFLICT, ERRORS, actor
from shoudi.keycounties import access, evaluation, selectors, services
from shoudi.keycounties.api_schemas import (
    KcDesignateIn,
    KcFiguresOut,
    KcKeyCountyOut,
    KcKeyCountyPage,
    KcMeasureIn,
    KcMeasureOut,
    KcMeasureUpdateIn,
    KcRemoveIn,
    KcSheetOut,
    KcValueIn,
    KcValueOut,
    figure_out,
    key_county_out,
    measure_out,
    row_out,
    value_out,
)
from shoudi.keycounties.indicators import BY_CODE
from shoudi.keycounties.models import YEAR_MAX, YEAR_MIN

router = Router()
MAX_LIMIT = 200
LEVEL_PATTERN = r"^(national|provincial)?$"


def _year(year: int | None) -> int:
    today = timezone.localdate()
    chosen = year or max(YEAR_MIN, today.year - 1)
    if chosen > today.year:
        raise NotVisible("无此年度的数据")
    return chosen


@router.get("/", response={200: KcKeyCountyPage, **ERRORS}, summary="本辖区的重点帮扶县")
def key_county_list(
    request: HttpRequest,
    level: str = Query("", title="类别：national、provincial", pattern=LEVEL_PATTERN),
    active: str = Query("yes", title="yes 在列、no 已移出、all 全部", pattern=r"^(yes|no|all)$"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = actor(request)
    require(user, access.VIEW)
    qs = selectors.key_county_list(user, level=level, active=active)
    return {"count": qs.count(), "items": [key_county_out(k) for k in qs[offset : offset + limit]]}


@router.post("/", response={201: KcKeyCountyOut, **ERRORS}, summary="认定重点帮扶县（省、市级）")
def key_county_designate(request: HttpRequest, payload: KcDesignateIn) -> Status:
    user = actor(request)
    require(user, access.DESIGNATE)
    entry = services.Designation(
        level=payload.level,
        designated_year=payload.designated_year,
        document_no=payload.document_no,
        source=payload.source,
        active_until=payload.active_until,
    )
    row = services.key_county_designate(by=user, county_code=payload.county_code, entry=entry)
    return Status(201, key_county_out(selectors.access_key_county_by_id(user, row.pk)))


@router.get("/{key_county_id}", response={200: KcKeyCountyOut, **ERRORS}, summary="重点帮扶县详情")
def key_county_detail(request: HttpRequest, key_county_id: uuid.UUID) -> dict[str, Any]:
    return key_county_out(selectors.access_key_county_by_id(actor(request), key_county_id))


@router.post("/{key_county_id}/remove", response={200: KcKeyCountyOut, **CONFLICT}, summary="移出重点帮扶县名单")
def key_county_remove(request: HttpRequest, key_county_id: uuid.UUID, payload: KcRemoveIn) -> dict[str, Any]:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    row = services.key_county_remove(
        by=user,
        key_county=key_county,
        on=payload.removed_on,
        reason=payload.removed_reason,
        expected_version=payload.version,
    )
    return key_county_out(row)


@router.get("/{key_county_id}/measures", response={200: list[KcMeasureOut], **ERRORS}, summary="支持措施")
def measure_list(
    request: HttpRequest, key_county_id: uuid.UUID, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)
) -> list[dict[str, Any]]:
    key_county = selectors.access_key_county_by_id(actor(request), key_county_id)
    return [measure_out(m) for m in selectors.measures_of(key_county, year=year)]


@router.post("/{key_county_id}/measures", response={201: KcMeasureOut, **ERRORS}, summary="登记支持措施（本县）")
def measure_create(request: HttpRequest, key_county_id: uuid.UUID, payload: KcMeasureIn) -> Status:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    row = services.measure_create(by=user, key_county=key_county, entry=services.MeasureInput(**payload.dict()))
    return Status(201, measure_out(row))


@router.put("/measures/{support_measure_id}", response={200: KcMeasureOut, **CONFLICT}, summary="修改支持措施")
def measure_update(request: HttpRequest, support_measure_id: uuid.UUID, payload: KcMeasureUpdateIn) -> dict[str, Any]:
    user = actor(request)
    measure = selectors.access_measure_by_id(user, support_measure_id)
    data = payload.dict()
    version = data.pop("version")
    row = services.measure_update(
        by=user, measure=measure, entry=services.MeasureInput(**data), expected_version=version
    )
    return measure_out(row)


@router.get(
    "/{key_county_id}/indicators",
    response={200: KcFiguresOut, **ERRORS},
    summary="某年度指标：系统计算值、填报值及其来源，缺数据的标出",
)
def indicator_list(
    request: HttpRequest, key_county_id: uuid.UUID, year: int | None = Query(None, ge=YEAR_MIN, le=YEAR_MAX)
) -> dict[str, Any]:
    key_county = selectors.access_key_county_by_id(actor(request), key_county_id)
    chosen = _year(year)
    found = evaluation.figures(key_county, chosen)
    return {
        "key_county_id": key_county.pk,
        "year": chosen,
        "missing": sum(1 for f in found if f.missing),
        "figures": [figure_out(f) for f in found],
    }


@router.post(
    "/{key_county_id}/values",
    response={200: KcValueOut, **CONFLICT},
    summary="填报或更正某年度指标值（须注明来源；系统计算指标的填报值替代计算值）",
)
def value_set(request: HttpRequest, key_county_id: uuid.UUID, payload: KcValueIn) -> dict[str, Any]:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    row = services.value_set(
        by=user,
        key_county=key_county,
        year=payload.year,
        code=payload.code,
        value=payload.value,
        source=payload.source,
        note=payload.note,
        expected_version=payload.version,
    )
    return value_out(row, BY_CODE[row.code].name)


@router.get(
    "/{key_county_id}/evaluation/{year}", response={200: KcSheetOut, **ERRORS}, summary="年度评价表（与上年比较）"
)
def evaluation_sheet(request: HttpRequest, key_county_id: uuid.UUID, year: int) -> dict[str, Any]:
    key_county = selectors.access_key_county_by_id(actor(request), key_county_id)
    if not YEAR_MIN <= year <= timezone.localdate().year:
        raise NotVisible("无此年度的评价表")
    rows = evaluation.sheet(key_county, year)
    return {
        "key_county": key_county_out(key_county),
        "year": year,
        "summary": evaluation.summary(rows),
        "rows": [row_out(r) for r in rows],
        "measures": [measure_out(m) for m in selectors.measures_of(key_county, year=year)],
    }
