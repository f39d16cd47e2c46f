"""/api/v1/markets/produce/: 农副产品滞销监测预警 — key products (commodities), their period figures (bounded list,
upsert of one period), growers, warnings (list, detail with growers and responses), recording a response,
closing a warning, and starting the check. The same selectors and services as the pages, so the same gate
(``VIEW_MARKETS`` to read, ``RECORD_PRODUCE`` in the county to write), area and checks apply; lists are
bounded (limit ≤ 200)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from shoudi.core.access import NotVisible
from shoudi.core.api import CONFLICT, ERRORS
from shoudi.core.api import actor as _user
from shoudi.markets import jobs_produce, produce, produce_imports
from shoudi.markets import produce_charts as charts
from shoudi.markets import selectors_produce as selectors
from shoudi.markets.api_produce_schemas import (
    MktProduceCheckIn,
    MktProduceCheckOut,
    MktProduceCloseIn,
    MktProduceCommodityIn,
    MktProduceCommodityOut,
    MktProduceCommodityPage,
    MktProduceGrowerIn,
    MktProduceGrowerOut,
    MktProduceImportOut,
    MktProduceObservationIn,
    MktProduceObservationOut,
    MktProduceObservationPage,
    MktProduceResponseIn,
    MktProduceResponseOut,
    MktProduceWarningDetail,
    MktProduceWarningOut,
    MktProduceWarningPage,
    commodity_out,
    observation_out,
    response_out,
    warning_out,
)

router = Router()
MAX_LIMIT = 200
OFFSET = {"ge": 0, "le": 10_000_000}
STATUS = r"^(|active|open|responding|closed)$"
KIND = r"^(|price_fall|stock_high)$"


def _entry(p: MktProduceCommodityIn) -> produce.CommodityInput:
    return produce.CommodityInput(
        name=p.name,
        category=p.category,
        frequency=p.frequency,
        keywords=p.keywords,
        unit=p.unit,
        price_unit=p.price_unit,
        active=p.active,
    )


def _recorder(user: Any, county: str) -> None:
    if not produce.may_record(user, county):
        raise NotVisible()


@router.get("/produce/commodities", response={200: MktProduceCommodityPage, **ERRORS}, summary="重点农产品列表")
def list_commodities(
    request: HttpRequest,
    q: str = Query("", title="名称或别名", max_length=50),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    qs = selectors.commodities(_user(request), text=q.replace("\x00", "").strip())
    return {"count": qs.count(), "items": [commodity_out(c) for c in qs[offset : offset + limit]]}


@router.post("/produce/commodities", response={201: MktProduceCommodityOut, **ERRORS}, summary="登记重点农产品（本县）")
def create_commodity(request: HttpRequest, payload: MktProduceCommodityIn) -> Status:
    user = _user(request)
    selectors.scope(user)
    county = getattr(user, "area_id", "") or ""
    if len(county) != 6:
        raise NotVisible()
    found = produce.commodity_create(by=user, county_code=county, entry=_entry(payload))
    return Status(201, commodity_out(found))


@router.get(
    "/produce/commodities/{commodity_id}", response={200: MktProduceCommodityOut, **ERRORS}, summary="一个重点农产品"
)
def get_commodity(request: HttpRequest, commodity_id: uuid.UUID) -> dict[str, Any]:
    return commodity_out(selectors.access_commodity_by_id(_user(request), commodity_id))


@router.put(
    "/produce/commodities/{commodity_id}", response={200: MktProduceCommodityOut, **ERRORS}, summary="修改重点农产品"
)
def update_commodity(request: HttpRequest, commodity_id: uuid.UUID, payload: MktProduceCommodityIn) -> dict[str, Any]:
    user = _user(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    _recorder(user, commodity.county_id)
    return commodity_out(produce.commodity_update(by=user, commodity=commodity, entry=_entry(payload)))


@router.get(
    "/produce/commodities/{commodity_id}/observations",
    response={200: MktProduceObservationPage, **ERRORS},
    summary="价格产销数据（按期初日期范围）",
)
def list_observations(
    request: HttpRequest,
    commodity_id: uuid.UUID,
    start: dt.date | None = Query(None, title="起始期初日期", ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31)),  # noqa: B008
    end: dt.date | None = Query(None, title="截止期初日期", ge=dt.date(2000, 1, 1), le=dt.date(2100, 12, 31)),  # noqa: B008
    limit: int = Query(100, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    qs = selectors.series_bounded(_user(request), commodity_id, start=start, end=end)
    return {"count": qs.count(), "items": [observation_out(o) for o in qs[offset : offset + limit]]}


@router.put(
    "/produce/commodities/{commodity_id}/observations",
    response={200: MktProduceObservationOut, **ERRORS},
    summary="录入一期价格产销数据（同一期覆盖）",
)
def upsert_observation(
    request: HttpRequest, commodity_id: uuid.UUID, payload: MktProduceObservationIn
) -> dict[str, Any]:
    user = _user(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    _recorder(user, commodity.county_id)
    entry = produce.ObservationInput(**payload.model_dump())
    return observation_out(produce.observation_save(by=user, commodity=commodity, entry=entry))


@router.get(
    "/produce/commodities/{commodity_id}/growers",
    response={200: list[MktProduceGrowerOut], **ERRORS},
    summary="种养主体",
)
def list_growers(request: HttpRequest, commodity_id: uuid.UUID) -> list[dict[str, Any]]:
    user = _user(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    return [_grower(g) for g in charts.grower_rows(selectors.growers(user, commodity))]


def _grower(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["pk"],
        **{k: row[k] for k in ("village", "supplier", "household", "former_poor", "monitored", "scale", "scale_unit")},
    }


@router.post(
    "/produce/commodities/{commodity_id}/growers", response={201: MktProduceGrowerOut, **ERRORS}, summary="登记种养主体"
)
def add_grower(request: HttpRequest, commodity_id: uuid.UUID, payload: MktProduceGrowerIn) -> Status:
    user = _user(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    _recorder(user, commodity.county_id)
    grower = produce.grower_add(by=user, commodity=commodity, entry=produce.GrowerInput(**payload.model_dump()))
    rows = charts.grower_rows([g for g in selectors.growers(user, commodity) if g.pk == grower.pk] or [grower])
    return Status(201, _grower(rows[0]))


@router.delete("/produce/growers/{grower_id}", response={204: None, **ERRORS}, summary="删除种养主体")
def remove_grower(request: HttpRequest, grower_id: int) -> Status:
    user = _user(request)
    grower = selectors.access_grower_by_id(user, grower_id)
    _recorder(user, grower.commodity.county_id)
    produce.grower_remove(by=user, grower=grower)
    return Status(204, None)


@router.get("/produce/warnings", response={200: MktProduceWarningPage, **ERRORS}, summary="滞销预警列表")
def list_warnings(
    request: HttpRequest,
    status: str = Query("", title="处置状态（active 未解除、open、responding、closed）", pattern=STATUS),
    kind: str = Query("", title="预警类型（price_fall、stock_high）", pattern=KIND),
    commodity_id: uuid.UUID | None = Query(None, title="重点农产品编号"),  # noqa: B008
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    qs = selectors.warnings(_user(request), status=status, kind=kind, commodity=commodity_id)
    return {"count": qs.count(), "items": [warning_out(w) for w in qs[offset : offset + limit]]}


def _detail(user: Any, warning_id: Any) -> dict[str, Any]:
    w = selectors.access_warning_by_id(user, warning_id)
    params = charts.rule_params(w.commodity.county_id, w.period_start)
    growers = selectors.growers(user, w.commodity)
    villages = selectors.villages(growers, selectors.related_projects(w.commodity))
    return warning_out(w) | {
        "rule": charts.warning_rule(w, params),
        "growers": [_grower(r) for r in charts.grower_rows(growers)],
        "villages": [v["name"] for v in villages],
        "responses": [response_out(r) for r in w.responses.select_related("buyer")],
    }


@router.get("/produce/warnings/{warning_id}", response={200: MktProduceWarningDetail, **ERRORS}, summary="一条滞销预警")
def get_warning(request: HttpRequest, warning_id: uuid.UUID) -> dict[str, Any]:
    return _detail(_user(request), warning_id)


@router.post(
    "/produce/warnings/{warning_id}/responses", response={201: MktProduceResponseOut, **ERRORS}, summary="登记处置措施"
)
def create_response(request: HttpRequest, warning_id: uuid.UUID, payload: MktProduceResponseIn) -> Status:
    user = _user(request)
    warning = selectors.access_warning_by_id(user, warning_id)
    _recorder(user, warning.commodity.county_id)
    row = produce.response_create(by=user, warning=warning, entry=produce.ResponseInput(**payload.model_dump()))
    return Status(201, response_out(row))


@router.post(
    "/produce/warnings/{warning_id}/close", response={200: MktProduceWarningOut, **CONFLICT}, summary="解除预警"
)
def close_warning(request: HttpRequest, warning_id: uuid.UUID, payload: MktProduceCloseIn) -> dict[str, Any]:
    user = _user(request)
    warning = selectors.access_warning_by_id(user, warning_id)
    _recorder(user, warning.commodity.county_id)
    produce.warning_close(
        by=user, warning=warning, note=payload.note, closed_on=payload.closed_on, version=payload.version
    )
    return warning_out(selectors.access_warning_by_id(user, warning_id))


@router.post("/produce/check", response={202: MktProduceCheckOut, **ERRORS}, summary="运行滞销预警检查（后台任务）")
def start_check(request: HttpRequest, payload: MktProduceCheckIn) -> Status:
    user = _user(request)
    selectors.scope(user)
    county = produce.recorder_county(user)
    done = jobs_produce.start_check(by=user, area_code=county, full=payload.full)
    return Status(202, {"job_id": done.pk})


def _import(request: HttpRequest, what: str, file: UploadedFile) -> Status:
    user = _user(request)
    selectors.scope(user)
    produce.recorder_county(user)
    return Status(202, {"job_id": produce_imports.submit_import(by=user, what=what, upload=file).pk})


@router.post(
    "/produce/imports/series",
    response={202: MktProduceImportOut, **ERRORS},
    summary="导入价格产销数据（后台任务，全部正确才写入；同一期覆盖）",
)
def import_series(request: HttpRequest, file: File[UploadedFile]) -> Status:
    return _import(request, "series", file)


@router.post(
    "/produce/imports/growers",
    response={202: MktProduceImportOut, **ERRORS},
    summary="导入种养主体（后台任务，全部正确才写入；已登记的更新规模）",
)
def import_growers(request: HttpRequest, file: File[UploadedFile]) -> Status:
    return _import(request, "growers", file)
