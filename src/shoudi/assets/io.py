"""Reading and checking the rows of an existing asset ledger (XLSX/CSV) — the one place where text from a file
is parsed (``core.inputs``) into the typed input of the ledger services. The staging and the writing run as a
job (``assets.imports``, ``assets.jobs``).

Reuses the registry's reader (``open_table``: size, type and encoding checks), its ``RowError`` ("第N行 列名：…")
and its formula guard (``core.exports.guard``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.accounts.roles import Department
from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.assets.models import Asset, AssetOwner
from shoudi.assets.services.inputs import AssetInput
from shoudi.assets.services.ledger import build_asset, check_fundings, next_asset_code, resolve_village, save_new
from shoudi.core import exports
from shoudi.core.access import code_in_user_area
from shoudi.core.inputs import Errors, choice, date_value, money, text
from shoudi.regions.models import Region
from shoudi.registry.io.columns import norm_header
from shoudi.registry.io.errors import ImportRefused, RowError
from shoudi.registry.io.reader import open_table
from shoudi.registry.models import Household

Progress = Callable[[str, int, int], None]

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


def _year(value: str) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    if not value.isdigit() or not 2012 <= int(value) <= 2100:
        raise ValidationError({"project_year": f"项目年度“{value}”应为2012–2100之间的年份"})
    return int(value)


def row_input(row: Mapping[str, str]) -> AssetInput:
    """One row's text parsed into the typed input of ``asset_create`` (codes or their Chinese labels); every
    bad cell of the row is reported."""
    e = Errors()
    fundings = {}
    for source in FundSource.values:
        amount = e.take(money, row.get(f"fund_{source}"), f"fund_{source}", FundSource(source).label, required=False)
        if amount:
            fundings[source] = amount
    data = AssetInput(
        code=e.take(text, row.get("code"), "code", "资产编号", required=False, max_length=40) or "",
        name=e.take(text, row.get("name"), "name", "资产名称") or "",
        asset_class=e.take(choice, row.get("asset_class"), codes.AssetClass, "asset_class", "资产类别") or "",
        village_code=row.get("village_code", ""),
        value=e.take(money, row.get("value"), "value", "资产原值"),
        formed_on=e.take(date_value, row.get("formed_on"), "formed_on", "形成日期"),
        location=e.take(text, row.get("location"), "location", "具体位置", required=False) or "",
        ledger_level=e.take(choice, row.get("ledger_level") or "village", codes.LedgerLevel, "ledger_level", "台账级别")
        or "",
        department=e.take(choice, row.get("department"), Department, "department", "行业主管部门", required=False)
        or "",
        project_name=e.take(text, row.get("project_name"), "project_name", "来源项目名称", required=False) or "",
        project_year=e.take(_year, row.get("project_year", "")),
        status=e.take(choice, row.get("status"), codes.AssetStatus, "status", "资产状态", required=False) or "",
        note=e.take(text, row.get("note"), "note", "备注", required=False, max_length=2000) or "",
        fundings=fundings,
    )
    e.raise_if_any()
    return data


def check_row(row: Mapping[str, str], by: Any) -> tuple[Asset, dict[str, Decimal], list[AssetOwner]]:
    """One import row as an unsaved asset, its funds and owners; every bad cell of the row is reported."""
    e = Errors()
    village = e.take(resolve_village, row.get("village_code"), by=by, field="village_code")
    data = e.take(row_input, row)
    mode = e.take(choice, row.get("operation_mode"), codes.OperationMode, "operation_mode", "经营方式", required=False)
    owned = e.take(_owners, row, village, by) if village else None
    e.raise_if_any()
    assert data is not None and owned is not None
    asset = build_asset(data, village=village)
    fundings = check_fundings(data.fundings, asset.value)
    for key in HOLDER_KEYS:
        setattr(asset, key, row.get(key, "")[:200])
    asset.operation_mode = mode or ""
    asset.owner_type, owners = owned
    if asset.asset_class == codes.AssetClass.HOUSEHOLD and asset.owner_type not in ("", codes.OwnerType.HOUSEHOLD):
        raise ValidationError({"owner_type": "到户类资产的所有权类型应为“农户”"})
    if owners:
        asset.ownership_holder = "、".join(o.name for o in owners)[:200]
    return asset, fundings, owners


def validate(
    rows: Sequence[tuple[int, Mapping[str, str]]], by: Any, progress: Progress | None = None
) -> list[RowError]:
    """Every row checked; the errors as "第N行 列名：问题"."""
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for done, (number, row) in enumerate(rows, start=1):
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
        if progress is not None:
            progress("逐行检查", done, len(rows))
    return errors


def write_rows(rows: Sequence[tuple[int, Mapping[str, str]]], by: Any) -> int:
    """Write checked rows (in the caller's transaction), each asset with its funds, owners and audit entry."""
    for _number, row in rows:
        asset, fundings, owners = check_row(row, by)
        asset.code = asset.code or next_asset_code(asset.village_id)
        save_new(by, asset, fundings, owners)
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
