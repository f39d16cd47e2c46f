"""Write-off (核销) after force majeure, seed 001: only with a professional technical appraisal or a qualified
intermediary's special report attached. The county ledger and the department, township and village ledgers are
views of the same rows (``selectors.writeoff_ledger``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.assets import codes, workflow
from shoudi.assets.models import Asset, AssetDocument, WriteOff, WriteOffStatus
from shoudi.assets.services.common import choice, date_value, money, object_snapshot, record_step, require_actor, text
from shoudi.core.access import Capability

WRITEOFF_FIELDS = ["cause", "occurred_on", "amount", "document", "status", "approved_on", "note"]


def check_appraisal(document: AssetDocument | None, asset: Asset) -> AssetDocument:
    """The document must be this asset's technical appraisal or intermediary report, with a file or a number."""
    if document is None:
        raise ValidationError({"document": "核销须附专业技术鉴定意见或法定资质中介机构出具的专项报告"})
    if document.asset_id != asset.pk:
        raise ValidationError({"document": "评估证明文件不属于该资产"})
    if document.kind not in codes.APPRAISAL_KINDS:
        raise ValidationError({"document": f"“{document.get_kind_display()}”不能作为核销的评估证明文件"})
    if not document.file and not document.number:
        raise ValidationError({"document": "评估证明文件须上传附件或登记报告编号"})
    return document


def writeoff_propose(*, by: Any, asset: Asset, data: Mapping[str, Any], document: AssetDocument | None) -> WriteOff:
    require_actor(by, Capability.PROPOSE_WRITEOFFS, asset.village_id, what="资产核销申请")
    if not asset.is_active:
        raise ValidationError("该资产已处置或已核销")
    amount = money(data.get("amount") or asset.value, "amount", "核销金额", positive=True)
    assert amount is not None
    if amount > asset.value:
        raise ValidationError({"amount": f"核销金额不能超过资产原值{asset.value}元"})
    writeoff = WriteOff(
        asset=asset,
        cause=choice(data.get("cause"), codes.WriteOffCause, "cause", "损毁原因"),
        occurred_on=date_value(data.get("occurred_on"), "occurred_on", "损毁日期"),
        amount=amount,
        document=check_appraisal(document, asset),
        note=text(data.get("note"), "note", "说明", required=False, max_length=2000),
        created_by=by,
        updated_by=by,
    )
    with transaction.atomic():
        Asset.objects.select_for_update().get(pk=asset.pk)
        if WriteOff.objects.filter(asset=asset, status=WriteOffStatus.PROPOSED).exists():
            raise ValidationError("该资产已有待审批的核销申请")
        writeoff.save()
        record_step(
            by=by,
            asset=asset,
            action="propose",
            label="提出核销申请",
            from_status="",
            to_status=writeoff.status,
            opinion=writeoff.note,
            subject=writeoff,
            data={"资产核销": object_snapshot(writeoff, WRITEOFF_FIELDS)},
        )
    return writeoff


def writeoff_act(*, by: Any, writeoff: WriteOff, action: str, opinion: str = "", approved_on: Any = None) -> WriteOff:
    step = workflow.writeoff_step(writeoff.status, action)
    if step is None:
        raise ValidationError(f"核销当前状态为“{writeoff.get_status_display()}”，不能办理该环节", code="bad_state")
    require_actor(by, step.capability, writeoff.asset.village_id, level=step.level, what=step.label)
    opinion = str(opinion or "").strip()
    if action == "reject" and not opinion:
        raise ValidationError({"opinion": "不予核销须填写理由"})
    with transaction.atomic():
        current = (
            WriteOff.objects.select_for_update(of=("self",)).select_related("asset", "document").get(pk=writeoff.pk)
        )
        if current.status != writeoff.status:
            raise ValidationError("该核销已被他人处理，请刷新后重试", code="conflict")
        before = current.status
        asset = Asset.objects.select_for_update().get(pk=current.asset_id)
        if action == "approve":
            check_appraisal(current.document, asset)
            current.approved_on = date_value(approved_on, "approved_on", "核销日期")
            asset.status = codes.AssetStatus.WRITTEN_OFF
            asset.updated_by = by
            asset.save(update_fields=["status", "updated_by", "updated_at"])
        current.status = step.target
        current.updated_by = by
        current.save()
        record_step(
            by=by,
            asset=asset,
            action=action,
            label=step.label,
            from_status=before,
            to_status=step.target,
            opinion=opinion,
            subject=current,
            data={"资产核销": object_snapshot(current, WRITEOFF_FIELDS)},
        )
    return current
