"""Series from a spreadsheet (价格产销数据导入): one row per product and period — 重点农产品, 期初日期, 价格, 产量, 库存量,
销量. All or nothing: every row is checked first, each problem listed as "第N行 列名：问题" (``RowsRefused``), and
nothing is written unless every row is good. A row's period is upserted (a period already kept is replaced); the
date is normalised to the period's start (the Monday of its week, or the 1st of its month).

The product is found by its name (or one of its keywords) among the key products of the importer's county. Run as
a background job (``produce_imports``), like the grower import; the sheet is read by ``import_common``."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.inputs import Errors, date_value
from shoudi.markets import codes, import_common, produce
from shoudi.markets.access import RECORD_PRODUCE, require_may
from shoudi.markets.import_common import RowsRefused, Sheet
from shoudi.markets.models_produce import Commodity
from shoudi.registry.io.errors import RowError

COLUMNS: dict[str, str] = {
    "重点农产品": "commodity",
    "期初日期": "period_start",
    "价格": "price",
    "产量": "output",
    "库存量": "stock",
    "销量": "sales",
}
SHEET = Sheet(
    what="价格产销数据", columns=COLUMNS, required=("重点农产品", "期初日期"), marker="期初日期", max_rows=20_000
)
MAX_ROWS = SHEET.max_rows
HEADER_OF = SHEET.header_of
EXAMPLE = {
    "重点农产品": "猕猴桃",
    "期初日期": "2026-11-02",
    "价格": "8.50",
    "产量": "120",
    "库存量": "40",
    "销量": "95",
}


@dataclass(frozen=True)
class Imported:
    rows: int
    commodities: int


@dataclass
class Checked:
    errors: list[RowError] = field(default_factory=list)
    plan: list[tuple[Commodity, produce.ObservationInput]] = field(default_factory=list)


def _number(value: str, field_name: str, label: str) -> Decimal | None:
    text = (value or "").replace(",", "").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise ValidationError({field_name: f"{label}“{text[:20]}”不是数字"}) from None
    if not number.is_finite():
        raise ValidationError({field_name: f"{label}“{text[:20]}”不是数字"})
    return number


def commodity_names(county: str) -> dict[str, Commodity]:
    """The county's key products by name, and by each keyword (a name wins over another product's keyword)."""
    rows = list(Commodity.objects.filter(county_id=county))
    found: dict[str, Commodity] = {c.name: c for c in rows}
    for c in rows:
        for word in produce_words(c):
            found.setdefault(word, c)
    return found


def produce_words(c: Commodity) -> list[str]:
    from shoudi.markets.selectors_produce import SPLIT

    return [w for w in SPLIT.split(c.keywords or "") if w]


def check(by: Any, rows: list[tuple[int, dict[str, str]]]) -> Checked:
    county = (by.area_id or "")[:6]
    require_may(by, RECORD_PRODUCE, county)
    names = commodity_names(county)
    checked = Checked()
    seen: dict[tuple[Any, Any], int] = {}
    for number, row in rows:
        e = Errors()
        name = row.get("commodity", "").strip()
        commodity = names.get(name)
        if not name:
            e.add(ValidationError({"commodity": "重点农产品不能为空"}))
        elif commodity is None:
            e.add(ValidationError({"commodity": f"本县没有重点农产品“{name[:50]}”，请先在系统中登记"}))
        day = e.take(date_value, row.get("period_start"), "period_start", "期初日期")
        entry = produce.ObservationInput(
            period_start=day,
            price=e.take(_number, row.get("price", ""), "price", "价格"),
            output=e.take(_number, row.get("output", ""), "output", "产量"),
            stock=e.take(_number, row.get("stock", ""), "stock", "库存量"),
            sales=e.take(_number, row.get("sales", ""), "sales", "销量"),
        )
        if commodity is not None and day is not None and not e.found:
            values = e.take(produce.observation_values, commodity, entry)
            if values is not None:
                key = (commodity.pk, values["period_start"])
                if key in seen:
                    e.add(ValidationError({"period_start": f"与第{seen[key]}行是同一期（{values['period_start']}）"}))
                seen.setdefault(key, number)
                checked.plan.append((commodity, entry))
        for key_name, messages in e.found.items():
            for message in messages:
                checked.errors.append(RowError(number, HEADER_OF.get(key_name, key_name), message))
    return checked


def import_file(*, by: Any, path: Path, name: str) -> Imported:
    checked = check(by, import_common.read_rows(SHEET, path, name))
    if checked.errors:
        raise RowsRefused(checked.errors)
    with transaction.atomic():
        for commodity, entry in checked.plan:
            produce.observation_save(by=by, commodity=commodity, entry=entry, source=codes.ObservationSource.IMPORTED)
    return Imported(rows=len(checked.plan), commodities=len({c.pk for c, _ in checked.plan}))


def template() -> bytes:
    return import_common.template_bytes(
        SHEET,
        EXAMPLE,
        {},
        "每行一个产品一期的数据；同一产品同一期已有数据的将被覆盖。所有行检查无误才会导入。",
        [
            ("重点农产品", "是", "本县已登记的重点农产品名称或别名", ""),
            ("期初日期", "是", "周数据填该周周一，月数据填当月1日；其他日期按所在周（月）归期", "如 2026-11-02"),
            ("价格", "否", "按产品的价格单位，最多两位小数", ""),
            ("产量/库存量/销量", "否", "按产品的数量单位，最多三位小数；四项至少填一项", ""),
        ],
    )
