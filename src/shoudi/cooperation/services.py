"""Writes of a pairing itself: create and edit (with the version the editor saw), its members, its yearly targets
and its link to the partner's buyers in the markets ledger. Only the county 乡村振兴局 (``MANAGE``) records, for
its own area; every write is audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.cooperation import codes
from shoudi.cooperation.access import require_manage
from shoudi.cooperation.models import Pairing, PairingMember, PairingTarget
from shoudi.core.access import code_in_user_area
from shoudi.core.audit import audit_entry, audited_create, audited_delete, audited_update
from shoudi.core.inputs import clean_text
from shoudi.core.models import AuditEntry
from shoudi.markets.models import Buyer
from shoudi.regions.models import Region

PAIRING_FIELDS = [
    "kind",
    "area",
    "name",
    "partner",
    "partner_location",
    "agreement_from",
    "agreement_to",
    "agreement_no",
    "status",
    "note",
]
MAX_TARGET = Decimal("1e11")
FIRST_YEAR, LAST_YEAR = 2016, 2100


@dataclass(frozen=True)
class PairingInput:
    kind: str
    area_code: str
    name: str
    partner: str
    agreement_from: dt.date
    partner_location: str = ""
    agreement_to: dt.date | None = None
    agreement_no: str = ""
    status: str = codes.PairingStatus.ACTIVE
    note: str = ""


def check_year(year: int, field: str = "year") -> int:
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError({field: f"年度应在{FIRST_YEAR}–{LAST_YEAR}年之间"})
    return year


def check_date(day: dt.date, field: str, label: str) -> dt.date:
    if not FIRST_YEAR - 16 <= day.year <= LAST_YEAR:
        raise ValidationError({field: f"{label}应在2000–2100年之间"})
    return day


def _area(by: Any, kind: str, code: str) -> Region:
    text = str(code or "")
    region = Region.objects.filter(code=text).first() if text.isdigit() and len(text) in (6, 9, 12) else None
    if region is None or not code_in_user_area(by, region.code):
        raise ValidationError({"area": "请选择本辖区内的区域"})
    if kind in codes.COUNTY_KINDS and len(region.code) != 6:
        raise ValidationError({"area": "东西部协作、定点帮扶的本地区域应为县"})
    if kind in codes.VILLAGE_KINDS and len(region.code) != 12:
        raise ValidationError({"area": "驻村帮扶、万企兴万村的本地区域应为村（社区）"})
    return region


def _facts(by: Any, entry: PairingInput) -> dict[str, Any]:
    if entry.kind not in codes.PairingKind.values:
        raise ValidationError({"kind": "请选择协作类型"})
    if entry.status not in codes.PairingStatus.values:
        raise ValidationError({"status": "请选择状态"})
    start = check_date(entry.agreement_from, "agreement_from", "协议期起")
    end = check_date(entry.agreement_to, "agreement_to", "协议期止") if entry.agreement_to else None
    if end is not None and end < start:
        raise ValidationError({"agreement_to": "协议期止不能早于协议期起"})
    return {
        "kind": entry.kind,
        "area": _area(by, entry.kind, entry.area_code),
        "name": clean_text(entry.name, field="name", label="结对名称", max_length=200, required=True),
        "partner": clean_text(entry.partner, field="partner", label="协作方", max_length=200, required=True),
        "partner_location": clean_text(
            entry.partner_location, field="partner_location", label="协作方所在地或层级", max_length=100
        ),
        "agreement_from": start,
        "agreement_to": end,
        "agreement_no": clean_text(entry.agreement_no, field="agreement_no", label="协议文号", max_length=100),
        "status": entry.status,
        "note": clean_text(entry.note, field="note", label="备注", max_length=500),
    }


@transaction.atomic
def pairing_create(*, by: Any, entry: PairingInput) -> Pairing:
    require_manage(by)
    facts = _facts(by, entry)
    return audited_create(Pairing(**facts), by=by, fields=PAIRING_FIELDS, area_code=facts["area"].code)


@transaction.atomic
def pairing_update(*, by: Any, pairing: Pairing, entry: PairingInput, expected_version: int | None) -> Pairing:
    require_manage(by, pairing.area_id)
    facts = _facts(by, entry)
    saved, _diff = audited_update(
        pairing,
        by=by,
        changes=facts,
        fields=PAIRING_FIELDS,
        expected_version=expected_version,
        area_code=facts["area"].code,
        conflict_message="该结对已被他人修改，请刷新页面后重新填写",
    )
    return saved


def member_values(
    *,
    name: str,
    role: str,
    from_date: dt.date,
    unit: str = "",
    phone: str = "",
    to_date: dt.date | None = None,
) -> dict[str, Any]:
    """The checked fields of a member (adding or correcting one)."""
    if role not in codes.MemberRole.values:
        raise ValidationError({"role": "请选择职务"})
    check_date(from_date, "from_date", "到岗日期")
    if to_date is not None:
        check_date(to_date, "to_date", "离岗日期")
        if to_date < from_date:
            raise ValidationError({"to_date": "离岗日期不能早于到岗日期"})
    phone = clean_text(phone, field="phone", label="联系电话", max_length=20)
    if phone and not phone.replace("-", "").isdigit():
        raise ValidationError({"phone": "联系电话只能包含数字和“-”"})
    return {
        "name": clean_text(name, field="name", label="姓名", max_length=50, required=True),
        "role": role,
        "unit": clean_text(unit, field="unit", label="派出单位", max_length=200),
        "phone": phone,
        "from_date": from_date,
        "to_date": to_date,
    }


@transaction.atomic
def member_add(
    *,
    by: Any,
    pairing: Pairing,
    name: str,
    role: str,
    from_date: dt.date,
    unit: str = "",
    phone: str = "",
    to_date: dt.date | None = None,
) -> PairingMember:
    require_manage(by, pairing.area_id)
    values = member_values(name=name, role=role, from_date=from_date, unit=unit, phone=phone, to_date=to_date)
    return audited_create(PairingMember(pairing=pairing, **values), by=by, area_code=pairing.area_id)


@transaction.atomic
def targets_set(*, by: Any, pairing: Pairing, year: int, values: Mapping[str, Decimal | None]) -> int:
    """Set the year's targets: a value sets (or changes) the indicator's target, ``None`` removes it. Returns how
    many targets changed."""
    require_manage(by, pairing.area_id)
    check_year(year)
    unknown = set(values) - set(codes.Indicator.values)
    if unknown:
        raise ValidationError({"indicator": f"未知的指标：{'、'.join(sorted(unknown))}"})
    for key, value in values.items():
        if value is not None and not (Decimal(0) <= value < MAX_TARGET):
            raise ValidationError({key: "目标值应为不小于0的数，且小于1000亿"})
        if value is not None and key not in codes.MONEY_INDICATORS and value != value.to_integral_value():
            raise ValidationError({key: "该指标的目标值应为整数"})
    current = {t.indicator: t for t in PairingTarget.objects.select_for_update().filter(pairing=pairing, year=year)}
    changed = 0
    for key, value in values.items():
        found = current.get(key)
        if value is None and found is not None:
            audited_delete(found, by=by, area_code=pairing.area_id)
        elif value is not None and found is None:
            audited_create(
                PairingTarget(pairing=pairing, year=year, indicator=key, value=value), by=by, area_code=pairing.area_id
            )
        elif value is not None and found is not None and found.value != value:
            audited_update(found, by=by, changes={"value": value}, area_code=pairing.area_id)
        else:
            continue
        changed += 1
    return changed


@transaction.atomic
def buyers_set(*, by: Any, pairing: Pairing, buyer_ids: Iterable[Any]) -> int:
    """Link the pairing to the partner's buyers of the markets ledger (registered in the user's county)."""
    require_manage(by, pairing.area_id)
    keys = set()
    for raw in buyer_ids:
        try:
            keys.add(uuid.UUID(str(raw)))
        except ValueError:
            raise ValidationError({"buyers": "请从列表中选择采购单位"}) from None
    found = list(Buyer.objects.filter(pk__in=keys, county_id=pairing.area_id[:6]))
    if len(found) != len(keys):
        raise ValidationError({"buyers": "请选择本县消费帮扶台账中登记的采购单位"})
    before = sorted(b.name for b in pairing.buyers.all())
    pairing.buyers.set(found)
    after = sorted(b.name for b in found)
    if before != after:
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=pairing,
            changes={"协作方采购单位": ["、".join(before), "、".join(after)]},
            area_code=pairing.area_id,
        )
    return len(found)
