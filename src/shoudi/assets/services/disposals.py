"""Disposal (处置) of assets, seed 001: collective assets by the standard route (village democratic decision →
township review → department approval → result published) or, up to the simplified-disposal limit, by the
simplified route (villagers' or representatives' assembly → notice without objection); state assets by the state
asset route. Household assets belong to the household. Proceeds are reinvested, never paid to members."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from shoudi.assets import codes, params, workflow
from shoudi.assets.models import Asset, Disposal, DisposalStatus
from shoudi.assets.services.care import document_create
from shoudi.assets.services.common import choice, date_value, money, object_snapshot, record_step, require_actor, text
from shoudi.core.access import Capability

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
    return object_snapshot(disposal, DISPOSAL_FIELDS)


def _decision(data: Mapping[str, Any]) -> dict[str, Any]:
    body = choice(data.get("decision_body"), codes.DecisionBody, "decision_body", "民主决策形式")
    decided_on = date_value(data.get("decided_on"), "decided_on", "决策日期")
    attendees = int(data.get("attendees") or 0)
    votes = int(data.get("votes_for") or 0)
    if attendees <= 0:
        raise ValidationError({"attendees": "请填写到会人数"})
    if votes * 2 <= attendees:
        raise ValidationError({"votes_for": "赞成人数须超过到会人数的半数，决策未通过不能申请处置"})
    return {"decision_body": body, "decided_on": decided_on, "attendees": attendees, "votes_for": votes}


def disposal_propose(*, by: Any, asset: Asset, data: Mapping[str, Any], simplified: bool = True) -> Disposal:
    """Open a disposal. Collective assets: the village committee records the democratic decision. State assets:
    the county proposes."""
    if not asset.is_active:
        raise ValidationError("该资产已处置或已核销")
    route, limit = disposal_route(asset, simplified=simplified)
    level = 6 if route == codes.DisposalRoute.STATE else 12
    require_actor(by, Capability.PROPOSE_DISPOSALS, asset.village_id, level=level, what="资产处置申请")
    disposal = Disposal(
        asset=asset,
        reason=choice(data.get("reason"), codes.DisposalReason, "reason", "处置原因"),
        way=choice(data.get("way"), codes.DisposalWay, "way", "处置方式"),
        route=route,
        basis_value=asset.value,
        limit_applied=limit,
        note=text(data.get("note"), "note", "说明", required=False, max_length=2000),
        created_by=by,
        updated_by=by,
    )
    if route != codes.DisposalRoute.STATE:
        for name, value in _decision(data).items():
            setattr(disposal, name, value)
    with transaction.atomic():
        Asset.objects.select_for_update().get(pk=asset.pk)
        if Disposal.objects.filter(asset=asset, status__in=OPEN).exists():
            raise ValidationError("该资产已有正在办理的处置申请")
        disposal.save()
        record_step(
            by=by,
            asset=asset,
            action="propose",
            label="村民主决策" if route != codes.DisposalRoute.STATE else "提出处置申请",
            from_status="",
            to_status=disposal.status,
            opinion=disposal.note,
            subject=disposal,
            data={"资产处置": disposal_snapshot(disposal)},
        )
    return disposal


def disposal_act(
    *,
    by: Any,
    disposal: Disposal,
    action: str,
    opinion: str = "",
    data: Mapping[str, Any] | None = None,
    file: UploadedFile | None = None,
) -> Disposal:
    """Review, approve, publish, notice, no objection or reject, as the route's pipeline allows."""
    step = workflow.disposal_step(disposal.route, disposal.status, action)
    if step is None:
        raise ValidationError(f"处置当前状态为“{disposal.get_status_display()}”，不能办理该环节", code="bad_state")
    require_actor(by, step.capability, disposal.asset.village_id, level=step.level, what=step.label)
    data = dict(data or {})
    opinion = str(opinion or "").strip()
    if action == "reject" and not opinion:
        raise ValidationError({"opinion": "不予通过须填写理由"})
    if action == "complete":
        raise ValidationError("完成处置请登记处置收入及用途")
    with transaction.atomic():
        current = Disposal.objects.select_for_update(of=("self",)).select_related("asset").get(pk=disposal.pk)
        if current.status != disposal.status:
            raise ValidationError("该处置已被他人处理，请刷新后重试", code="conflict")
        before = current.status
        if action in ("notice", "publish"):
            current.notice_from, current.notice_to = _notice(data)
        if action == "no_objection":
            today = timezone.localdate()
            if current.notice_to is None or today <= current.notice_to:
                raise ValidationError("公示期尚未结束，不能确认公示无异议")
        if action == "approve":
            if not (data.get("title") or "").strip():
                raise ValidationError({"title": "请登记审批文件名称及文号"})
            current.approval_document = document_create(
                by, current.asset, {**data, "kind": codes.DocumentKind.APPROVAL}, file
            )
        current.status = step.target
        current.updated_by = by
        current.save()
        record_step(
            by=by,
            asset=current.asset,
            action=action,
            label=step.label,
            from_status=before,
            to_status=step.target,
            opinion=opinion,
            subject=current,
            data={"资产处置": disposal_snapshot(current)},
        )
    return current


def _notice(data: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    start = date_value(data.get("notice_from"), "notice_from", "公示开始日期")
    end = date_value(data.get("notice_to"), "notice_to", "公示结束日期")
    assert start is not None and end is not None
    if end < start:
        raise ValidationError({"notice_to": "公示结束日期不能早于开始日期"})
    return start, end


def disposal_complete(*, by: Any, disposal: Disposal, data: Mapping[str, Any]) -> Disposal:
    """Record the disposal done, its proceeds and their use. Collective proceeds go back into consolidation or
    industry; paying them to members is refused."""
    step = workflow.disposal_step(disposal.route, disposal.status, "complete")
    if step is None:
        raise ValidationError(f"处置当前状态为“{disposal.get_status_display()}”，尚不能完成处置", code="bad_state")
    require_actor(by, step.capability, disposal.asset.village_id, level=step.level, what=step.label)
    completed_on = date_value(data.get("completed_on"), "completed_on", "处置完成日期")
    proceeds = money(data.get("proceeds"), "proceeds", "处置收入", required=False) or Decimal("0.00")
    raw_use = str(data.get("proceeds_use") or "").strip()
    if raw_use in (codes.BannedUse.MEMBER_PAYOUT, codes.BannedUse.MEMBER_PAYOUT.label):
        raise ValidationError({"proceeds_use": "处置收入不得分配给集体经济组织成员"})
    use = choice(raw_use, codes.ProceedsUse, "proceeds_use", "处置收入用途", required=False)
    if proceeds > 0 and disposal.route != codes.DisposalRoute.STATE and not use:
        raise ValidationError({"proceeds_use": "村集体资产处置收入须重新安排用于巩固拓展脱贫攻坚成果或乡村产业振兴"})
    with transaction.atomic():
        current = Disposal.objects.select_for_update(of=("self",)).select_related("asset").get(pk=disposal.pk)
        if current.status != disposal.status:
            raise ValidationError("该处置已被他人处理，请刷新后重试", code="conflict")
        before = current.status
        current.completed_on, current.proceeds, current.proceeds_use = completed_on, proceeds, use
        current.status = step.target
        current.updated_by = by
        current.save()
        asset = Asset.objects.select_for_update().get(pk=current.asset_id)
        asset.status = codes.AssetStatus.DISPOSED
        asset.updated_by = by
        asset.save(update_fields=["status", "updated_by", "updated_at"])
        record_step(
            by=by,
            asset=asset,
            action="complete",
            label=step.label,
            from_status=before,
            to_status=step.target,
            opinion=str(data.get("opinion") or ""),
            subject=current,
            data={"资产处置": disposal_snapshot(current)},
        )
    return current
