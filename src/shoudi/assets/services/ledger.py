"""Writes to the asset ledger itself: creating assets by hand or from an import row, ownership confirmation
(确权) with shares, and hand-over (移交) to the collective or state asset system."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.accounts.roles import Department
from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.assets.models import Asset, AssetFunding, AssetOwner
from shoudi.assets.services.care import document_create
from shoudi.assets.services.common import CENT, Errors, asset_snapshot, choice, date_value, money, require_actor, text
from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, diff
from shoudi.core.models import AuditEntry
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


def _fundings(raw: Mapping[str, Any] | None) -> dict[str, Decimal]:
    result: dict[str, Decimal] = {}
    for source, amount in (raw or {}).items():
        key = choice(source, FundSource, "fundings", "资金来源")
        value = money(amount, "fundings", f"{FundSource(key).label}金额", required=False)
        if value:
            result[key] = value
    return result


def asset_create(*, by: Any, data: Mapping[str, Any], fundings: Mapping[str, Any] | None = None) -> Asset:
    """Register an asset in the ledger by hand (assets formed before the library existed). County only."""
    village = resolve_village(data.get("village_code") or data.get("village"), by=by)
    require_actor(by, Capability.MANAGE_ASSETS, village.code, what="资产登记")
    asset = build_asset(data, village=village)
    sources = _fundings(fundings)
    if sources and sum(sources.values()) != asset.value:
        raise ValidationError(
            {"fundings": f"各来源资金合计{sum(sources.values()):.2f}元与资产原值{asset.value:.2f}元不一致"}
        )
    with transaction.atomic():
        asset.code = asset.code or next_asset_code(village.code)
        if Asset.objects.filter(code=asset.code).exists():
            raise ValidationError({"code": f"资产编号“{asset.code}”已存在"})
        asset.created_by = asset.updated_by = by
        asset.save()
        AssetFunding.objects.bulk_create([AssetFunding(asset=asset, source=s, amount=a) for s, a in sources.items()])
        audit_create(by, asset)
    return asset


def build_asset(data: Mapping[str, Any], *, village: Region) -> Asset:
    """An unsaved asset from plain values (forms, API, import rows); raises ValidationError naming every bad field."""
    e = Errors()
    year = e.take(_year, data.get("project_year"))
    asset = Asset(
        code=e.take(text, data.get("code"), "code", "资产编号", required=False, max_length=40) or "",
        name=e.take(text, data.get("name"), "name", "资产名称") or "",
        asset_class=e.take(choice, data.get("asset_class"), codes.AssetClass, "asset_class", "资产类别") or "",
        value=e.take(money, data.get("value"), "value", "资产原值"),
        formed_on=e.take(date_value, data.get("formed_on"), "formed_on", "形成日期"),
        village=village,
        location=e.take(text, data.get("location"), "location", "具体位置", required=False) or "",
        ledger_level=e.take(
            choice, data.get("ledger_level") or "village", codes.LedgerLevel, "ledger_level", "台账级别"
        )
        or "",
        department=e.take(choice, data.get("department"), Department, "department", "行业主管部门", required=False)
        or "",
        project_name=e.take(text, data.get("project_name"), "project_name", "来源项目名称", required=False) or "",
        project_year=year,
        note=e.take(text, data.get("note"), "note", "备注", required=False, max_length=2000) or "",
    )
    if data.get("status"):
        asset.status = e.take(choice, data.get("status"), codes.AssetStatus, "status", "资产状态") or asset.status
    e.raise_if_any()
    asset.full_clean(exclude=["code", "village", "created_by", "updated_by", "project"], validate_unique=False)
    return asset


def _year(value: Any) -> int | None:
    text_value = str(value or "").strip()
    if not text_value:
        return None
    if not text_value.isdigit() or not 2012 <= int(text_value) <= 2100:
        raise ValidationError({"project_year": f"项目年度“{text_value}”应为2012–2100之间的年份"})
    return int(text_value)


def audit_create(by: Any, asset: Asset) -> None:
    audit_entry(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=asset,
        changes={k: [None, v] for k, v in asset_snapshot(asset).items() if v not in (None, "", [])},
        area_code=asset.village_id,
    )


def _household(raw: Mapping[str, Any]) -> Household | None:
    if raw.get("household_id"):
        return Household.objects.filter(pk=raw["household_id"]).first()
    number = str(raw.get("household_number") or "").strip()
    return Household.objects.filter(number=number).first() if number else None


def _owner_rows(asset: Asset, owner_type: str, owners: Sequence[Mapping[str, Any]], *, by: Any) -> list[AssetOwner]:
    if not owners:
        raise ValidationError({"owners": "请填写权属主体"})
    rows: list[AssetOwner] = []
    for n, raw in enumerate(owners, start=1):
        share = money(
            raw.get("share", "100") if len(owners) == 1 else raw.get("share"), "owners", f"第{n}个权属主体的比例"
        )
        assert share is not None
        row = AssetOwner(asset=asset, kind=owner_type, share=share, name=str(raw.get("name") or "").strip())
        if owner_type == codes.OwnerType.HOUSEHOLD:
            household = _household(raw)
            if household is None or not code_in_user_area(by, household.village_id):
                raise ValidationError({"owners": f"第{n}个权属主体：未找到该农户"})
            row.household = household
            row.name = row.name or f"农户 {household.number}"
        elif owner_type in (codes.OwnerType.COLLECTIVE, codes.OwnerType.COLLECTIVES):
            village = resolve_village(raw.get("village_code"), by=by, field="owners")
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
    owners: Sequence[Mapping[str, Any]],
    confirmed_on: Any,
    rights: Mapping[str, Any] | None = None,
) -> Asset:
    """确权: who owns the asset (shares summing to 100.00%) and who holds the other four rights."""
    require_actor(by, Capability.MANAGE_ASSETS, asset.village_id, what="资产确权")
    owner_type = choice(owner_type, codes.OwnerType, "owner_type", "所有权类型")
    if asset.asset_class == codes.AssetClass.HOUSEHOLD and owner_type != codes.OwnerType.HOUSEHOLD:
        raise ValidationError({"owner_type": "到户类资产原则上属于农户所有，所有权类型应为“农户”"})
    if not asset.is_active:
        raise ValidationError("已处置或已核销的资产不能再确权")
    on = date_value(confirmed_on, "confirmed_on", "确权日期")
    rights = dict(rights or {})
    with transaction.atomic():
        current = Asset.objects.select_for_update().get(pk=asset.pk)
        before = asset_snapshot(current)
        rows = _owner_rows(current, owner_type, owners, by=by)
        holder = "、".join(r.name if len(rows) == 1 else f"{r.name}（{r.share}%）" for r in rows)
        current.owner_type = owner_type
        current.ownership_confirmed_on = on
        current.ownership_holder = holder[:200]
        for field in ("operation_holder", "income_holder", "disposal_holder"):
            setattr(current, field, text(rights.get(field), field, "权利人", required=False) or holder[:200])
        current.supervision_holder = text(
            rights.get("supervision_holder"), "supervision_holder", "监督权人", required=False
        )
        current.updated_by = by
        current.save()
        current.owners.all().delete()
        AssetOwner.objects.bulk_create(rows)
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes=diff(before, asset_snapshot(current)),
            area_code=current.village_id,
            reason="确权",
        )
    return current


TRANSFER_FOR_OWNER = {
    codes.OwnerType.HOUSEHOLD: codes.TransferSystem.HOUSEHOLD,
    codes.OwnerType.COLLECTIVE: codes.TransferSystem.COLLECTIVE,
    codes.OwnerType.COLLECTIVES: codes.TransferSystem.COLLECTIVE,
    codes.OwnerType.STATE: codes.TransferSystem.STATE,
}


def asset_transfer(
    *, by: Any, asset: Asset, transferred_on: Any, document: Mapping[str, Any], file: UploadedFile | None = None
) -> Asset:
    """移交: hand the confirmed asset over to the collective or state asset system, with date and documents."""
    require_actor(by, Capability.MANAGE_ASSETS, asset.village_id, what="资产移交")
    if not asset.owner_type:
        raise ValidationError("资产尚未确权，不能移交")
    on = date_value(transferred_on, "transferred_on", "移交日期")
    with transaction.atomic():
        current = Asset.objects.select_for_update().get(pk=asset.pk)
        before = asset_snapshot(current)
        doc = document_create(by, current, {**document, "kind": codes.DocumentKind.TRANSFER}, file)
        current.transfer_system = TRANSFER_FOR_OWNER[codes.OwnerType(current.owner_type)]
        current.transferred_on = on
        current.updated_by = by
        current.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes={**diff(before, asset_snapshot(current)), "移交材料": str(doc)},
            area_code=current.village_id,
            reason="资产移交",
        )
    return current


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
