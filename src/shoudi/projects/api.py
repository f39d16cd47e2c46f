"""项目库 API: the same reads and steps as the pages, through the same selectors and services."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from pydantic import ConfigDict

from shoudi.core.access import Capability
from shoudi.core.api import ERRORS, actor, require_capability
from shoudi.projects import selectors, services, workflow
from shoudi.projects.models import Project, ProjectStep

router = Router()


class FundingOut(Schema):
    source: str
    source_label: str
    amount: Decimal


class TargetOut(Schema):
    id: int
    category: str
    indicator: str
    direction: str
    target_value: Decimal
    unit: str
    actual_value: Decimal | None
    met: bool | None


class StepOut(Schema):
    action: str
    action_label: str
    from_status: str
    to_status: str
    at: dt.datetime
    actor_name: str
    opinion: str
    notice_from: dt.date | None
    notice_to: dt.date | None

    @staticmethod
    def resolve_action_label(obj: ProjectStep) -> str:
        return workflow.label(obj.action)


class ProjectOut(Schema):
    id: uuid.UUID
    code: str = Field(title="项目编号")
    name: str = Field(title="项目名称")
    year: int = Field(title="年度")
    level: str
    area_code: str = Field(title="所属区域代码")
    kind: str
    kind_label: str
    implementing_unit: str
    status: str
    status_label: str
    progress: int
    benefit_households: int
    benefit_people: int
    benefit_poor_households: int
    benefit_mechanism: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    actual_start: dt.date | None
    actual_end: dt.date | None

    @staticmethod
    def resolve_area_code(obj: Project) -> str:
        return obj.area_id

    @staticmethod
    def resolve_kind_label(obj: Project) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_status_label(obj: Project) -> str:
        return obj.get_status_display()


class ProjectDetailOut(ProjectOut):
    fundings: list[FundingOut]
    targets: list[TargetOut]
    paid_total: Decimal
    steps: list[StepOut]

    @staticmethod
    def resolve_fundings(obj: Project) -> list[dict[str, Any]]:
        return [
            {"source": f.source, "source_label": f.get_source_display(), "amount": f.amount} for f in obj.fundings.all()
        ]

    @staticmethod
    def resolve_steps(obj: Project) -> list[ProjectStep]:
        return list(obj.steps.order_by("at", "id"))

    @staticmethod
    def resolve_targets(obj: Project) -> list[Any]:
        return list(obj.targets.all())


class TargetIn(Schema):
    model_config = ConfigDict(extra="forbid")
    category: str = "output"
    indicator: str
    direction: str = "at_least"
    target_value: Decimal
    unit: str


class ProjectIn(Schema):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(title="项目名称")
    year: int = Field(title="年度")
    kind: str = Field(title="项目类型")
    implementing_unit: str = Field(title="实施单位")
    content: str = ""
    benefit_households: int = 0
    benefit_people: int = 0
    benefit_poor_households: int = 0
    benefit_mechanism: str = ""
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    fundings: dict[str, Decimal] = Field(default_factory=dict, title="资金来源及计划投入（元）")
    targets: list[TargetIn] = Field(default_factory=list, title="绩效目标")


class AssetSpecIn(Schema):
    name: str = ""
    asset_class: str
    village_code: str = ""
    value: Decimal | None = None


class ActionIn(Schema):
    """Fields used by the step taken; the others are ignored."""

    model_config = ConfigDict(extra="forbid")
    opinion: str = ""
    notice_from: dt.date | None = None
    notice_to: dt.date | None = None
    checklist: list[str] = Field(default_factory=list, title="确认不属于的禁止情形（review、decide）")
    reason: str = Field("", title="出库原因（exit）")
    note: str = ""
    on: dt.date | None = Field(None, title="开工、完工或验收日期（start、complete、accept）")
    progress: int | None = None
    assets: list[AssetSpecIn] = Field(default_factory=list, title="形成的资产（accept）")
    results: dict[str, Decimal] = Field(default_factory=dict, title="各绩效目标实际值，键为目标 id（evaluate）")
    conclusion: str = ""


class PaymentIn(Schema):
    model_config = ConfigDict(extra="forbid")
    source: str
    amount: Decimal
    paid_on: dt.date
    note: str = ""


class ShareOut(Schema):
    year: int
    target: Decimal | None
    share: Decimal | None
    central_total: Decimal
    central_industry: Decimal
    all_share: Decimal | None
    below: bool


@router.get("/", response={200: list[ProjectOut], **ERRORS}, summary="项目列表")
def project_list(
    request: HttpRequest,
    year: int | None = Query(None),
    status: str = Query(""),
    kind: str = Query(""),
    level: str = Query(""),
    q: str = Query("", max_length=50),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0),
) -> list[Project]:
    user = require_capability(request, Capability.VIEW_PROJECTS)
    qs = selectors.project_list(user, year=year, status=status, kind=kind, level=level, q=q)
    return list(qs[offset : offset + limit])


@router.get("/industry-share", response={200: ShareOut, **ERRORS}, summary="年度衔接资金用于产业项目的比重")
def industry_share(request: HttpRequest, year: int = Query(...)) -> Any:
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


class ProjectNoticeOut(Schema):
    project_id: uuid.UUID
    project_code: str
    project_name: str
    area_code: str
    stage: str
    stage_label: str
    notice_from: dt.date | None
    notice_to: dt.date | None
    opinion: str
    at: dt.datetime

    @staticmethod
    def resolve_project_code(obj: ProjectStep) -> str:
        return obj.project.code

    @staticmethod
    def resolve_project_name(obj: ProjectStep) -> str:
        return obj.project.name

    @staticmethod
    def resolve_area_code(obj: ProjectStep) -> str:
        return obj.project.area_id

    @staticmethod
    def resolve_stage(obj: ProjectStep) -> str:
        return obj.action

    @staticmethod
    def resolve_stage_label(obj: ProjectStep) -> str:
        return workflow.label(obj.action)


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
    data = body.dict(exclude={"fundings", "targets"})
    targets = [t.dict() for t in body.targets]
    return Status(
        201,
        services.project_create(by=user, area_code=user.area_id, data=data, fundings=body.fundings, targets=targets),
    )


@router.put("/{project_id}", response={200: ProjectDetailOut, **ERRORS}, summary="修改草拟项目")
def project_update(request: HttpRequest, project_id: uuid.UUID, body: ProjectIn) -> Project:
    user = require_capability(request, Capability.PROPOSE_PROJECTS)
    project = selectors.access_project_by_id(user, project_id)
    data = body.dict(exclude={"fundings", "targets"})
    return services.project_update(
        by=user, project=project, data=data, fundings=body.fundings, targets=[t.dict() for t in body.targets]
    )


def _notice(body: ActionIn) -> tuple[Any, Any]:
    return body.notice_from, body.notice_to


STEPS: dict[str, Any] = {
    "submit": lambda u, p, b: services.project_submit(by=u, project=p, notice=_notice(b), opinion=b.opinion),
    "review": lambda u, p, b: services.project_review(
        by=u, project=p, checklist=b.checklist, notice=_notice(b), opinion=b.opinion
    ),
    "decide": lambda u, p, b: services.project_decide(
        by=u, project=p, checklist=b.checklist, notice=_notice(b), opinion=b.opinion
    ),
    "return": lambda u, p, b: services.project_return(by=u, project=p, opinion=b.opinion),
    "plan": lambda u, p, b: services.project_plan(by=u, project=p, notice=_notice(b), opinion=b.opinion),
    "unplan": lambda u, p, b: services.project_unplan(by=u, project=p, opinion=b.opinion),
    "exit": lambda u, p, b: services.project_exit(by=u, project=p, reason=b.reason, note=b.note, notice=_notice(b)),
    "start": lambda u, p, b: services.project_start(by=u, project=p, started_on=b.on),
    "progress": lambda u, p, b: services.project_progress(by=u, project=p, progress=b.progress, note=b.note),
    "complete": lambda u, p, b: services.project_complete(by=u, project=p, completed_on=b.on),
    "accept": lambda u, p, b: services.project_accept(
        by=u, project=p, accepted_on=b.on, assets=[a.dict() for a in b.assets], notice=_notice(b), opinion=b.opinion
    )[0],
    "reject-acceptance": lambda u, p, b: services.project_reject_acceptance(by=u, project=p, opinion=b.opinion),
    "evaluate": lambda u, p, b: services.project_evaluate(
        by=u, project=p, results=b.results, conclusion=b.conclusion, notice=_notice(b)
    ),
}


@router.post(
    "/{project_id}/actions/{action}",
    response={200: ProjectDetailOut, **ERRORS},
    summary="办理一个环节：submit review decide return plan unplan exit start progress complete accept "
    "reject-acceptance evaluate",
)
def project_act(request: HttpRequest, project_id: uuid.UUID, action: str, body: ActionIn) -> Project:
    from django.http import Http404

    user = actor(request)
    project = selectors.access_project_by_id(user, project_id)
    step = STEPS.get(action)
    if step is None:
        raise Http404("无此环节")
    step(user, project, body)
    return selectors.access_project_by_id(user, project_id)


@router.post("/{project_id}/payments", response={201: ProjectDetailOut, **ERRORS}, summary="登记资金支付")
def payment_add(request: HttpRequest, project_id: uuid.UUID, body: PaymentIn) -> Status:
    user = actor(request)
    project = selectors.access_project_by_id(user, project_id)
    services.payment_add(by=user, project=project, **body.dict())
    return Status(201, selectors.access_project_by_id(user, project_id))
