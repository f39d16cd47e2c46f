"""筛查预警 API: run a screening, run history, fuzzy-match candidates, registry-update tasks (户籍变动待办).
Mounted at /api/v1/screening/."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Router, Schema

from shoudi.registry.idnumber import mask
from shoudi.screening import presenters, registry_tasks, selectors, services

router = Router()


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


class RunIn(Schema):
    area: str
    as_of: dt.date
    engine: str = "duckdb"


class DecisionIn(Schema):
    confirm: bool


@router.get("/runs", summary="筛查记录")
def runs(request: HttpRequest) -> list[dict[str, Any]]:
    return [presenters.run_out(r) for r in selectors.run_list(_user(request))[:100]]


@router.post("/runs", response={202: dict}, summary="提交筛查（后台运行）")
def run_start(request: HttpRequest, payload: RunIn) -> tuple[int, dict[str, Any]]:
    run = services.run_create(by=_user(request), area_code=payload.area, as_of=payload.as_of, engine=payload.engine)
    return 202, presenters.run_out(run)


@router.get("/runs/{run_id}", summary="一次筛查的结果")
def run_get(request: HttpRequest, run_id: uuid.UUID) -> dict[str, Any]:
    run = selectors.access_run_by_id(_user(request), run_id)
    run.refresh_from_db()
    return presenters.run_out(run)


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


@router.get("/matches", summary="待确认的疑似匹配")
def matches(request: HttpRequest) -> list[dict[str, Any]]:
    return [candidate_out(c) for c in selectors.candidate_list(_user(request))[:200]]


@router.post("/matches/{candidate_id}", summary="确认或否决疑似匹配")
def match_decide(request: HttpRequest, candidate_id: uuid.UUID, payload: DecisionIn) -> dict[str, Any]:
    user = _user(request)
    candidate = selectors.access_candidate_by_id(user, candidate_id)
    return candidate_out(services.candidate_decide(by=user, candidate=candidate, confirm=payload.confirm))


# ---- registry-update tasks (户籍变动待办) ------------------------------------------------------------------


class RegistryTaskOut(Schema):
    id: str
    household_id: str
    household_number: str
    village_code: str
    village_name: str
    person_id: str | None
    name: str
    id_number: str  # masked
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


class RegistryTaskCloseIn(Schema):
    outcome: Literal["done", "not_applicable"]
    note: str = ""  # done: an optional note
    reason: str = ""  # not_applicable: why (required)


def _task_outs(tasks: list[Any]) -> list[dict[str, Any]]:
    records = selectors.registry_task_records(tasks)
    return [registry_tasks.task_row(t, records.get(t.record_id)) for t in tasks]


@router.get("/tasks", response=list[RegistryTaskOut], summary="户籍变动待办（本区域）")
def registry_task_list(
    request: HttpRequest,
    village: str = "",
    status: Literal["open", "done", "not_applicable", "all"] = "open",
    limit: int = 200,
    offset: int = 0,
) -> list[dict[str, Any]]:
    limit, offset = max(1, min(limit, 1000)), max(0, offset)
    qs = selectors.registry_task_list(_user(request), village=village, status="" if status == "all" else status)
    return _task_outs(list(qs[offset : offset + limit]))


@router.get("/tasks/{registry_task_id}", response=RegistryTaskOut, summary="一个户籍变动待办")
def registry_task_get(request: HttpRequest, registry_task_id: uuid.UUID) -> dict[str, Any]:
    return _task_outs([selectors.access_registry_task_by_id(_user(request), registry_task_id)])[0]


@router.post("/tasks/{registry_task_id}/close", response=RegistryTaskOut, summary="办结户籍变动待办")
def registry_task_close(
    request: HttpRequest, registry_task_id: uuid.UUID, payload: RegistryTaskCloseIn
) -> dict[str, Any]:
    """``done``: the change is in the base database (``note`` optional). ``not_applicable``: nothing to
    change, with the ``reason`` (required). A task already closed answers 409."""
    user = _user(request)
    task = selectors.access_registry_task_by_id(user, registry_task_id)
    if payload.outcome == "done":
        registry_tasks.registry_task_complete(by=user, task=task, note=payload.note)
    else:
        registry_tasks.registry_task_dismiss(by=user, task=task, reason=payload.reason)
    return _task_outs([selectors.access_registry_task_by_id(user, registry_task_id)])[0]
