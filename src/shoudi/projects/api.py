"""项目库 API: the same reads and steps as the pages, through the same selectors and services; the bodies
(projects.schemas) build the services' typed inputs."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Query, Router, Status

from shoudi.core.access import Capability, NotVisible
from shoudi.core.api import ERRORS, actor, require_capability
from shoudi.projects import delivery, selectors, services
from shoudi.projects.models import Project, ProjectStep
from shoudi.projects.schemas import (
    ActionIn,
    PaymentIn,
    ProjectDetailOut,
    ProjectIn,
    ProjectNoticeOut,
    ProjectOut,
    ShareOut,
)

router = Router()


@router.get("/", response={200: list[ProjectOut], **ERRORS}, summary="项目列表")
def project_list(
    request: HttpRequest,
    year: int | None = Query(None, ge=2013, le=2100),
    status: str = Query(""),
    kind: str = Query(""),
    level: str = Query(""),
    q: str = Query("", max_length=50),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[Project]:
    user = require_capability(request, Capability.VIEW_PROJECTS)
    qs = selectors.project_list(user, year=year, status=status, kind=kind, level=level, q=q)
    return list(qs[offset : offset + limit])


@router.get("/industry-share", response={200: ShareOut, **ERRORS}, summary="年度衔接资金用于产业项目的比重")
def industry_share(request: HttpRequest, year: int = Query(..., ge=2013, le=2100, title="年度")) -> Any:
    user = require_capability(request, Capability.VIEW_PROJECTS)
    share = selectors.industry_share(user, year)
    return {
        "year": share.year,
        "target": share.target,
        "share": share.share,
        "central_total": share.central_total,
        "central_industry": share.central_industry,
        "all_share": share.all_share,
        "below": share.below,
    }


@router.get(
    "/notices/{stage}",
    response={200: list[ProjectNoticeOut], **ERRORS},
    summary="各环节公示（申报、审核、审定、计划、验收、评价、出库）",
)
def notices(request: HttpRequest, stage: str) -> list[ProjectStep]:
    user = require_capability(request, Capability.VIEW_PROJECTS)
    return list(selectors.project_notices(user, stage))


@router.get("/{project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="项目详情")
def project_detail(request: HttpRequest, project_id: uuid.UUID) -> Project:
    return selectors.access_project_by_id(actor(request), project_id)


@router.post("/", response={201: ProjectDetailOut, **ERRORS}, summary="新建项目（本人所属区域的项目库）")
def project_create(request: HttpRequest, body: ProjectIn) -> Status:
    user = require_capability(request, Capability.PROPOSE_PROJECTS)
    project = services.project_create(
        by=user, area_code=user.area_id, facts=body.facts(), fundings=body.fundings, targets=body.target_list()
    )
    return Status(201, project)


@router.put("/{project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="修改草拟项目")
def project_update(request: HttpRequest, project_id: uuid.UUID, body: ProjectIn) -> Project:
    user = require_capability(request, Capability.PROPOSE_PROJECTS)
    project = selectors.access_project_by_id(user, project_id)
    return services.project_update(
        by=user,
        project=project,
        facts=body.facts(),
        fundings=body.fundings,
        targets=body.target_list(),
        expected_version=body.version,
    )


def _progress(u: Any, p: Project, b: ActionIn) -> Project:
    if b.progress is None:
        raise ValidationError({"progress": "请填写实施进度（progress）"})
    return delivery.project_progress(by=u, project=p, progress=b.progress, note=b.note, expected_version=b.version)


STEPS: dict[str, Any] = {
    "submit": lambda u, p, b: services.project_submit(
        by=u, project=p, notice=b.notice(), reason=b.opinion, expected_version=b.version
    ),
    "review": lambda u, p, b: services.project_review(
        by=u, project=p, checklist=b.checklist, notice=b.notice(), reason=b.opinion, expected_version=b.version
    ),
    "decide": lambda u, p, b: services.project_decide(
        by=u, project=p, checklist=b.checklist, notice=b.notice(), reason=b.opinion, expected_version=b.version
    ),
    "return": lambda u, p, b: services.project_return(by=u, project=p, reason=b.opinion, expected_version=b.version),
    "plan": lambda u, p, b: delivery.project_plan(
        by=u, project=p, notice=b.notice(), reason=b.opinion, expected_version=b.version
    ),
    "unplan": lambda u, p, b: delivery.project_unplan(by=u, project=p, reason=b.opinion, expected_version=b.version),
    "exit": lambda u, p, b: delivery.project_exit(
        by=u, project=p, exit_reason=b.reason, exit_note=b.note, notice=b.notice(), expected_version=b.version
    ),
    "start": lambda u, p, b: delivery.project_start(
        by=u, project=p, started_on=b.day("实际开工日期"), expected_version=b.version
    ),
    "progress": _progress,
    "complete": lambda u, p, b: delivery.project_complete(
        by=u, project=p, completed_on=b.day("实际完工日期"), expected_version=b.version
    ),
    "accept": lambda u, p, b: delivery.project_accept(
        by=u,
        project=p,
        accepted_on=b.day("验收日期"),
        assets=b.asset_specs(),
        notice=b.notice(),
        reason=b.opinion,
        expected_version=b.version,
    )[0],
    "reject-acceptance": lambda u, p, b: delivery.project_reject_acceptance(
        by=u, project=p, reason=b.opinion, expected_version=b.version
    ),
    "evaluate": lambda u, p, b: delivery.project_evaluate(
        by=u,
        project=p,
        results=b.result_values(),
        conclusion=b.conclusion,
        notice=b.notice(),
        expected_version=b.version,
    ),
}


@router.post(
    "/{project_id}/actions/{action}",
    response={200: ProjectDetailOut, **ERRORS},
    summary="办理一个环节：submit review decide return plan unplan exit start progress complete accept "
    "reject-acceptance evaluate",
)
def project_act(request: HttpRequest, project_id: uuid.UUID, action: str, body: ActionIn) -> Project:
    user = actor(request)
    project = selectors.access_project_by_id(user, project_id)
    step = STEPS.get(action)
    if step is None:
        raise NotVisible("无此环节")
    step(user, project, body)
    return selectors.access_project_by_id(user, project_id)


@router.post("/{project_id}/payments", response={201: ProjectDetailOut, **ERRORS}, summary="登记资金支付")
def payment_add(request: HttpRequest, project_id: uuid.UUID, body: PaymentIn) -> Status:
    user = actor(request)
    project = selectors.access_project_by_id(user, project_id)
    delivery.payment_add(
        by=user, project=project, source=body.source, amount=body.amount, paid_on=body.paid_on, note=body.note
    )
    return Status(201, selectors.access_project_by_id(user, project_id))
