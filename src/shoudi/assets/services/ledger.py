"""Writes to the asset ledger itself: creating assets by hand or from an import row, ownership confirmation
(确权) with shares, and hand-over (移交) to the collective or state asset system."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.accounts.roles import Department
from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.assets.models import Asset, AssetFunding, AssetOwner
from shoudi.assets.services.care import CLEAN_EXCLUDE, document_create
from shoudi.assets.services.common import asset_snapshot, bounded, cents, filled, in_list
from shoudi.assets.services.inputs import AssetInput, DocumentInput, OwnerInput, Rights
from shoudi.core.access import Capability, code_in_user_area, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import CENT, Errors
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

HUNDRED = Decimal("100.00")


def resolve_village(code: Any, *, by: Any, field: str = "village") -> Region:
    code = str(code or "").strip()
    if not code:
        raise ValidationError({field: "所在村代码不能为空"})
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({field: f"村代码“{code}”不存在"})
    if region.level != Level.VILLAGE:
        raise ValidationError({field: f"代码“{code}”（{region.name}）不是村级区划"})
    if not code_in_user_area(by, code):
        raise ValidationError({field: f"村代码“{code}”不在您负责的区域内"})
    return region


def next_asset_code(village_code: str) -> str:
    prefix = f"ZC{village_code}"
    last = (
        Asset.objects.filter(code__startswith=prefix, code__regex=r"^ZC\d{16}$")
        .order_by("-code")
        .values_list("code", flat=True)
        .first()
    )
    return f"{prefix}{(int(last[-4:]) + 1 if last else 1):04d}"


def asset_create(*, by: Any, asset: AssetInput) -> Asset:
    """Register an asset in the ledger by hand (assets formed before the library existed). County only."""
    require(by, Capability.MANAGE_ASSETS)
    village = resolve_village(asset.village_code, by=by, field="village_code")
    built = build_asset(asset, village=village)
    fundings = check_fundings(asset.fundings, built.value)
    with transaction.atomic():
        built.code = built.code or next_asset_code(village.code)
        if Asset.objects.filter(code=built.code).exists():
            raise ValidationError({"code": f"资产编号“{built.code}”已存在"})
        save_new(by, built, fundings, [])
    return built


def check_fundings(fundings: Mapping[str, Decimal], value: Decimal | None) -> dict[str, Decimal]:
    """The funding sources with an amount; together they must make the asset's value."""
    result: dict[str, Decimal] = {}
    for source, amount in fundings.items():
        in_list(source, FundSource, "fundings", "资金来源")
        amount = cents(amount, f"fund_{source}", f"{FundSource(source).label}金额")
        if amount:
            result[source] = amount
    if result and value is not None and sum(result.values()) != value:
        raise ValidationError({"fundings": f"各来源资金合计{sum(result.values()):.2f}元与资产原值{value:.2f}元不一致"})
    return result


def save_new(by: Any, asset: Asset, fundings: Mapping[str, Decimal], owners: Sequence[AssetOwner]) -> Asset:
    """Save a checked new asset with its funding sources and owners, and its one audit entry (in the caller's
    transaction)."""
    asset.save()  # a key for its funds and owners; the audited create below checks it and records it whole
    AssetFunding.objects.bulk_create([AssetFunding(asset=asset, source=s, amount=a) for s, a in fundings.items()])
    for owner in owners:
        owner.asset = asset
    AssetOwner.objects.bulk_create(owners)
    return audited_create(
        asset, by=by, snapshot_of=asset_snapshot, clean_exclude=CLEAN_EXCLUDE, area_code=asset.village_id
    )


def build_asset(data: AssetInput, *, village: Region) -> Asset:
    """An unsaved asset from typed values (forms, API, import rows); raises ValidationError naming every bad
    field."""
    e = Errors()
    if data.project_year is not None and not 2012 <= data.project_year <= 2100:
        e.add(ValidationError({"project_year": f"项目年度“{data.project_year}”应为2012–2100之间的年份"}))
    value = e.take(cents, data.value, "value", "资产原值") if data.value is not None else None
    asset = Asset(
        code=e.take(bounded, data.code, "code", "资产编号", max_length=40) or "",
        name=e.take(filled, data.name, "name", "资产名称") or "",
        asset_class=e.take(in_list, data.asset_class, codes.AssetClass, "asset_class", "资产类别") or "",
        value=value,
        formed_on=data.formed_on,
        village=village,
        location=e.take(bounded, data.location, "location", "具体位置") or "",
        ledger_level=e.take(in_list, data.ledger_level, codes.LedgerLevel, "ledger_level", "台账级别") or "",
        department=e.take(in_list, data.department, Department, "department", "行业主管部门", required=False) or "",
        project_name=e.take(bounded, data.project_name, "project_name", "来源项目名称") or "",
        project_year=data.project_year,
        note=e.take(bounded, data.note, "note", "备注", max_length=2000) or "",
    )
    if data.status:
        asset.status = e.take(in_list, data.status, codes.AssetStatus, "status", "资产状态") or asset.status
    e.raise_if_any()
    asset.full_clean(exclude=["code", "village", "created_by", "updated_by", "project"], validate_unique=False)
    return asset


def _household(raw: OwnerInput) -> Household | None:
    if raw.household_id:
        return Household.objects.filter(pk=raw.household_id).first()
    number = raw.household_number.strip()
    return Household.objects.filter(number=number).first() if number else None


def _owner_rows(asset: Asset, owner_type: str, owners: Sequence[OwnerInput], *, by: Any) -> list[AssetOwner]:
    if not owners:
        raise ValidationError({"owners": "请填写权属主体"})
    rows: list[AssetOwner] = []
    for n, raw in enumerate(owners, start=1):
        share = raw.share if raw.share is not None else (HUNDRED if len(owners) == 1 else None)
        if share is not None:
            share = cents(share, "owners", f"第{n}个权属主体的比例")
        if share is None or share <= 0:
            raise ValidationError({"owners": f"第{n}个权属主体：请填写大于0的比例"})
        row = AssetOwner(asset=asset, kind=owner_type, share=share, name=bounded(raw.name, "owners", "权属主体名称"))
        if owner_type == codes.OwnerType.HOUSEHOLD:
            household = _household(raw)
            if household is None or not code_in_user_area(by, household.village_id):
                raise ValidationError({"owners": f"第{n}个权属主体：未找到该农户"})
            row.household = household
            row.name = row.name or f"农户 {household.number}"
        elif owner_type in (codes.OwnerType.COLLECTIVE, codes.OwnerType.COLLECTIVES):
            village = resolve_village(raw.village_code, by=by, field="owners")
            row.collective_village = village
            row.name = row.name or f"{village.name.removesuffix('村民委员会')}集体经济组织"
        elif not row.name:
            raise ValidationError({"owners": f"第{n}个权属主体：请填写国有资产的管理单位"})
        rows.append(row)
    total = sum((r.share for r in rows), Decimal(0))
    if total != HUNDRED:
        raise ValidationError({"owners": f"各权属主体比例合计应为100.00%，当前为{total:.2f}%"})
    if owner_type == codes.OwnerType.COLLECTIVES:
        villages = [r.collective_village_id for r in rows]
        if len(rows) < 2:
            raise ValidationError({"owners": "按份共有须至少有两个村集体"})
        if len(set(villages)) != len(villages):
            raise ValidationError({"owners": "同一村集体不能重复列出"})
    elif owner_type in (codes.OwnerType.COLLECTIVE, codes.OwnerType.STATE) and len(rows) != 1:
        raise ValidationError({"owners": "该所有权类型只能有一个权属主体"})
    return rows


def asset_confirm_ownership(
    *,
    by: Any,
    asset: Asset,
    owner_type: str,
    owners: Sequence[OwnerInput],
    confirmed_on: dt.date,
    rights: Rights | None = None,
) -> Asset:
    """确权: who owns the asset (shares summing to 100.00%) and who holds the other four rights."""
    require(by, Capability.MANAGE_ASSETS, asset.village_id)
    owner_type = in_list(owner_type, codes.OwnerType, "owner_type", "所有权类型")
    if asset.asset_class == codes.AssetClass.HOUSEHOLD and owner_type != codes.OwnerType.HOUSEHOLD:
        raise ValidationError({"owner_type": "到户类资产原则上属于农户所有，所有权类型应为“农户”"})
    if not asset.is_active:
        raise ValidationError("已处置或已核销的资产不能再确权")
    rows = _owner_rows(asset, owner_type, owners, by=by)
    rights = rights or Rights()
    holder = "、".join(r.name if len(rows) == 1 else f"{r.name}（{r.share}%）" for r in rows)[:200]
    changes = {
        "owner_type": owner_type,
        "ownership_confirmed_on": confirmed_on,
        "ownership_holder": holder,
        "operation_holder": bounded(rights.operation_holder, "operation_holder", "经营权人") or holder,
        "income_holder": bounded(rights.income_holder, "income_holder", "收益权人") or holder,
        "disposal_holder": bounded(rights.disposal_holder, "disposal_holder", "处置权人") or holder,
        "supervision_holder": bounded(rights.supervision_holder, "supervision_holder", "监督权人"),
    }

    def replace_owners(current: Asset) -> None:  # between the two snapshots, so the diff shows the new owners
        current.owners.all().delete()
        AssetOwner.objects.bulk_create(rows)

    updated, _ = audited_update(
        asset,
        by=by,
        changes=changes,
        snapshot_of=asset_snapshot,
        validate=replace_owners,
        clean_exclude=CLEAN_EXCLUDE,
        area_code=asset.village_id,
        reason="确权",
    )
    return updated


TRANSFER_FOR_OWNER = {
    codes.OwnerType.HOUSEHOLD: codes.TransferSystem.HOUSEHOLD,
    codes.OwnerType.COLLECTIVE: codes.TransferSystem.COLLECTIVE,
    codes.OwnerType.COLLECTIVES: codes.TransferSystem.COLLECTIVE,
    codes.OwnerType.STATE: codes.TransferSystem.STATE,
}


def asset_transfer(
    *,
    by: Any,
    asset: Asset,
    transferred_on: dt.date,
    document: DocumentInput,
    file: UploadedFile | None = None,
) -> Asset:
    """移交: hand the confirmed asset over to the collective or state asset system, with date and documents."""
    require(by, Capability.MANAGE_ASSETS, asset.village_id)
    if not asset.owner_type:
        raise ValidationError("资产尚未确权，不能移交")
    with transaction.atomic():
        doc = document_create(by, asset, replace(document, kind=codes.DocumentKind.TRANSFER), file)
        updated, _ = audited_update(
            asset,
            by=by,
            changes={
                "transfer_system": TRANSFER_FOR_OWNER[codes.OwnerType(asset.owner_type)],
                "transferred_on": transferred_on,
            },
            snapshot_of=asset_snapshot,
            clean_exclude=CLEAN_EXCLUDE,
            area_code=asset.village_id,
            reason=f"资产移交（{doc.title}）",
        )
    return updated


def split_by_weights(total: Decimal, weights: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """``total`` split in proportion to ``weights``, in cents, summing exactly to ``total`` (largest remainder)."""
    positive = {k: w for k, w in weights.items() if w > 0}
    whole = sum(positive.values(), Decimal(0))
    if not positive or whole == 0:
        return {}
    raw = {k: total * w / whole for k, w in positive.items()}
    parts = {k: v.quantize(CENT, rounding=ROUND_DOWN) for k, v in raw.items()}
    left = int((total - sum(parts.values())) / CENT)
    for key in sorted(raw, key=lambda k: (raw[k] - parts[k], weights[k]), reverse=True)[:left]:
        parts[key] += CENT
    return parts


def shares_by_investment(investment: Mapping[str, Any]) -> dict[str, Decimal]:
    """Ownership shares (%) of cross-village assets by funding proportion, two decimals, summing to 100.00."""
    weights = {k: Decimal(str(v)) for k, v in investment.items()}
    return split_by_weights(HUNDRED, weights)
