"""筛查预警 API: run a screening, run history, fuzzy-match candidates. Mounted at /api/v1/screening/."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema

from shoudi.registry.idnumber import mask
from shoudi.screening import presenters, selectors, services
from shoudi.screening.tasks import run_screening

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
    transaction.on_commit(lambda: run_screening.enqueue(str(run.pk)))
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
