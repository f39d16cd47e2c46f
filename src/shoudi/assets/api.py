"""资产台账 API: ledgers, an asset and its procedures, warnings and the write-off ledger, through the same
selectors and services as the pages."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from ninja import File, Query, Router, Status
from ninja.files import UploadedFile

from shoudi.assets import selectors, services
from shoudi.assets.export import export_submit
from shoudi.assets.imports import import_confirm, import_submit
from shoudi.assets.models import Asset, Disposal, ImportBatch, IncomePlan, WriteOff
from shoudi.assets.schemas import (
    RIGHTS,
    AssetDetailOut,
    AssetImportBatchOut,
    AssetIn,
    AssetJobOut,
    AssetNoticesOut,
    AssetOut,
    AssetStatusIn,
    AssetTransferIn,
    CareIn,
    ConfirmIn,
    DisposalActIn,
    DisposalAction,
    DisposalIn,
    DisposalOut,
    DistributionPlanIn,
    DistributionPlanOut,
    DocumentIn,
    DocumentOut,
    ExportIn,
    IncomeIn,
    OperationIn,
    OpinionIn,
    PlanAction,
    PostIn,
    WarningOut,
    WriteOffAction,
    WriteOffIn,
    WriteOffOut,
)
from shoudi.assets.supervision import asset_warnings
from shoudi.core.access import Capability, NotVisible
from shoudi.core.api import CONFLICT, ERRORS, actor, require_capability

router = Router()


def _asset(request: HttpRequest, asset_id: uuid.UUID) -> Asset:
    return selectors.access_asset_by_id(actor(request), asset_id)


@router.get("/", response={200: list[AssetOut], **ERRORS}, summary="资产台账（按类别、级别、状态、区域筛选）")
def asset_list(
    request: HttpRequest,
    asset_class: str = Query(""),
    level: str = Query(""),
    status: str = Query(""),
    area: str = Query("", max_length=12),
    q: str = Query("", max_length=50),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[Asset]:
    user = require_capability(request, Capability.VIEW_ASSETS)
    qs = selectors.asset_list(user, asset_class=asset_class, level=level, status=status, area=area, q=q)
    return list(qs[offset : offset + limit])


@router.get("/warnings", response={200: list[WarningOut], **ERRORS}, summary="监管预警（数据铁笼）")
def warning_list(request: HttpRequest) -> list[Any]:
    user = require_capability(request, Capability.VIEW_ASSETS)
    return [{**w.__dict__, "label": w.label} for w in asset_warnings(user)]


@router.get("/writeoffs", response={200: list[WriteOffOut], **ERRORS}, summary="核销登记台账")
def writeoff_ledger(
    request: HttpRequest, level: str = Query(""), area: str = Query("", max_length=12), department: str = Query("")
) -> list[WriteOff]:
    user = actor(request)
    if not (user.can(Capability.VIEW_ASSETS) or user.can(Capability.VIEW_WRITEOFF_LEDGER)):
        raise NotVisible()
    return list(selectors.writeoff_ledger(user, level=level, area=area, department=department))


@router.get("/notices", response={200: AssetNoticesOut, **ERRORS}, summary="公示：已备案的收益分配方案和资产处置")
def notices(request: HttpRequest) -> dict[str, Any]:
    user = require_capability(request, Capability.VIEW_ASSETS)
    return {"plans": list(selectors.notice_plans(user)), "disposals": list(selectors.notice_disposals(user))}


@router.post(
    "/export",
    response={202: AssetJobOut, **ERRORS},
    summary="导出资产管理台账（后台任务：经营性、公益性、到户类及核销台账，完成后下载 XLSX）",
)
def export(request: HttpRequest, body: ExportIn) -> Status:
    user = require_capability(request, Capability.EXPORT_ASSETS)
    return Status(202, export_submit(by=user, level=body.level, area=body.area))


@router.post(
    "/import",
    response={201: AssetImportBatchOut, **ERRORS},
    summary="上传资产台账（XLSX/CSV）：后台任务逐行检查后暂存，确认后再写入",
)
def import_upload(request: HttpRequest, file: File[UploadedFile]) -> Status:
    user = require_capability(request, Capability.IMPORT_ASSETS)
    return Status(201, import_submit(by=user, upload=file))


@router.get("/imports", response={200: list[AssetImportBatchOut], **ERRORS}, summary="本人最近的资产台账导入批次")
def import_list(request: HttpRequest) -> list[ImportBatch]:
    user = require_capability(request, Capability.IMPORT_ASSETS)
    return list(selectors.import_batches_visible(user).order_by("-created_at")[:20])


@router.post(
    "/import/{batch_id}/apply",
    response={202: AssetImportBatchOut, **CONFLICT},
    summary="确认导入检查无误的台账（后台任务，全部写入或全不写入）",
)
def import_confirm_(request: HttpRequest, batch_id: uuid.UUID) -> Status:
    user = actor(request)
    batch = selectors.access_import_batch_by_id(user, batch_id)
    return Status(202, import_confirm(by=user, batch=batch))


@router.get("/disposals/{disposal_id}", response={200: DisposalOut, **ERRORS}, summary="资产处置")
def disposal_detail(request: HttpRequest, disposal_id: uuid.UUID) -> Disposal:
    return selectors.access_disposal_by_id(actor(request), disposal_id)


@router.get("/{asset_id}", response={200: AssetDetailOut, **ERRORS}, summary="资产详情")
def asset_detail(request: HttpRequest, asset_id: uuid.UUID) -> Asset:
    return _asset(request, asset_id)


@router.post("/", response={201: AssetDetailOut, **ERRORS}, summary="登记资产")
def asset_create(request: HttpRequest, body: AssetIn) -> Status:
    user = require_capability(request, Capability.MANAGE_ASSETS)
    return Status(201, services.asset_create(by=user, asset=services.AssetInput(**body.dict())))


@router.post("/{asset_id}/confirm", response={200: AssetDetailOut, **ERRORS}, summary="确权")
def asset_confirm(request: HttpRequest, asset_id: uuid.UUID, body: ConfirmIn) -> Asset:
    return services.asset_confirm_ownership(
        by=actor(request),
        asset=_asset(request, asset_id),
        owner_type=body.owner_type,
        owners=[services.OwnerInput(**o.dict()) for o in body.owners],
        confirmed_on=body.confirmed_on,
        rights=services.Rights(**body.dict(include=RIGHTS)),
    )


@router.post("/{asset_id}/documents", response={201: DocumentOut, **ERRORS}, summary="登记材料（不含附件）")
def document_add(request: HttpRequest, asset_id: uuid.UUID, body: DocumentIn) -> Status:
    document = services.DocumentInput(**body.dict())
    return Status(201, services.document_add(by=actor(request), asset=_asset(request, asset_id), document=document))


@router.post("/{asset_id}/disposal", response={201: DisposalOut, **ERRORS}, summary="申请处置")
def disposal_propose(request: HttpRequest, asset_id: uuid.UUID, body: DisposalIn) -> Status:
    disposal = services.disposal_propose(
        by=actor(request),
        asset=_asset(request, asset_id),
        reason=body.reason,
        way=body.way,
        decision=body.decision(),
        note=body.note,
        simplified=body.simplified,
    )
    return Status(201, disposal)


@router.post("/{asset_id}/writeoff", response={201: WriteOffOut, **ERRORS}, summary="申请核销（须附评估证明文件）")
def writeoff_propose(request: HttpRequest, asset_id: uuid.UUID, body: WriteOffIn) -> Status:
    asset = _asset(request, asset_id)
    document = asset.documents.filter(pk=body.document_id).first() if body.document_id else None
    writeoff = services.writeoff_propose(
        by=actor(request),
        asset=asset,
        cause=body.cause,
        occurred_on=body.occurred_on,
        amount=body.amount,
        document=document,
        note=body.note,
    )
    return Status(201, writeoff)


@router.post(
    "/plans/", response={201: DistributionPlanOut, **ERRORS}, summary="村集体提出收益分配方案（含民主决策和公示）"
)
def plan_create(request: HttpRequest, body: DistributionPlanIn) -> Status:
    user = actor(request)
    asset = selectors.access_asset_by_id(user, body.asset_id)
    with transaction.atomic():
        plan = services.income_plan_create(
            by=user,
            asset=asset,
            year=body.year,
            items=[services.PlanItemInput(**i.dict()) for i in body.items],
            note=body.note,
        )
        plan = services.income_plan_propose(
            by=user, plan=plan, decision=body.decision(), notice_from=body.notice_from, notice_to=body.notice_to
        )
    return Status(201, plan)


@router.get("/plans/{plan_id}", response={200: DistributionPlanOut, **ERRORS}, summary="收益分配方案")
def plan_detail(request: HttpRequest, plan_id: uuid.UUID) -> IncomePlan:
    return selectors.access_plan_by_id(actor(request), plan_id)


@router.post(
    "/plans/{plan_id}/{action}",
    response={200: DistributionPlanOut, **CONFLICT},
    summary="乡镇审批（approve）、县级备案（file）、不予通过（reject，须写意见）",
)
def plan_act(request: HttpRequest, plan_id: uuid.UUID, action: PlanAction, body: OpinionIn) -> IncomePlan:
    user = actor(request)
    plan = selectors.access_plan_by_id(user, plan_id)
    return services.PLAN_ACTIONS[action](by=user, plan=plan, reason=body.opinion, on=body.on)


@router.post(
    "/disposals/{disposal_id}/{action}",
    response={200: DisposalOut, **CONFLICT},
    summary="处置环节：review approve publish notice no_objection reject complete",
)
def disposal_act(request: HttpRequest, disposal_id: uuid.UUID, action: DisposalAction, body: DisposalActIn) -> Disposal:
    user = actor(request)
    disposal = selectors.access_disposal_by_id(user, disposal_id)
    if action == "complete":
        if body.completed_on is None:
            raise ValidationError({"completed_on": "请填写处置完成日期"})
        return services.disposal_complete(
            by=user,
            disposal=disposal,
            completed_on=body.completed_on,
            proceeds=body.proceeds,
            proceeds_use=body.proceeds_use,
            reason=body.opinion,
        )
    approval = services.DocumentInput(title=body.title, number=body.number, issuer=body.issuer) if body.title else None
    return services.disposal_act(
        by=user,
        disposal=disposal,
        action=action,
        reason=body.opinion,
        on=body.on,
        notice_from=body.notice_from,
        notice_to=body.notice_to,
        approval=approval,
    )


@router.post(
    "/writeoffs/{writeoff_id}/{action}", response={200: WriteOffOut, **CONFLICT}, summary="核销审批：approve、reject"
)
def writeoff_act(request: HttpRequest, writeoff_id: uuid.UUID, action: WriteOffAction, body: OpinionIn) -> WriteOff:
    user = actor(request)
    writeoff = selectors.access_writeoff_by_id(user, writeoff_id)
    return services.writeoff_act(by=user, writeoff=writeoff, action=action, reason=body.opinion, on=body.on)


@router.post("/{asset_id}/care", response={200: AssetDetailOut, **ERRORS}, summary="落实管护")
def asset_care(request: HttpRequest, asset_id: uuid.UUID, body: CareIn) -> Asset:
    return services.asset_set_care(by=actor(request), asset=_asset(request, asset_id), **body.dict())


@router.post("/{asset_id}/operation", response={200: AssetDetailOut, **ERRORS}, summary="落实运营")
def asset_operation(request: HttpRequest, asset_id: uuid.UUID, body: OperationIn) -> Asset:
    return services.asset_set_operation(by=actor(request), asset=_asset(request, asset_id), **body.dict())


@router.post("/{asset_id}/posts", response={200: AssetDetailOut, **ERRORS}, summary="登记管护岗位")
def asset_post(request: HttpRequest, asset_id: uuid.UUID, body: PostIn) -> Asset:
    services.post_add(by=actor(request), asset=_asset(request, asset_id), **body.dict())
    return _asset(request, asset_id)


@router.post("/{asset_id}/incomes", response={200: AssetDetailOut, **ERRORS}, summary="登记收益")
def asset_income(request: HttpRequest, asset_id: uuid.UUID, body: IncomeIn) -> Asset:
    services.income_add(by=actor(request), asset=_asset(request, asset_id), **body.dict())
    return _asset(request, asset_id)


@router.post("/{asset_id}/transfer", response={200: AssetDetailOut, **ERRORS}, summary="资产移交（须登记移交手续）")
def asset_transfer(request: HttpRequest, asset_id: uuid.UUID, body: AssetTransferIn) -> Asset:
    document = services.DocumentInput(**body.dict(exclude={"transferred_on"}))
    return services.asset_transfer(
        by=actor(request), asset=_asset(request, asset_id), transferred_on=body.transferred_on, document=document
    )


@router.post("/{asset_id}/status", response={200: AssetDetailOut, **ERRORS}, summary="标记闲置或恢复在用")
def asset_status(request: HttpRequest, asset_id: uuid.UUID, body: AssetStatusIn) -> Asset:
    return services.asset_set_status(
        by=actor(request), asset=_asset(request, asset_id), status=body.status, reason=body.reason
    )
