"""Import of existing asset ledgers (XLSX/CSV: staged, every row checked first, all-or-nothing) and export of the
ledgers in the layout counties keep (one sheet per class, plus the write-off ledger).

Reuses the registry's reader (``open_table``: size, type and encoding checks), its ``RowError`` ("第N行 列名：…")
and its formula guard (``core.exports.guard``)."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.assets.models import Asset, AssetFunding, AssetOwner, ImportBatch
from shoudi.assets.services.common import Errors, choice, money, require_actor
from shoudi.assets.services.ledger import audit_create, build_asset, resolve_village
from shoudi.core import exports
from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Region
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import open_table
from shoudi.registry.models import Household

# header → key of the row dict given to ``build_asset`` (and to ownership / funding handling)
COLUMNS: dict[str, str] = {
    "资产编号": "code",
    "资产名称": "name",
    "资产类别": "asset_class",
    "所在村代码": "village_code",
    "具体位置": "location",
    "台账级别": "ledger_level",
    "资产原值（元）": "value",
    "形成日期": "formed_on",
    "来源项目名称": "project_name",
    "项目年度": "project_year",
    "资产状态": "status",
    **{f"{label}（元）": f"fund_{value}" for value, label in FundSource.choices},
    "所有权类型": "owner_type",
    "所有权人": "owners",
    "经营权人": "operation_holder",
    "收益权人": "income_holder",
    "处置权人": "disposal_holder",
    "监督权人": "supervision_holder",
    "管护主体": "maintenance_owner",
    "管护责任人": "maintenance_person",
    "经营方式": "operation_mode",
    "运营主体": "operator",
    "备注": "note",
}
HOLDER_KEYS = (
    "operation_holder",
    "income_holder",
    "disposal_holder",
    "supervision_holder",
    "maintenance_owner",
    "maintenance_person",
    "operator",
)
REQUIRED = ("资产名称", "资产类别", "所在村代码", "资产原值（元）", "形成日期")
HEADER_BY_KEY = {v: k for k, v in COLUMNS.items()} | {"village": "所在村代码", "fundings": "资产原值（元）"}
KEY_BY_NORMAL = {norm_header(header): key for header, key in COLUMNS.items()}  # headers as the reader normalises them


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    raw = str(value)
    if len(raw) > 1 and raw[0] == exports.GUARD and raw[1] in exports.FORMULA_PREFIXES:
        raw = raw[1:]  # our own export's formula guard comes off again
    return raw.strip()


def read_rows(path: Path, name: str) -> list[tuple[int, dict[str, str]]]:
    """(row number, {key: text}) for every non-blank data row; the header is the row naming 资产名称."""
    table = open_table(path, name=name)
    header = [norm_header(h) for h in table.headers]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, cells in table.rows():
        if "资产名称" not in header:
            if "资产名称" in {norm_header(c) for c in cells}:
                header = [norm_header(c) for c in cells]
            continue
        values = {KEY_BY_NORMAL[h]: cell_text(v) for h, v in zip(header, cells, strict=False) if h in KEY_BY_NORMAL}
        if any(values.values()):
            rows.append((number, values))
    missing = [h for h in REQUIRED if norm_header(h) not in header]
    if missing:
        raise ImportRefused(f"文件“{name}”缺少列：{'、'.join(missing)}（请使用导出的台账或导入模板）")
    return rows


def _owners(row: Mapping[str, str], village: Region, by: Any) -> tuple[str, list[AssetOwner]]:
    kind = choice(row.get("owner_type"), codes.OwnerType, "owner_type", "所有权类型", required=False)
    text = row.get("owners", "").strip()
    if not kind:
        return "", []
    if kind == codes.OwnerType.COLLECTIVE:
        name = text or f"{village.name.removesuffix('村民委员会')}集体经济组织"
        return kind, [AssetOwner(kind=kind, name=name, collective_village=village, share=Decimal(100))]
    if kind == codes.OwnerType.STATE:
        if not text:
            raise ValidationError({"owners": "国有资产须填写管理单位"})
        return kind, [AssetOwner(kind=kind, name=text, share=Decimal(100))]
    if kind == codes.OwnerType.HOUSEHOLD:
        household = Household.objects.filter(number=text).first()
        if household is None or not code_in_user_area(by, household.village_id):
            raise ValidationError({"owners": f"户编号“{text}”未找到（到户类资产的所有权人请填写户编号）"})
        return kind, [AssetOwner(kind=kind, name=f"农户 {household.number}", household=household, share=Decimal(100))]
    owners = []
    for part in text.replace("；", ";").split(";"):
        if not part.strip():
            continue
        code, _, share = part.replace("：", ":").partition(":")
        region = resolve_village(code.strip(), by=by, field="owners")
        amount = money(share, "owners", f"村“{code.strip()}”的比例")
        owners.append(
            AssetOwner(
                kind=kind,
                name=f"{region.name.removesuffix('村民委员会')}集体经济组织",
                collective_village=region,
                share=amount,
            )
        )
    total = sum((o.share for o in owners), Decimal(0))
    if len(owners) < 2 or total != Decimal(100):
        raise ValidationError(
            {"owners": f"按份共有请写“村代码:比例;村代码:比例”，至少两个村，比例合计100.00（当前{total:.2f}）"}
        )
    return kind, owners


def check_row(row: Mapping[str, str], by: Any) -> tuple[Asset, dict[str, Decimal], list[AssetOwner]]:
    """One import row as an unsaved asset, its funds and owners; every bad cell of the row is reported."""
    e = Errors()
    village = e.take(resolve_village, row.get("village_code"), by=by)
    asset = e.take(build_asset, row, village=village or Region(code="000000000000"))
    mode = e.take(choice, row.get("operation_mode"), codes.OperationMode, "operation_mode", "经营方式", required=False)
    fundings = {}
    for source in FundSource.values:
        value = e.take(money, row.get(f"fund_{source}"), f"fund_{source}", FundSource(source).label, required=False)
        if value:
            fundings[source] = value
    owned = e.take(_owners, row, village, by) if village else None
    e.raise_if_any()
    assert asset is not None and owned is not None
    for key in HOLDER_KEYS:
        setattr(asset, key, row.get(key, "")[:200])
    asset.operation_mode = mode or ""
    if fundings and sum(fundings.values()) != asset.value:
        e.add(
            ValidationError(
                {"fundings": f"各来源资金合计{sum(fundings.values()):.2f}元与资产原值{asset.value:.2f}元不一致"}
            )
        )
    asset.owner_type, owners = owned
    if asset.asset_class == codes.AssetClass.HOUSEHOLD and asset.owner_type not in ("", codes.OwnerType.HOUSEHOLD):
        e.add(ValidationError({"owner_type": "到户类资产的所有权类型应为“农户”"}))
    e.raise_if_any()
    if owners:
        asset.ownership_holder = "、".join(o.name for o in owners)[:200]
    return asset, fundings, owners


def validate(rows: Iterable[tuple[int, Mapping[str, str]]], by: Any) -> list[RowError]:
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, row in rows:
        code = row.get("code", "")
        if code:
            if code in seen:
                errors.append(RowError(number, "资产编号", f"与第{seen[code]}行重复"))
            elif Asset.objects.filter(code=code).exists():
                errors.append(RowError(number, "资产编号", f"“{code}”已在台账中"))
            seen.setdefault(code, number)
        try:
            check_row(row, by)
        except ValidationError as exc:
            for key, messages in exc.message_dict.items():
                for message in messages:
                    errors.append(RowError(number, HEADER_BY_KEY.get(key, key), message))
    return errors


def import_stage(*, by: Any, file: UploadedFile) -> ImportBatch:
    """Read and check every row; nothing enters the ledger until ``import_apply``."""
    require_actor(by, Capability.IMPORT_ASSETS, by.area_id or "", what="资产台账导入")
    name = file.name or "台账.xlsx"
    with tempfile.NamedTemporaryFile(suffix=Path(name).suffix or ".xlsx") as tmp:
        for chunk in file.chunks():
            tmp.write(chunk)
        tmp.flush()
        rows = read_rows(Path(tmp.name), name)
    errors = validate(rows, by)
    return ImportBatch.objects.create(
        file_name=name[:200],
        area_code=by.area_id,
        status=ImportBatch.Status.INVALID if errors or not rows else ImportBatch.Status.STAGED,
        rows=[{"row": n, **r} for n, r in rows],
        errors=[str(e) for e in errors] or ([] if rows else ["文件中没有资产数据行"]),
        created_by=by,
        updated_by=by,
    )


def import_apply(*, by: Any, batch: ImportBatch) -> int:
    """All rows or none: checked again (the ledger may have changed since staging), then written."""
    require_actor(by, Capability.IMPORT_ASSETS, batch.area_code, what="资产台账导入")
    if batch.status != ImportBatch.Status.STAGED:
        raise ValidationError("该批次不能导入（已导入或有错误）")
    rows = [(r["row"], {k: v for k, v in r.items() if k != "row"}) for r in batch.rows]
    with transaction.atomic():
        errors = validate(rows, by)
        if errors:
            raise ValidationError([str(e) for e in errors])
        from shoudi.assets.services.ledger import next_asset_code

        for _number, row in rows:
            asset, fundings, owners = check_row(row, by)
            asset.code = asset.code or next_asset_code(asset.village_id)
            asset.created_by = asset.updated_by = by
            asset.save()
            AssetFunding.objects.bulk_create(
                [AssetFunding(asset=asset, source=s, amount=a) for s, a in fundings.items()]
            )
            for owner in owners:
                owner.asset = asset
            AssetOwner.objects.bulk_create(owners)
            audit_create(by, asset)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_count = len(rows)
        batch.updated_by = by
        batch.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=batch,
            changes={"导入条数": len(rows)},
            area_code=batch.area_code,
        )
    return len(rows)


def template_bytes() -> bytes:
    """An empty import template: the header row and one example row (through ``core.exports``)."""
    example = {
        "资产名称": "示例：村级光伏电站",
        "资产类别": "经营性资产",
        "所在村代码": "（12位村代码）",
        "资产原值（元）": "300000.00",
        "形成日期": "2019-06-30",
        "所有权类型": "村集体经济组织",
    }

    def build(book: exports.Workbook) -> None:
        sheet = book.sheet("资产台账", [exports.Column(header, "text") for header in COLUMNS])
        sheet.write(example)

    return exports.export_bytes(build)
