"""Care and operation of assets (管护运营), maintenance posts, income records, documents and status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.assets import codes
from shoudi.assets.models import Asset, AssetDocument, AssetIncome, MaintenancePost
from shoudi.assets.services.common import asset_snapshot, choice, date_value, money, require_actor, text
from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, diff
from shoudi.core.models import AuditEntry
from shoudi.registry.models import Household


def document_create(by: Any, asset: Asset, data: Mapping[str, Any], file: UploadedFile | None) -> AssetDocument:
    doc = AssetDocument(
        asset=asset,
        kind=choice(data.get("kind"), codes.DocumentKind, "kind", "材料类型"),
        title=text(data.get("title"), "title", "材料名称"),
        number=text(data.get("number"), "number", "文号/报告编号", required=False, max_length=100),
        issuer=text(data.get("issuer"), "issuer", "出具单位", required=False),
        issued_on=date_value(data.get("issued_on"), "issued_on", "出具日期", required=False),
        created_by=by,
        updated_by=by,
    )
    if file is not None:
        doc.file.save(file.name or "附件", file, save=False)
    doc.save()
    return doc


def document_add(*, by: Any, asset: Asset, data: Mapping[str, Any], file: UploadedFile | None = None) -> AssetDocument:
    """Attach a document (appraisal, agreement, decision record…) to an asset."""
    if not (by.can(Capability.CARE_ASSETS) or by.can(Capability.MANAGE_ASSETS)):
        raise ValidationError("当前角色无权上传资产材料", code="forbidden")
    require_actor(by, Capability.VIEW_ASSETS, asset.village_id, what="资产材料")
    with transaction.atomic():
        doc = document_create(by, asset, data, file)
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=asset,
            changes={"材料": [None, str(doc)]},
            area_code=asset.village_id,
        )
    return doc


CARE_FIELDS = ("maintenance_owner", "maintenance_person", "maintenance_funds", "maintenance_funds_source")
OPERATION_FIELDS = ("operation_mode", "operator", "operation_start", "operation_end", "agreed_return")


def _update(by: Any, asset: Asset, values: Mapping[str, Any], reason: str) -> Asset:
    with transaction.atomic():
        current = Asset.objects.select_for_update().get(pk=asset.pk)
        before = asset_snapshot(current)
        for name, value in values.items():
            setattr(current, name, value)
        current.full_clean(exclude=["created_by", "updated_by", "project"], validate_unique=False)
        changes = diff(before, asset_snapshot(current))
        if changes:
            current.updated_by = by
            current.save()
            audit_entry(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=current,
                changes=changes,
                area_code=current.village_id,
                reason=reason,
            )
    return current


def asset_set_care(*, by: Any, asset: Asset, data: Mapping[str, Any]) -> Asset:
    """管护: the maintenance owner, the person responsible and the yearly funds."""
    require_actor(by, Capability.CARE_ASSETS, asset.village_id, what="资产管护")
    values = {
        "maintenance_owner": text(data.get("maintenance_owner"), "maintenance_owner", "管护主体"),
        "maintenance_person": text(data.get("maintenance_person"), "maintenance_person", "管护责任人", max_length=50),
        "maintenance_funds": money(data.get("maintenance_funds"), "maintenance_funds", "年度管护经费", required=False),
        "maintenance_funds_source": text(
            data.get("maintenance_funds_source"), "maintenance_funds_source", "管护经费来源", required=False
        ),
    }
    return _update(by, asset, values, "落实管护")


def asset_set_operation(*, by: Any, asset: Asset, data: Mapping[str, Any]) -> Asset:
    """运营: mode (self-run, contract, trusteeship, lease, cooperation), operator, term and agreed returns."""
    require_actor(by, Capability.CARE_ASSETS, asset.village_id, what="资产运营")
    if asset.asset_class != codes.AssetClass.OPERATING:
        raise ValidationError({"operation_mode": "只有经营性资产需落实运营主体"})
    mode = choice(data.get("operation_mode"), codes.OperationMode, "operation_mode", "经营方式")
    operator = text(data.get("operator"), "operator", "运营主体", required=mode != codes.OperationMode.SELF)
    start = date_value(data.get("operation_start"), "operation_start", "经营期限起")
    end = date_value(
        data.get("operation_end"), "operation_end", "经营期限止", required=mode != codes.OperationMode.SELF
    )
    if start and end and end < start:
        raise ValidationError({"operation_end": "经营期限止不能早于经营期限起"})
    agreed = money(data.get("agreed_return"), "agreed_return", "约定年收益", required=mode != codes.OperationMode.SELF)
    values = {
        "operation_mode": mode,
        "operator": operator or asset.ownership_holder,
        "operation_start": start,
        "operation_end": end,
        "agreed_return": agreed,
    }
    return _update(by, asset, values, "落实运营")


def asset_set_status(*, by: Any, asset: Asset, status: str, reason: str) -> Asset:
    """Mark an asset idle (闲置) or back in use. Disposal and write-off have their own procedures."""
    require_actor(by, Capability.CARE_ASSETS, asset.village_id, what="资产状态变更")
    status = choice(status, codes.AssetStatus, "status", "资产状态")
    if status not in (codes.AssetStatus.IN_USE, codes.AssetStatus.IDLE):
        raise ValidationError({"status": "处置、核销须通过相应程序办理"})
    if not asset.is_active:
        raise ValidationError({"status": "已处置或已核销的资产不能变更状态"})
    return _update(by, asset, {"status": status}, text(reason, "reason", "变更原因"))


def post_add(*, by: Any, asset: Asset, data: Mapping[str, Any]) -> MaintenancePost:
    """A maintenance post holder; 脱贫户 and edge-household labour are recorded as such (hired first)."""
    require_actor(by, Capability.CARE_ASSETS, asset.village_id, what="管护岗位")
    post = MaintenancePost(
        asset=asset,
        holder_name=text(data.get("holder_name"), "holder_name", "管护人员", max_length=50),
        category=choice(data.get("category"), codes.PostHolderCategory, "category", "人员类别"),
        duty=text(data.get("duty"), "duty", "管护职责", required=False),
        started_on=date_value(data.get("started_on"), "started_on", "上岗日期"),
    )
    number = str(data.get("household_number") or "").strip()
    if number:
        household = Household.objects.filter(number=number).first()
        if household is None or not code_in_user_area(by, household.village_id):
            raise ValidationError({"household_number": f"户编号“{number}”未找到"})
        post.household = household
    with transaction.atomic():
        post.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=asset,
            changes={"管护岗位": [None, f"{post.holder_name}（{post.get_category_display()}）"]},
            area_code=asset.village_id,
        )
    return post


def post_end(*, by: Any, post: MaintenancePost, ended_on: Any) -> MaintenancePost:
    require_actor(by, Capability.CARE_ASSETS, post.asset.village_id, what="管护岗位")
    end = date_value(ended_on, "ended_on", "离岗日期")
    assert end is not None
    if end < post.started_on:
        raise ValidationError({"ended_on": "离岗日期不能早于上岗日期"})
    with transaction.atomic():
        post.ended_on = end
        post.save(update_fields=["ended_on"])
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=post.asset,
            changes={f"管护岗位 {post.holder_name} 离岗日期": [None, end.isoformat()]},
            area_code=post.asset.village_id,
        )
    return post


def income_add(*, by: Any, asset: Asset, data: Mapping[str, Any]) -> AssetIncome:
    require_actor(by, Capability.CARE_ASSETS, asset.village_id, what="收益登记")
    if not asset.is_active:
        raise ValidationError("已处置或已核销的资产不能登记收益")
    income = AssetIncome(
        asset=asset,
        received_on=date_value(data.get("received_on"), "received_on", "收益日期"),
        amount=money(data.get("amount"), "amount", "收益金额", positive=True),
        payer=text(data.get("payer"), "payer", "缴纳方", required=False),
        note=text(data.get("note"), "note", "说明", required=False),
        created_by=by,
    )
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
