"""Write-off (核销) after force majeure, seed 001: only with a professional technical appraisal or a qualified
intermediary's special report attached. The county ledger and the department, township and village ledgers are
views of the same rows (``selectors.writeoff_ledger``). The county's decision runs on ``assets.workflow.WRITEOFF``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from shoudi.assets import codes, workflow
from shoudi.assets.models import Asset, AssetDocument, WriteOff, WriteOffStatus
from shoudi.assets.services.care import document_create
from shoudi.assets.services.common import asset_snapshot, bounded, cents, in_list, object_snapshot
from shoudi.assets.services.inputs import DocumentInput
from shoudi.core.access import Capability, require
from shoudi.core.audit import audited_create
from shoudi.core.workflow import Step

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


def writeoff_snapshot(writeoff: WriteOff) -> dict[str, Any]:
    return {"资产": asset_snapshot(writeoff.asset), "资产核销": object_snapshot(writeoff, WRITEOFF_FIELDS)}


def writeoff_propose(
    *,
    by: Any,
    asset: Asset,
    cause: str,
    occurred_on: dt.date,
    amount: Decimal | None = None,
    document: AssetDocument | None = None,
    new_document: DocumentInput | None = None,
    file: UploadedFile | None = None,
    note: str = "",
) -> WriteOff:
    """Apply for a write-off with its appraisal: an appraisal already registered with the asset
    (``document``), or one registered now (``new_document`` and its ``file``), in the same transaction."""
    require(by, Capability.PROPOSE_WRITEOFFS, asset.village_id)
    if not asset.is_active:
        raise ValidationError("该资产已处置或已核销")
    value = asset.value if amount is None else cents(amount, "amount", "核销金额")
    if value <= 0:
        raise ValidationError({"amount": "核销金额必须大于0"})
    if value > asset.value:
        raise ValidationError({"amount": f"核销金额不能超过资产原值{asset.value}元"})
    if occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": "损毁日期不能晚于今天"})
    writeoff = WriteOff(
        asset=asset,
        cause=in_list(cause, codes.WriteOffCause, "cause", "损毁原因"),
        occurred_on=occurred_on,
        amount=value,
        note=bounded(note, "note", "说明", max_length=2000),
    )
    with transaction.atomic():
        Asset.objects.select_for_update().get(pk=asset.pk)
        if WriteOff.objects.filter(asset=asset, status=WriteOffStatus.PROPOSED).exists():
            raise ValidationError("该资产已有待审批的核销申请")
        if document is None and new_document is not None and (new_document.title.strip() or file is not None):
            titled = new_document if new_document.title.strip() else _titled(new_document, file)
            document = document_create(by, asset, titled, file)
        writeoff.document = check_appraisal(document, asset)
        audited_create(writeoff, by=by, fields=WRITEOFF_FIELDS, area_code=asset.village_id)
        workflow.WRITEOFF.record_start(
            writeoff,
            by=by,
            action="propose",
            label=workflow.WRITEOFF_PROPOSE,
            reason=writeoff.note,
            snapshot=writeoff_snapshot,
            row={"asset": asset},
        )
    return writeoff


def _titled(document: DocumentInput, file: UploadedFile | None) -> DocumentInput:
    return replace(document, title=(getattr(file, "name", "") or "评估证明文件")[:200])


def writeoff_act(*, by: Any, writeoff: WriteOff, action: str, reason: str = "", on: dt.date | None = None) -> WriteOff:
    """The county writes the asset off (its appraisal checked again; ``on`` is the write-off date) or refuses
    with the reason."""

    def prepare(current: WriteOff, step: Step, day: dt.date) -> dict[str, Any]:
        if step.action == "approve":
            check_appraisal(current.document, current.asset)
            return {"approved_on": day}
        return {}

    def after(current: WriteOff, step: Step, change: Any) -> None:
        if step.action == "approve":
            Asset.objects.filter(pk=current.asset_id).update(
                status=codes.AssetStatus.WRITTEN_OFF, updated_by=by, updated_at=timezone.now()
            )

    updated, _ = workflow.WRITEOFF.advance(
        writeoff,
        action,
        by=by,
        on=on,
        reason=reason,
        prepare=prepare,
        after=after,
        snapshot=writeoff_snapshot,
        row={"asset_id": writeoff.asset_id},
    )
    return updated
