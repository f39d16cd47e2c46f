"""Disposal (处置) of assets, seed 001: collective assets by the standard route (village democratic decision →
township review → department approval → result published) or, up to the simplified-disposal limit, by the
simplified route (villagers' or representatives' assembly → notice without objection); state assets by the state
asset route. Household assets belong to the household. Proceeds are reinvested, never paid to members.

Every step runs on ``assets.workflow`` (one history row and one audit entry per step)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from shoudi.assets import codes, params, workflow
from shoudi.assets.models import Asset, Disposal, DisposalStatus
from shoudi.assets.services.care import document_create
from shoudi.assets.services.common import asset_snapshot, bounded, cents, in_list, object_snapshot
from shoudi.assets.services.inputs import Decision, DocumentInput
from shoudi.core.access import Capability, require, require_level
from shoudi.core.audit import audited_create
from shoudi.core.workflow import Step

DISPOSAL_FIELDS = [
    "reason",
    "way",
    "route",
    "basis_value",
    "limit_applied",
    "status",
    "decision_body",
    "decided_on",
    "attendees",
    "votes_for",
    "notice_from",
    "notice_to",
    "approval_document",
    "completed_on",
    "proceeds",
    "proceeds_use",
]
OPEN = (
    DisposalStatus.PROPOSED,
    DisposalStatus.REVIEWED,
    DisposalStatus.NOTICE,
    DisposalStatus.APPROVED,
    DisposalStatus.PUBLISHED,
)
COLLECTIVE = (codes.OwnerType.COLLECTIVE, codes.OwnerType.COLLECTIVES)
STEPS_WITH_NOTICE = ("notice", "publish")


def disposal_route(asset: Asset, *, on: dt.date | None = None, simplified: bool = True) -> tuple[str, Decimal | None]:
    """The route an asset's disposal must take, and the limit it was measured against (None for state assets).

    Collective assets of value ≤ the ``asset_simplified_disposal_limit`` parameter (inclusive) may take the
    simplified route; a village may still choose the standard one (``simplified=False``). Where the parameter is
    not set for the asset's place, only the standard route is open (limit None)."""
    if asset.owner_type == codes.OwnerType.STATE:
        return codes.DisposalRoute.STATE, None
    if asset.owner_type not in COLLECTIVE:
        if asset.owner_type == codes.OwnerType.HOUSEHOLD:
            raise ValidationError("到户类资产归农户所有，由农户自主管理处置，不走集体资产处置程序")
        raise ValidationError("资产尚未确权，不能处置")
    limit = params.simplified_disposal_limit(region_code=asset.village_id, on=on or timezone.localdate())
    if simplified and limit is not None and asset.value <= limit:
        return codes.DisposalRoute.SIMPLIFIED, limit
    return codes.DisposalRoute.STANDARD, limit


def disposal_snapshot(disposal: Disposal) -> dict[str, Any]:
    return {"资产": asset_snapshot(disposal.asset), "资产处置": object_snapshot(disposal, DISPOSAL_FIELDS)}


def check_decision(decision: Decision | None, *, what: str) -> Decision:
    """A democratic decision that carried: a known body, people present, more than half in favour."""
    if decision is None:
        raise ValidationError({"decision_body": "请登记村民主决策情况"})
    in_list(decision.body, codes.DecisionBody, "decision_body", "民主决策形式")
    if decision.decided_on > timezone.localdate():
        raise ValidationError({"decided_on": "决策日期不能晚于今天"})
    if decision.attendees <= 0:
        raise ValidationError({"attendees": "请填写到会人数"})
    if decision.votes_for < 0 or decision.votes_for > decision.attendees:
        raise ValidationError({"votes_for": "赞成人数应在0到到会人数之间"})
    if decision.votes_for * 2 <= decision.attendees:
        raise ValidationError({"votes_for": f"赞成人数须超过到会人数的半数，{what}"})
    return decision


def disposal_propose(
    *,
    by: Any,
    asset: Asset,
    reason: str,
    way: str,
    decision: Decision | None = None,
    note: str = "",
    simplified: bool = True,
) -> Disposal:
    """Open a disposal. Collective assets: the village committee records the democratic decision. State assets:
    the county proposes."""
    require(by, Capability.PROPOSE_DISPOSALS, asset.village_id)
    route, limit = disposal_route(asset, simplified=simplified)
    require_level(by, workflow.PROPOSE_LEVEL[route], "资产处置申请")
    if not asset.is_active:
        raise ValidationError("该资产已处置或已核销")
    disposal = Disposal(
        asset=asset,
        reason=in_list(reason, codes.DisposalReason, "reason", "处置原因"),
        way=in_list(way, codes.DisposalWay, "way", "处置方式"),
        route=route,
        basis_value=asset.value,
        limit_applied=limit,
        note=bounded(note, "note", "说明", max_length=2000),
    )
    if route != codes.DisposalRoute.STATE:
        carried = check_decision(decision, what="决策未通过不能申请处置")
        disposal.decision_body, disposal.decided_on = carried.body, carried.decided_on
        disposal.attendees, disposal.votes_for = carried.attendees, carried.votes_for
    with transaction.atomic():
        Asset.objects.select_for_update().get(pk=asset.pk)
        if Disposal.objects.filter(asset=asset, status__in=OPEN).exists():
            raise ValidationError("该资产已有正在办理的处置申请")
        audited_create(disposal, by=by, fields=DISPOSAL_FIELDS, area_code=asset.village_id)
        workflow.DISPOSAL[route].record_start(
            disposal,
            by=by,
            action="propose",
            label=workflow.PROPOSE_LABEL[route],
            on=disposal.decided_on,
            reason=disposal.note,
            snapshot=disposal_snapshot,
            row={"asset": asset},
        )
    return disposal


def disposal_act(
    *,
    by: Any,
    disposal: Disposal,
    action: str,
    reason: str = "",
    on: dt.date | None = None,
    notice_from: dt.date | None = None,
    notice_to: dt.date | None = None,
    approval: DocumentInput | None = None,
    file: UploadedFile | None = None,
) -> Disposal:
    """Review, approve (with its approval document), publish or give notice (with the dates), no objection
    (once the notice period has ended) or reject (with the reason), as the route's pipeline allows."""
    if action == "complete":
        raise ValidationError("完成处置请登记处置收入及用途")

    def prepare(current: Disposal, step: Step, day: dt.date) -> dict[str, Any]:
        if step.action in STEPS_WITH_NOTICE:
            return notice_dates(notice_from, notice_to)
        if step.action == "no_objection" and (current.notice_to is None or timezone.localdate() <= current.notice_to):
            raise ValidationError("公示期尚未结束，不能确认公示无异议")
        if step.action == "approve":
            if approval is None or not approval.title.strip():
                raise ValidationError({"title": "请登记审批文件名称及文号"})
            document = replace(approval, kind=codes.DocumentKind.APPROVAL)
            return {"approval_document": document_create(by, current.asset, document, file)}
        return {}

    updated, _ = workflow.disposal_workflow(disposal).advance(
        disposal,
        action,
        by=by,
        on=on,
        reason=reason,
        prepare=prepare,
        snapshot=disposal_snapshot,
        row={"asset_id": disposal.asset_id},
    )
    return updated


def notice_dates(start: dt.date | None, end: dt.date | None) -> dict[str, Any]:
    if start is None:
        raise ValidationError({"notice_from": "请填写公示开始日期"})
    if end is None:
        raise ValidationError({"notice_to": "请填写公示结束日期"})
    if end < start:
        raise ValidationError({"notice_to": "公示结束日期不能早于开始日期"})
    return {"notice_from": start, "notice_to": end}


def disposal_complete(
    *,
    by: Any,
    disposal: Disposal,
    completed_on: dt.date,
    proceeds: Decimal | None = None,
    proceeds_use: str = "",
    reason: str = "",
) -> Disposal:
    """Record the disposal done, its proceeds and their use. Collective proceeds go back into consolidation or
    industry; paying them to members is refused."""
    amount = cents(proceeds or Decimal(0), "proceeds", "处置收入")
    if proceeds_use in (codes.BannedUse.MEMBER_PAYOUT, codes.BannedUse.MEMBER_PAYOUT.label):
        raise ValidationError({"proceeds_use": "处置收入不得分配给集体经济组织成员"})
    use = in_list(proceeds_use, codes.ProceedsUse, "proceeds_use", "处置收入用途", required=False)
    if amount > 0 and disposal.route != codes.DisposalRoute.STATE and not use:
        raise ValidationError({"proceeds_use": "村集体资产处置收入须重新安排用于巩固拓展脱贫攻坚成果或乡村产业振兴"})

    def prepare(current: Disposal, step: Step, day: dt.date) -> dict[str, Any]:
        return {"completed_on": day, "proceeds": amount, "proceeds_use": use}

    def after(current: Disposal, step: Step, change: Any) -> None:
        Asset.objects.filter(pk=current.asset_id).update(
            status=codes.AssetStatus.DISPOSED, updated_by=by, updated_at=timezone.now()
        )

    updated, _ = workflow.disposal_workflow(disposal).advance(
        disposal,
        "complete",
        by=by,
        on=completed_on,
        reason=reason,
        prepare=prepare,
        after=after,
        snapshot=disposal_snapshot,
        row={"asset_id": disposal.asset_id},
    )
    return updated
