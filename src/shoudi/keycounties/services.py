"""Writes of the key-county ledgers, one transaction each, audited: designating a county and taking it off the
list (mirrored on the county's class in ``regions``), support measures, and the figures a county enters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.keycounties import access, codes
from shoudi.keycounties.indicators import BY_CODE
from shoudi.keycounties.models import YEAR_MIN, IndicatorValue, KeyCounty, SupportMeasure
from shoudi.regions.models import Level, Region
from shoudi.regions.services import region_classify

MAX_VALUE = Decimal("1e12")
CENT = Decimal("0.01")


def _year(value: int, field: str, label: str, *, today: dt.date) -> int:
    if not YEAR_MIN <= value <= today.year:
        raise ValidationError({field: f"{label}应在{YEAR_MIN}年至{today.year}年之间"})
    return value


@dataclass(frozen=True)
class Designation:
    level: str
    designated_year: int
    document_no: str
    source: str
    active_until: int | None = None


def _county(by: Any, code: str) -> Region:
    text = str(code or "").strip()
    found = Region.objects.filter(code=text, level=Level.COUNTY).first() if text.isdigit() else None
    if found is None:
        raise ValidationError({"county": "请选择本辖区内的县（市、区）"})
    access.require_designate(by, found.code)
    return found


@transaction.atomic
def key_county_designate(*, by: Any, county_code: str, entry: Designation) -> KeyCounty:
    """Put a county on the national or provincial list; the county's class in ``regions`` follows."""
    county = _county(by, county_code)
    today = timezone.localdate()
    if entry.level not in codes.Level.values:
        raise ValidationError({"level": "请选择国家或省级重点帮扶县"})
    year = _year(entry.designated_year, "designated_year", "认定年度", today=today)
    if entry.active_until is not None and not year <= entry.active_until <= 2100:
        raise ValidationError({"active_until": "帮扶期至应不早于认定年度"})
    active = KeyCounty.objects.select_for_update().filter(county=county, removed_on__isnull=True).first()
    if active is not None:
        raise ValidationError({"county": f"{county.name}已列为{active.get_level_display()}，请先移出再重新认定"})
    row = KeyCounty(
        county=county,
        level=entry.level,
        designated_year=year,
        document_no=clean_text(entry.document_no, field="document_no", label="认定文号", max_length=100, required=True),
        source=clean_text(entry.source, field="source", label="认定机关或文件", max_length=200, required=True),
        active_until=entry.active_until,
    )
    audited_create(row, by=by, area_code=county.code)
    region_classify(region=county, by=by, key_county=entry.level)
    return row


@transaction.atomic
def key_county_remove(
    *, by: Any, key_county: KeyCounty, on: dt.date, reason: str, expected_version: int | None = None
) -> KeyCounty:
    """Take a county off the list on ``on`` with the reason; the county's class in ``regions`` is cleared."""
    access.require_designate(by, key_county.county_id)
    if key_county.removed_on is not None:
        raise ValidationError({"removed_on": "该县已移出名单"})
    if on > timezone.localdate() or on.year < key_county.designated_year:
        raise ValidationError({"removed_on": "移出日期应在认定年度之后、不晚于今天"})
    text = clean_text(reason, field="removed_reason", label="移出原因", max_length=300, required=True)
    row, _ = audited_update(
        key_county,
        by=by,
        changes={"removed_on": on, "removed_reason": text},
        expected_version=expected_version,
        area_code=key_county.county_id,
        reason=text,
    )
    region_classify(region=key_county.county, by=by, key_county="")
    return row


@dataclass(frozen=True)
class MeasureInput:
    year: int
    category: str
    title: str
    responsible_unit: str
    content: str = ""
    status: str = codes.MeasureStatus.PLANNED
    progress_note: str = ""


def _measure_fields(entry: MeasureInput, key_county: KeyCounty) -> dict[str, Any]:
    today = timezone.localdate()
    if entry.category not in codes.MeasureCategory.values:
        raise ValidationError({"category": "请选择措施类别"})
    if entry.status not in codes.MeasureStatus.values:
        raise ValidationError({"status": "请选择进展状态"})
    if not YEAR_MIN <= entry.year <= today.year + 1:
        raise ValidationError({"year": f"年度应在{YEAR_MIN}年至{today.year + 1}年之间"})
    return {
        "year": entry.year,
        "category": entry.category,
        "title": clean_text(entry.title, field="title", label="措施名称", max_length=200, required=True),
        "responsible_unit": clean_text(
            entry.responsible_unit, field="responsible_unit", label="责任单位", max_length=100, required=True
        ),
        "content": clean_text(entry.content, field="content", label="主要内容", max_length=2000),
        "status": entry.status,
        "progress_note": clean_text(entry.progress_note, field="progress_note", label="进展说明", max_length=1000),
    }


def _recordable(by: Any, key_county: KeyCounty) -> None:
    access.require_record(by, key_county.county_id)
    if key_county.removed_on is not None:
        raise ValidationError("该县已移出重点帮扶县名单，不能再填报", code="removed")


@transaction.atomic
def measure_create(*, by: Any, key_county: KeyCounty, entry: MeasureInput) -> SupportMeasure:
    _recordable(by, key_county)
    row = SupportMeasure(key_county=key_county, **_measure_fields(entry, key_county))
    return audited_create(row, by=by, area_code=key_county.county_id)


@transaction.atomic
def measure_update(
    *, by: Any, measure: SupportMeasure, entry: MeasureInput, expected_version: int | None = None
) -> SupportMeasure:
    _recordable(by, measure.key_county)
    row, _ = audited_update(
        measure,
        by=by,
        changes=_measure_fields(entry, measure.key_county),
        expected_version=expected_version,
        area_code=measure.key_county.county_id,
    )
    return row


def _value(code: str, value: Decimal) -> Decimal:
    item = BY_CODE.get(code)
    if item is None or item.derive is not None:
        raise ValidationError({"code": "请选择可填报的指标"})
    if not value.is_finite() or abs(value) >= MAX_VALUE:
        raise ValidationError({"value": "数值超出允许范围"})
    if value < 0 and not item.signed:
        raise ValidationError({"value": f"“{item.name}”不能为负数"})
    if value != value.quantize(CENT):
        raise ValidationError({"value": "最多保留两位小数"})
    return value.quantize(CENT)


@transaction.atomic
def value_set(
    *,
    by: Any,
    key_county: KeyCounty,
    year: int,
    code: str,
    value: Decimal,
    source: str,
    note: str = "",
    expected_version: int | None = None,
) -> IndicatorValue:
    """Enter (or correct) a figure of a year with its source; for a computed indicator it replaces the system's
    figure in the evaluation, shown as such."""
    _recordable(by, key_county)
    fields = {
        "value": _value(code, value),
        "source": clean_text(source, field="source", label="数据来源", max_length=200, required=True),
        "note": clean_text(note, field="note", label="说明", max_length=300),
    }
    year = _year(year, "year", "年度", today=timezone.localdate())
    found = IndicatorValue.objects.select_for_update().filter(key_county=key_county, year=year, code=code).first()
    if found is None:
        row = IndicatorValue(key_county=key_county, year=year, code=code, **fields)
        return audited_create(row, by=by, area_code=key_county.county_id)
    updated, _ = audited_update(
        found, by=by, changes=fields, expected_version=expected_version, area_code=key_county.county_id
    )
    return updated
