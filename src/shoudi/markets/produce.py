"""Writes of 农副产品滞销监测预警: key products (commodities), their period figures, their growers, the responses to a
warning and its closing. The county's 农业农村 clerk or 乡村振兴 officer (``RECORD_PRODUCE``) keeps them for their
own county; every write is one transaction with its audit entry; every refusal is a Chinese ``ValidationError``
naming the field.

- A period's figures are kept once per commodity and period (upsert): the date given is normalised to the period's
  start — the Monday of its week (weekly series) or the 1st of its month (monthly) — and may not lie after the
  current period.
- A warning is ``open`` when raised, ``responding`` from its first response, ``closed`` only by a person, with a
  note (and the version they saw)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import NotVisible, code_in_user_area, in_area
from shoudi.core.audit import audited_create, audited_delete, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.inputs import choice, clean_text
from shoudi.markets import codes
from shoudi.markets.access import RECORD_PRODUCE, require_may
from shoudi.markets.models_consumption import Buyer, Supplier
from shoudi.markets.models_produce import Commodity, Grower, Observation, ProduceWarning, WarningResponse
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

MAX_FIGURE = Decimal("1000000000")  # below the columns' 12 integer digits
EARLIEST = dt.date(2000, 1, 1)
CONFLICT = "该预警已被他人处理，请刷新后重试"
COMMODITY_FIELDS = ["name", "category", "keywords", "unit", "price_unit", "frequency", "active"]


def period_start(day: dt.date, frequency: str) -> dt.date:
    """The start of the period ``day`` lies in: its week's Monday, or its month's 1st."""
    if frequency == codes.Frequency.MONTH:
        return day.replace(day=1)
    return day - dt.timedelta(days=day.weekday())


def _figure(value: Decimal | None, field: str, label: str, places: int) -> Decimal | None:
    if value is None:
        return None
    if not value.is_finite() or value < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    if value >= MAX_FIGURE:
        raise ValidationError({field: f"{label}超出允许范围（应小于 10 亿）"})
    if value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValidationError({field: f"{label}最多保留{places}位小数"})
    return value


def _keeper(by: Any, county_code: str) -> None:
    require_may(by, RECORD_PRODUCE, county_code)


# ---- commodities ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CommodityInput:
    name: str
    category: str
    frequency: str = codes.Frequency.WEEK
    keywords: str = ""
    unit: str = "吨"
    price_unit: str = "元/公斤"
    active: bool = True


def _commodity_values(entry: CommodityInput) -> dict[str, Any]:
    return {
        "name": clean_text(entry.name, field="name", label="重点农产品名称", max_length=50, required=True),
        "category": choice(entry.category, codes.ProductCategory, "category", "产品类别"),
        "frequency": choice(entry.frequency, codes.Frequency, "frequency", "采集频率"),
        "keywords": clean_text(entry.keywords, field="keywords", label="别名/关键词", max_length=200),
        "unit": clean_text(entry.unit, field="unit", label="数量单位", max_length=20, required=True),
        "price_unit": clean_text(entry.price_unit, field="price_unit", label="价格单位", max_length=20, required=True),
        "active": bool(entry.active),
    }


def _unique_name(county: str, name: str, exclude: Any = None) -> None:
    if Commodity.objects.filter(county_id=county, name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": f"本县已有重点农产品“{name}”"})


@transaction.atomic
def commodity_create(*, by: Any, county_code: str, entry: CommodityInput) -> Commodity:
    county = str(county_code or "")
    if len(county) != 6 or not Region.objects.filter(code=county, level=Level.COUNTY).exists():
        raise ValidationError({"county": "请选择所属县"})
    _keeper(by, county)
    values = _commodity_values(entry)
    _unique_name(county, values["name"])
    return audited_create(Commodity(county_id=county, **values), by=by, area_code=county)


@transaction.atomic
def commodity_update(*, by: Any, commodity: Commodity, entry: CommodityInput) -> Commodity:
    _keeper(by, commodity.county_id)
    values = _commodity_values(entry)
    if values["frequency"] != commodity.frequency and commodity.observations.exists():
        raise ValidationError({"frequency": "已有价格产销数据的产品不能更改采集频率"})
    _unique_name(commodity.county_id, values["name"], exclude=commodity.pk)
    found, _diff = audited_update(commodity, by=by, changes=values, area_code=commodity.county_id)
    return found


# ---- observations ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ObservationInput:
    period_start: dt.date
    price: Decimal | None = None
    output: Decimal | None = None
    stock: Decimal | None = None
    sales: Decimal | None = None


def observation_values(
    commodity: Commodity, entry: ObservationInput, *, today: dt.date | None = None
) -> dict[str, Any]:
    """The checked values of one period (nothing written): the period normalised, the figures bounded."""
    if not isinstance(entry.period_start, dt.date):
        raise ValidationError({"period_start": "请填写期初日期"})
    start = period_start(entry.period_start, commodity.frequency)
    latest = period_start(today or timezone.localdate(), commodity.frequency)
    if start < EARLIEST:
        raise ValidationError({"period_start": "期初日期不能早于2000年"})
    if start > latest:
        raise ValidationError({"period_start": f"期初日期不能晚于本期（{latest:%Y-%m-%d}）"})
    values = {
        "price": _figure(entry.price, "price", "价格", 2),
        "output": _figure(entry.output, "output", "产量", 3),
        "stock": _figure(entry.stock, "stock", "库存量", 3),
        "sales": _figure(entry.sales, "sales", "销量", 3),
    }
    if all(v is None for v in values.values()):
        raise ValidationError({"price": "价格、产量、库存量、销量至少填写一项"})
    return {"period_start": start, **values}


@transaction.atomic
def observation_save(
    *, by: Any, commodity: Commodity, entry: ObservationInput, source: str = codes.ObservationSource.ENTERED
) -> Observation:
    """Create or replace the figures of one period (the same period entered twice keeps one row)."""
    _keeper(by, commodity.county_id)
    values = observation_values(commodity, entry)
    found = (
        Observation.objects.select_for_update().filter(commodity=commodity, period_start=values["period_start"]).first()
    )
    if found is None:
        row = Observation(
            commodity=commodity, source=source, created_by=by if getattr(by, "pk", None) else None, **values
        )
        return audited_create(row, by=by, area_code=commodity.county_id)
    changes = {k: v for k, v in values.items() if k != "period_start"} | {"source": source}
    row, _diff = audited_update(found, by=by, changes=changes, area_code=commodity.county_id, lock=False)
    return row


# ---- growers --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GrowerInput:
    household_number: str = ""
    supplier_id: Any = None
    scale: Decimal | None = None
    scale_unit: str = ""
    note: str = ""


@transaction.atomic
def grower_add(*, by: Any, commodity: Commodity, entry: GrowerInput) -> Grower:
    """Link a household of the county (by its number) or a supplier of the county's ledger as a grower."""
    _keeper(by, commodity.county_id)
    number = clean_text(entry.household_number, field="household_number", label="户编号", max_length=20)
    if bool(number) == bool(entry.supplier_id):
        raise ValidationError({"household_number": "请填写户编号，或选择合作社/企业（二选一）"})
    household = supplier = None
    if number:
        household = Household.objects.filter(in_area("village_id", commodity.county_id), number=number).first()
        if household is None:
            raise ValidationError({"household_number": f"本县没有户编号为“{number}”的农户"})
        village = household.village_id
        taken = Grower.objects.filter(commodity=commodity, household=household).exists()
    else:
        supplier = Supplier.objects.filter(county_id=commodity.county_id, pk=entry.supplier_id).first()
        if supplier is None:
            raise ValidationError({"supplier": "请从本县供应商中选择合作社/企业"})
        if not supplier.village_id:
            raise ValidationError({"supplier": "该供应商没有登记所在村，请先在供应商中填写"})
        village = supplier.village_id
        taken = Grower.objects.filter(commodity=commodity, supplier=supplier).exists()
    if taken:
        raise ValidationError({"household_number" if number else "supplier": "已登记为该产品的种养主体"})
    row = Grower(
        commodity=commodity, village_id=village, household=household, supplier=supplier, **grower_details(entry)
    )
    return audited_create(row, by=by, area_code=village)


def grower_details(entry: GrowerInput) -> dict[str, Any]:
    """The checked scale, unit and note of a grower (nothing written)."""
    return {
        "scale": _figure(entry.scale, "scale", "种养规模", 3),
        "scale_unit": clean_text(entry.scale_unit, field="scale_unit", label="规模单位", max_length=20),
        "note": clean_text(entry.note, field="note", label="备注", max_length=200),
    }


@transaction.atomic
def grower_save(
    *,
    by: Any,
    commodity: Commodity,
    entry: GrowerInput,
    household: Household | None = None,
    supplier: Supplier | None = None,
) -> tuple[Grower, str]:
    """Link a household or supplier of the commodity's county as a grower, or — already linked — set its scale,
    unit and note to ``entry``'s (the import: the same row again changes nothing). (grower, "created" /
    "updated" / "unchanged")."""
    _keeper(by, commodity.county_id)
    county = commodity.county_id
    if (household is None) == (supplier is None):
        raise ValidationError({"household_number": "请填写户编号，或选择合作社/企业（二选一）"})
    if household is not None and not str(household.village_id or "").startswith(county):
        raise ValidationError({"household_number": "户编号不在本县"})
    if supplier is not None and (supplier.county_id != county or not supplier.village_id):
        raise ValidationError({"supplier": "请从本县登记了所在村的合作社/企业中选择"})
    details = grower_details(entry)
    link: dict[str, Any] = {"household": household} if household is not None else {"supplier": supplier}
    found = Grower.objects.select_for_update().filter(commodity=commodity, **link).first()
    if found is None:
        village = str(household.village_id if household is not None else getattr(supplier, "village_id", ""))
        row = Grower(commodity=commodity, village_id=village, **link, **details)
        return audited_create(row, by=by, area_code=village), "created"
    if all(getattr(found, k) == v for k, v in details.items()):
        return found, "unchanged"
    row, _diff = audited_update(found, by=by, changes=details, area_code=found.village_id, lock=False)
    return row, "updated"


@transaction.atomic
def grower_remove(*, by: Any, grower: Grower) -> None:
    _keeper(by, grower.commodity.county_id)
    audited_delete(grower, by=by, area_code=grower.village_id)


# ---- warnings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResponseInput:
    kind: str
    date: dt.date
    note: str
    buyer_id: Any = None
    quantity: Decimal | None = None
    amount: Decimal | None = None


@transaction.atomic
def response_create(*, by: Any, warning: ProduceWarning, entry: ResponseInput) -> WarningResponse:
    """Record what was done; the first response moves an open warning to 处置中."""
    county = warning.commodity.county_id
    _keeper(by, county)
    current = ProduceWarning.objects.select_for_update().get(pk=warning.pk)
    if current.status == codes.WarningStatus.CLOSED:
        raise ValidationError({"kind": "该预警已解除，不能再登记处置措施"})
    if not isinstance(entry.date, dt.date):
        raise ValidationError({"date": "请填写日期"})
    if not current.period_start - dt.timedelta(days=366) <= entry.date <= timezone.localdate():
        raise ValidationError({"date": "日期应在预警期前一年至今天之间"})
    buyer = None
    if entry.buyer_id:
        buyer = Buyer.objects.filter(county_id=county, pk=entry.buyer_id).first()
        if buyer is None:
            raise ValidationError({"buyer": "请从本县登记的采购方中选择"})
    row = WarningResponse(
        warning=current,
        kind=choice(entry.kind, codes.ResponseKind, "kind", "处置措施"),
        date=entry.date,
        buyer=buyer,
        quantity=_figure(entry.quantity, "quantity", "销售/收储数量", 3),
        amount=_figure(entry.amount, "amount", "金额", 2),
        note=clean_text(entry.note, field="note", label="情况说明", max_length=500, required=True),
        created_by=by if getattr(by, "pk", None) else None,
    )
    row = audited_create(row, by=by, area_code=county)
    if current.status == codes.WarningStatus.OPEN:
        audited_update(current, by=by, changes={"status": codes.WarningStatus.RESPONDING}, area_code=county, lock=False)
    return row


@transaction.atomic
def warning_close(
    *, by: Any, warning: ProduceWarning, note: str, closed_on: dt.date | None = None, version: int | None = None
) -> ProduceWarning:
    """Close a warning (解除) with a note saying why; only a person does this."""
    county = warning.commodity.county_id
    _keeper(by, county)
    text = clean_text(note, field="note", label="解除说明", max_length=500, required=True)
    day = closed_on or timezone.localdate()
    if not isinstance(day, dt.date) or day > timezone.localdate() or day < warning.period_start:
        raise ValidationError({"closed_on": "解除日期应在预警期至今天之间"})
    if warning.status == codes.WarningStatus.CLOSED:
        raise ConflictError(CONFLICT)
    found, _diff = audited_update(
        warning,
        by=by,
        changes={"status": codes.WarningStatus.CLOSED, "closed_on": day, "note": text},
        expected_version=version,
        area_code=county,
        conflict_message=CONFLICT,
    )
    return found


def may_record(user: Any, county_code: str) -> bool:
    from shoudi.markets.access import may

    return may(user, RECORD_PRODUCE) and code_in_user_area(user, county_code)


def recorder_county(user: Any) -> str:
    """The county a recorder works for (their own area, a county); ``NotVisible`` (404) for anyone else."""
    require_may(user, RECORD_PRODUCE)
    area = getattr(user, "area_id", "") or ""
    if len(area) != 6:
        raise NotVisible()
    return area
