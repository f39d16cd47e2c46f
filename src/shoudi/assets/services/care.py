"""Care and operation of assets (管护运营), maintenance posts, income records, documents and status."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.assets import codes
from shoudi.assets.models import Asset, AssetDocument, AssetIncome, MaintenancePost
from shoudi.assets.services.common import asset_snapshot, bounded, cents, filled, in_list
from shoudi.assets.services.inputs import DocumentInput
from shoudi.core.access import Capability, NotVisible, can, code_in_user_area, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.models import AuditEntry
from shoudi.registry.models import Household

CLEAN_EXCLUDE = ("project",)


def document_create(by: Any, asset: Asset, document: DocumentInput, file: UploadedFile | None) -> AssetDocument:
    """A document of ``asset`` (in the caller's transaction), with its audit entry."""
    doc = AssetDocument(
        asset=asset,
        kind=in_list(document.kind, codes.DocumentKind, "kind", "材料类型"),
        title=filled(document.title, "title", "材料名称"),
        number=bounded(document.number, "number", "文号/报告编号", max_length=100),
        issuer=bounded(document.issuer, "issuer", "出具单位"),
        issued_on=document.issued_on,
    )
    if file is not None:
        doc.file.save(file.name or "附件", file, save=False)
    return audited_create(
        doc, by=by, fields=["kind", "title", "number", "issuer", "issued_on"], area_code=asset.village_id
    )


def document_add(*, by: Any, asset: Asset, document: DocumentInput, file: UploadedFile | None = None) -> AssetDocument:
    """Attach a document (appraisal, agreement, decision record…) to an asset."""
    if not (can(by, Capability.CARE_ASSETS) or can(by, Capability.MANAGE_ASSETS)):
        raise NotVisible()
    require(by, Capability.VIEW_ASSETS, asset.village_id)
    with transaction.atomic():
        return document_create(by, asset, document, file)


def _update(by: Any, asset: Asset, changes: dict[str, Any], reason: str) -> Asset:
    updated, _ = audited_update(
        asset,
        by=by,
        changes=changes,
        snapshot_of=asset_snapshot,
        clean_exclude=CLEAN_EXCLUDE,
        area_code=asset.village_id,
        reason=reason,
    )
    return updated


def asset_set_care(
    *,
    by: Any,
    asset: Asset,
    maintenance_owner: str,
    maintenance_person: str,
    maintenance_funds: Decimal | None = None,
    maintenance_funds_source: str = "",
) -> Asset:
    """管护: the maintenance owner, the person responsible and the yearly funds."""
    require(by, Capability.CARE_ASSETS, asset.village_id)
    changes = {
        "maintenance_owner": filled(maintenance_owner, "maintenance_owner", "管护主体"),
        "maintenance_person": filled(maintenance_person, "maintenance_person", "管护责任人", max_length=50),
        "maintenance_funds": None
        if maintenance_funds is None
        else cents(maintenance_funds, "maintenance_funds", "年度管护经费"),
        "maintenance_funds_source": bounded(maintenance_funds_source, "maintenance_funds_source", "管护经费来源"),
    }
    return _update(by, asset, changes, "落实管护")


def asset_set_operation(
    *,
    by: Any,
    asset: Asset,
    operation_mode: str,
    operation_start: dt.date | None,
    operator: str = "",
    operation_end: dt.date | None = None,
    agreed_return: Decimal | None = None,
) -> Asset:
    """运营: mode (self-run, contract, trusteeship, lease, cooperation), operator, term and agreed returns.
    Self-run needs only its start; the others also an operator, an end and the agreed yearly return."""
    require(by, Capability.CARE_ASSETS, asset.village_id)
    if asset.asset_class != codes.AssetClass.OPERATING:
        raise ValidationError({"operation_mode": "只有经营性资产需落实运营主体"})
    mode = in_list(operation_mode, codes.OperationMode, "operation_mode", "经营方式")
    others = mode != codes.OperationMode.SELF
    missing = {
        "operation_start": "请填写经营期限起" if operation_start is None else "",
        "operator": "请填写运营主体" if others and not operator.strip() else "",
        "operation_end": "请填写经营期限止" if others and operation_end is None else "",
        "agreed_return": "请填写约定年收益" if others and agreed_return is None else "",
    }
    if any(missing.values()):
        raise ValidationError({k: v for k, v in missing.items() if v})
    if operation_start and operation_end and operation_end < operation_start:
        raise ValidationError({"operation_end": "经营期限止不能早于经营期限起"})
    changes = {
        "operation_mode": mode,
        "operator": bounded(operator, "operator", "运营主体") or asset.ownership_holder,
        "operation_start": operation_start,
        "operation_end": operation_end,
        "agreed_return": None if agreed_return is None else cents(agreed_return, "agreed_return", "约定年收益"),
    }
    return _update(by, asset, changes, "落实运营")


def asset_set_status(*, by: Any, asset: Asset, status: str, reason: str) -> Asset:
    """Mark an asset idle (闲置) or back in use. Disposal and write-off have their own procedures."""
    require(by, Capability.CARE_ASSETS, asset.village_id)
    status = in_list(status, codes.AssetStatus, "status", "资产状态")
    if status not in (codes.AssetStatus.IN_USE, codes.AssetStatus.IDLE):
        raise ValidationError({"status": "处置、核销须通过相应程序办理"})
    if not asset.is_active:
        raise ValidationError({"status": "已处置或已核销的资产不能变更状态"})
    return _update(by, asset, {"status": status}, filled(reason, "reason", "变更原因"))


def post_add(
    *,
    by: Any,
    asset: Asset,
    holder_name: str,
    category: str,
    started_on: dt.date,
    household_number: str = "",
    duty: str = "",
) -> MaintenancePost:
    """A maintenance post holder; 脱贫户 and edge-household labour are recorded as such (hired first)."""
    require(by, Capability.CARE_ASSETS, asset.village_id)
    post = MaintenancePost(
        asset=asset,
        holder_name=filled(holder_name, "holder_name", "管护人员", max_length=50),
        category=in_list(category, codes.PostHolderCategory, "category", "人员类别"),
        duty=bounded(duty, "duty", "管护职责"),
        started_on=started_on,
    )
    number = household_number.strip()
    if number:
        household = Household.objects.filter(number=number).first()
        if household is None or not code_in_user_area(by, household.village_id):
            raise ValidationError({"household_number": f"户编号“{number}”未找到"})
        post.household = household
    return audited_create(post, by=by, area_code=asset.village_id)


def post_end(*, by: Any, post: MaintenancePost, ended_on: dt.date) -> MaintenancePost:
    require(by, Capability.CARE_ASSETS, post.asset.village_id)
    if ended_on < post.started_on:
        raise ValidationError({"ended_on": "离岗日期不能早于上岗日期"})
    updated, _ = audited_update(post, by=by, changes={"ended_on": ended_on}, area_code=post.asset.village_id)
    return updated


def income_add(
    *, by: Any, asset: Asset, received_on: dt.date, amount: Decimal, payer: str = "", note: str = ""
) -> AssetIncome:
    """One income received. The entry is written on the asset's history (incomes are many small rows)."""
    require(by, Capability.CARE_ASSETS, asset.village_id)
    if not asset.is_active:
        raise ValidationError("已处置或已核销的资产不能登记收益")
    if cents(amount, "amount", "收益金额") <= 0:
        raise ValidationError({"amount": "收益金额必须大于0"})
    income = AssetIncome(
        asset=asset,
        received_on=received_on,
        amount=cents(amount, "amount", "收益金额"),
        payer=bounded(payer, "payer", "缴纳方"),
        note=bounded(note, "note", "说明"),
        created_by=by,
    )
    income.full_clean(exclude=["created_by"])
    with transaction.atomic():
        income.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=asset,
            changes={f"{income.received_on} 收益": [None, f"{income.amount:.2f}"]},
            area_code=asset.village_id,
        )
    return income
