"""Schemas of /api/v1/key-counties/ (names prefixed ``Kc``: unique across the whole API)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import InputSchema
from shoudi.keycounties.evaluation import Figure, SheetRow
from shoudi.keycounties.models import YEAR_MAX, YEAR_MIN, IndicatorValue, KeyCounty, SupportMeasure

MAX_VALUE = Decimal("99999999999.99")


class KcKeyCountyOut(Schema):
    id: uuid.UUID
    county_code: str = Field(title="县区划代码")
    county_name: str = Field(title="县名称")
    level: str = Field(title="类别代码")
    level_label: str = Field(title="类别")
    designated_year: int = Field(title="认定年度")
    document_no: str = Field(title="认定文号")
    source: str = Field(title="认定机关或文件")
    active_until: int | None = Field(None, title="帮扶期至（年）")
    removed_on: dt.date | None = Field(None, title="移出日期")
    removed_reason: str = Field(title="移出原因")
    measure_count: int | None = Field(None, title="支持措施数")
    version: int = Field(title="版本（修改时回传）")


class KcKeyCountyPage(Schema):
    count: int
    items: list[KcKeyCountyOut]


class KcDesignateIn(InputSchema):
    county_code: str = Field(title="县区划代码（6位）", max_length=6)
    level: str = Field(title="类别：national 国家、provincial 省级", max_length=20)
    designated_year: int = Field(title="认定年度", ge=YEAR_MIN, le=YEAR_MAX)
    document_no: str = Field(title="认定文号", max_length=100)
    source: str = Field(title="认定机关或文件", max_length=200)
    active_until: int | None = Field(None, title="帮扶期至（年）", ge=YEAR_MIN, le=YEAR_MAX)


class KcRemoveIn(InputSchema):
    removed_on: dt.date = Field(title="移出日期")
    removed_reason: str = Field(title="移出原因", max_length=300)
    version: int | None = Field(None, title="版本（他人先改过则 409）", ge=0, le=2_000_000_000)


class KcMeasureOut(Schema):
    id: uuid.UUID
    key_county_id: uuid.UUID
    year: int
    category: str
    category_label: str
    title: str
    responsible_unit: str
    content: str
    status: str
    status_label: str
    progress_note: str
    version: int


class KcMeasureIn(InputSchema):
    year: int = Field(title="年度", ge=YEAR_MIN, le=YEAR_MAX)
    category: str = Field(title="类别代码", max_length=20)
    title: str = Field(title="措施名称", max_length=200)
    responsible_unit: str = Field(title="责任单位", max_length=100)
    content: str = Field("", title="主要内容", max_length=2000)
    status: str = Field("planned", title="进展状态代码", max_length=20)
    progress_note: str = Field("", title="进展说明", max_length=1000)


class KcMeasureUpdateIn(KcMeasureIn):
    version: int | None = Field(None, title="版本（他人先改过则 409）", ge=0, le=2_000_000_000)


class KcValueIn(InputSchema):
    year: int = Field(title="年度", ge=YEAR_MIN, le=YEAR_MAX)
    code: str = Field(title="指标代码", max_length=40)
    value: Decimal = Field(title="数值", ge=-MAX_VALUE, le=MAX_VALUE, max_digits=13, decimal_places=2)
    source: str = Field(title="数据来源（必填）", max_length=200)
    note: str = Field("", title="说明", max_length=300)
    version: int | None = Field(None, title="版本（更正时回传，他人先改过则 409）", ge=0, le=2_000_000_000)


class KcValueOut(Schema):
    id: uuid.UUID
    year: int
    code: str
    name: str
    value: str
    source: str
    note: str
    entered_by: str
    entered_at: dt.datetime
    version: int


class KcFigureOut(Schema):
    code: str
    name: str
    unit: str
    direction: str = Field(title="方向：higher 越高越好、lower 越低越好、neutral 仅作参考")
    how: str = Field(title="取得方式：computed 系统计算、entered 填报")
    value: str | None = Field(None, title="采用的数值（缺数据为空）")
    computed: str | None = Field(None, title="系统计算值")
    entered: str | None = Field(None, title="填报值")
    origin: str = Field(title="computed、entered、overridden（填报替代系统计算）、missing")
    origin_label: str
    source: str = Field(title="数据来源或计算口径")
    basis: str = Field(title="政策依据")
    goal: str = Field("", title="目标")


class KcFiguresOut(Schema):
    key_county_id: uuid.UUID
    year: int
    missing: int
    figures: list[KcFigureOut]


class KcSheetRowOut(Schema):
    figure: KcFigureOut
    previous: str | None = Field(None, title="上年数值")
    verdict: str = Field(title="met 达到、not_met 未达到、unknown 无法判断、reference 仅作参考")
    verdict_label: str
    basis: str = Field(title="评价依据")


class KcSheetOut(Schema):
    key_county: KcKeyCountyOut
    year: int
    summary: dict[str, int]
    rows: list[KcSheetRowOut]
    measures: list[KcMeasureOut]


def text(value: Decimal | None) -> str | None:
    return None if value is None else f"{value}"


def key_county_out(k: KeyCounty) -> dict[str, Any]:
    return {
        "id": k.pk,
        "county_code": k.county_id,
        "county_name": k.county.name,
        "level": k.level,
        "level_label": k.get_level_display(),
        "designated_year": k.designated_year,
        "document_no": k.document_no,
        "source": k.source,
        "active_until": k.active_until,
        "removed_on": k.removed_on,
        "removed_reason": k.removed_reason,
        "measure_count": getattr(k, "measure_count", None),
        "version": k.version,
    }


def measure_out(m: SupportMeasure) -> dict[str, Any]:
    return {
        "id": m.pk,
        "key_county_id": m.key_county_id,
        "year": m.year,
        "category": m.category,
        "category_label": m.get_category_display(),
        "title": m.title,
        "responsible_unit": m.responsible_unit,
        "content": m.content,
        "status": m.status,
        "status_label": m.get_status_display(),
        "progress_note": m.progress_note,
        "version": m.version,
    }


def value_out(v: IndicatorValue, name: str) -> dict[str, Any]:
    by = v.updated_by or v.created_by
    return {
        "id": v.pk,
        "year": v.year,
        "code": v.code,
        "name": name,
        "value": f"{v.value}",
        "source": v.source,
        "note": v.note,
        "entered_by": getattr(by, "display_name", "") if by else "",
        "entered_at": v.updated_at,
        "version": v.version,
    }


def figure_out(f: Figure) -> dict[str, Any]:
    item = f.indicator
    return {
        "code": item.code,
        "name": item.name,
        "unit": item.unit,
        "direction": item.direction,
        "how": item.how,
        "value": text(f.value),
        "computed": text(f.computed),
        "entered": text(f.entered.value) if f.entered is not None else None,
        "origin": f.origin,
        "origin_label": f.origin_label,
        "source": f.source_text,
        "basis": item.basis,
        "goal": f.goal.text if f.goal is not None else "",
    }


def row_out(r: SheetRow) -> dict[str, Any]:
    return {
        "figure": figure_out(r.figure),
        "previous": text(r.previous.value),
        "verdict": r.verdict,
        "verdict_label": r.verdict_label,
        "basis": r.basis,
    }
