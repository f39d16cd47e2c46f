"""Growers from a spreadsheet (种养主体导入): the county's 农业农村 bureau keeps its list of 种植/养殖户 and 合作社 in
Excel — one row per product and grower: 重点农产品, 户编号 (a registry household of the county) or 合作社/企业名称
(a supplier of the county's 消费帮扶 ledger, with its village), 种养规模, 规模单位, 备注.

All or nothing: every row is checked first (``import_common.check_rows``), each problem listed as "第N行 列名：问题",
and nothing is written unless every row is good. A household number that is not one of the county's households
is refused with the same words whether it is unknown or of another county ("不在本县"): the import confirms no
household outside the importer's county. A grower already linked keeps one row; importing the file again sets
its scale, unit and note to the file's (``produce.grower_save``), so the same file twice changes nothing.

Run as a background job (``produce_imports``), like the series import."""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import in_area
from shoudi.markets import produce
from shoudi.markets.access import RECORD_PRODUCE, require_may
from shoudi.markets.import_common import Sheet, check_rows, read_rows, template_bytes
from shoudi.markets.models_consumption import Supplier
from shoudi.markets.models_produce import Commodity
from shoudi.markets.produce_import import commodity_names
from shoudi.registry.models import Household

SHEET = Sheet(
    what="种养主体",
    columns={
        "重点农产品": "commodity",
        "户编号": "household_number",
        "合作社/企业名称": "supplier",
        "种养规模": "scale",
        "规模单位": "scale_unit",
        "备注": "note",
    },
    required=("重点农产品",),
    marker="重点农产品",
    max_rows=10_000,
)
EXAMPLE = {"重点农产品": "猕猴桃", "户编号": "5206281012030001", "种养规模": "5", "规模单位": "亩", "备注": "红心品种"}


@dataclass(frozen=True)
class Imported:
    rows: int
    created: int
    updated: int
    unchanged: int
    commodities: int


@dataclass(frozen=True)
class Planned:
    commodity: Commodity
    entry: produce.GrowerInput
    household: Household | None
    supplier: Supplier | None


def _scale(value: str) -> Decimal | None:
    text = (value or "").replace(",", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValidationError({"scale": f"种养规模“{text[:20]}”不是数字"})
    return number


def plan(county: str, rows: list[tuple[int, dict[str, str]]]) -> list[Planned]:
    """Every row checked against the county's products, households and suppliers (nothing written); refused
    with ``RowsRefused`` listing every bad row."""
    names = commodity_names(county)
    numbers = {r.get("household_number", "") for _, r in rows} - {""}
    households = {
        h.number: h
        for h in Household.objects.filter(in_area("village_id", county), number__in=[n[:20] for n in numbers])
    }
    wanted = {r.get("supplier", "") for _, r in rows} - {""}
    suppliers = {s.name: s for s in Supplier.objects.filter(county_id=county, name__in=[n[:200] for n in wanted])}
    seen: dict[tuple[Any, ...], int] = {}

    def check(number: int, row: dict[str, str]) -> Planned:
        found: dict[str, list[str]] = {}

        def fail(key: str, message: str) -> None:
            found.setdefault(key, []).append(message)

        name = row.get("commodity", "")
        commodity = names.get(name)
        if not name:
            fail("commodity", "重点农产品不能为空")
        elif commodity is None:
            fail("commodity", f"本县没有重点农产品“{name[:50]}”，请先在系统中登记")
        code, firm = row.get("household_number", ""), row.get("supplier", "")
        household, supplier = households.get(code), suppliers.get(firm)
        if code and firm:
            fail("household_number", "户编号与合作社/企业名称只能填写一项")
        elif not code and not firm:
            fail("household_number", "请填写户编号，或填写合作社/企业名称")
        elif code and household is None:
            fail("household_number", f"户编号“{code[:20]}”不在本县")
        elif firm and supplier is None:
            fail("supplier", f"本县消费帮扶供应商中没有“{firm[:50]}”，请先登记该合作社/企业")
        elif supplier is not None and not supplier.village_id:
            fail("supplier", f"“{firm[:50]}”没有登记所在村，请先在供应商中填写")
        entry = produce.GrowerInput(scale_unit=row.get("scale_unit", ""), note=row.get("note", ""))
        try:
            entry = replace(entry, scale=_scale(row.get("scale", "")))
            produce.grower_details(entry)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                found.setdefault(field, []).extend(messages)
        grower = household or supplier
        if commodity is not None and grower is not None:
            key: tuple[Any, ...] = (commodity.pk, type(grower).__name__, grower.pk)
            if key in seen:
                what = "户编号" if household else "合作社/企业"
                fail("household_number" if household else "supplier", f"与第{seen[key]}行是同一产品的同一{what}")
            seen.setdefault(key, number)
        if found:
            raise ValidationError(found)
        assert commodity is not None
        return Planned(commodity, entry, household, supplier)

    return check_rows(SHEET, rows, check)


def import_file(*, by: Any, path: Path, name: str) -> Imported:
    county = (getattr(by, "area_id", "") or "")[:6]
    require_may(by, RECORD_PRODUCE, county)
    planned = plan(county, read_rows(SHEET, path, name))
    outcomes = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        for p in planned:
            _grower, outcome = produce.grower_save(
                by=by, commodity=p.commodity, entry=p.entry, household=p.household, supplier=p.supplier
            )
            outcomes[outcome] += 1
    return Imported(
        rows=len(planned),
        **outcomes,
        commodities=len({p.commodity.pk for p in planned}),
    )


def template() -> bytes:
    return template_bytes(
        SHEET,
        EXAMPLE,
        {},
        "每行一个产品的一个种养主体：本县农户填户编号，合作社/企业填名称（二者填一项）。所有行检查无误才会导入；"
        "已登记的种养主体按本文件更新种养规模、规模单位和备注，重复导入同一文件不会重复登记。",
        [
            ("重点农产品", "是", "本县已登记的重点农产品名称或别名", "如 猕猴桃"),
            ("户编号", "二选一", "本县建档农户的户编号", "如 5206281012030001"),
            ("合作社/企业名称", "二选一", "本县消费帮扶供应商中登记的合作社/企业全称（须已填所在村）", ""),
            ("种养规模", "否", "数字，最多三位小数", "如 5"),
            ("规模单位", "否", "最多20字", "如 亩、头、羽"),
            ("备注", "否", "最多200字", ""),
        ],
    )
