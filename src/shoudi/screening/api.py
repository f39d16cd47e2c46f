"""筛查预警 API: run a screening, run history, fuzzy-match candidates, register updates (户籍变动待办).
Mounted at /api/v1/screening/."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.registry.idnumber import mask
from shoudi.screening import presenters, register_updates, selectors, services

router = Router()


class RunIn(InputSchema):
    area: str = Field(max_length=12, title="区划代码")
    as_of: dt.date = Field(title="筛查日期")
    engine: Literal["duckdb", "postgres", "spark"] = Field("duckdb", title="计算引擎")


class DecisionIn(InputSchema):
    confirm: bool = Field(title="确认（否则否决）")


@router.get("/runs", response={200: list[dict[str, Any]], **ERRORS}, summary="筛查记录")
def runs(request: HttpRequest) -> list[dict[str, Any]]:
    return [presenters.run_out(r) for r in selectors.run_list(_user(request))[:100]]


@router.post("/runs", response={202: dict[str, Any], **ERRORS}, summary="提交筛查（后台运行）")
def run_start(request: HttpRequest, payload: RunIn) -> Status:
    run = services.run_create(by=_user(request), area_code=payload.area, as_of=payload.as_of, engine=payload.engine)
    return Status(202, presenters.run_out(run))


@router.get("/runs/{run_id}", response={200: dict[str, Any], **ERRORS}, summary="一次筛查的结果")
def run_get(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    return presenters.run_out(selectors.access_run_by_id(_user(request), run_id))


def candidate_out(c: Any) -> dict[str, Any]:
    return {
        "id": str(c.pk),
        "source": c.record.source,
        "record_name": c.record.name,
        "record_id_number": mask(c.record.id_number),
        "person_id": str(c.person_id),
        "person_name": c.person.name,
        "person_id_number": mask(c.person.id_number),
        "household_number": c.person.household.number,
        "score": c.score,
        "status": c.status,
    }


@router.get("/matches", response={200: list[dict[str, Any]], **ERRORS}, summary="待确认的疑似匹配")
def matches(request: HttpRequest) -> list[dict[str, Any]]:
    return [candidate_out(c) for c in selectors.candidate_list(_user(request))[:200]]


@router.post("/matches/{candidate_id}", response={200: dict[str, Any], **CONFLICT}, summary="确认或否决疑似匹配")
def match_decide(request: HttpRequest, candidate_id: uuid.UUID, payload: DecisionIn) -> dict[str, Any]:
    user = _user(request)
    candidate = selectors.access_candidate_by_id(user, candidate_id)
    return candidate_out(services.candidate_decide(by=user, candidate=candidate, confirm=payload.confirm))


# ---- register updates (户籍变动待办) ------------------------------------------------------------------------


class RegisterUpdateOut(Schema):
    id: str
    household_id: str
    household_number: str
    village_code: str
    village_name: str
    person_id: str | None
    name: str
    id_number: str = Field(title="身份证号（脱敏）")
    kind: str
    kind_label: str
    on: dt.date | None
    status: str
    status_label: str
    what_to_do: str
    batch_id: str | None
    batch_label: str
    note: str
    closed_at: dt.datetime | None
    closed_by: str


class RegisterUpdateCloseIn(InputSchema):
    outcome: Literal["done", "not_applicable"] = Field(title="办结方式：已更新或不适用")
    note: str = Field("", max_length=500, title="办结说明（已更新时可不填）")
    reason: str = Field("", max_length=500, title="不适用的原因（不适用时必填）")


def _update_outs(updates: list[Any]) -> list[dict[str, Any]]:
    records = selectors.register_update_records(updates)
    return [presenters.register_update_row(u, records.get(u.record_id)) for u in updates]


@router.get("/register-updates", response={200: list[RegisterUpdateOut], **ERRORS}, summary="户籍变动待办（本区域）")
def register_update_list(
    request: HttpRequest,
    village: str = "",
    status: Literal["open", "done", "not_applicable", "all"] = "open",
    limit: int = Query(200, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[dict[str, Any]]:
    qs = selectors.register_update_list(_user(request), village=village, status="" if status == "all" else status)
    return _update_outs(list(qs[offset : offset + limit]))


@router.get(
    "/register-updates/{register_update_id}", response={200: RegisterUpdateOut, **ERRORS}, summary="一个户籍变动待办"
)
def register_update_get(request: HttpRequest, register_update_id: uuid.UUID) -> dict[str, Any]:
    return _update_outs([selectors.access_register_update_by_id(_user(request), register_update_id)])[0]


@router.post(
    "/register-updates/{register_update_id}/close",
    response={200: RegisterUpdateOut, **CONFLICT},
    summary="办结户籍变动待办",
)
def register_update_close(
    request: HttpRequest, register_update_id: uuid.UUID, payload: RegisterUpdateCloseIn
) -> dict[str, Any]:
    """``done``: the change is in the base database (``note`` optional). ``not_applicable``: nothing to
    change, with the ``reason`` (required). An update already closed answers 409."""
    user = _user(request)
    update = selectors.access_register_update_by_id(user, register_update_id)
    if payload.outcome == "done":
        register_updates.register_update_complete(by=user, update=update, note=payload.note)
    else:
        register_updates.register_update_dismiss(by=user, update=update, reason=payload.reason)
    return _update_outs([selectors.access_register_update_by_id(user, register_update_id)])[0]
