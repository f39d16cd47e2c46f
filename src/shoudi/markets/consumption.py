"""Writes on the 消费帮扶 ledgers, part one: suppliers (供应商) and the households they drive (联农带农). Products and
buyers are in ``consumption_products``, purchases in ``consumption_purchases``.

Every ledger row belongs to one county (the keeper's: the county of the signed-in user). Only the county's
乡村振兴 officer and its 农业农村 clerk (``MANAGE_CONSUMPTION``) write; every write is one transaction with its
audit entry; every refusal is a Chinese ``ValidationError`` naming the field. A household link names a household
of the county's registry by its 户编号 and never a person."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import code_in_user_area
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.inputs import choice, clean_text, money
from shoudi.core.models import AuditEntry
from shoudi.markets import codes
from shoudi.markets.access import MANAGE_CONSUMPTION, require_may
from shoudi.markets.models_consumption import Supplier, SupplierHousehold
from shoudi.regions.models import Level, Region
from shoudi.registry.models import Household

SUPPLIER_FIELDS = ["name", "kind", "village", "credit_code", "contact", "phone", "note", "active"]
LINK_FIELDS = ["supplier", "household", "kind", "year", "amount", "note"]
CREDIT_CODE = re.compile(r"^[0-9A-Z]{18}$")
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
FIRST_YEAR = 2000
MAX_AMOUNT = Decimal("1e10")


def keeper_county(by: Any) -> str:
    """The county whose ledger the user keeps: the county of their area (a county officer or clerk)."""
    area = str(getattr(by, "area_id", "") or "")
    if len(area) < 6:
        raise ValidationError({"name": "消费帮扶台账由县级录入，当前账号不属于某个县"})
    return area[:6]


def require_manager(by: Any, county: str) -> None:
    require_may(by, MANAGE_CONSUMPTION, county)


def clean_year(value: Any, *, field: str = "year", label: str = "年度") -> int:
    latest = timezone.localdate().year + 1
    if not isinstance(value, int) or isinstance(value, bool) or not FIRST_YEAR <= value <= latest:
        raise ValidationError({field: f"{label}应在{FIRST_YEAR}–{latest}年之间"})
    return value


def clean_date(value: Any, *, field: str, label: str, future_days: int = 0) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({field: f"请填写{label}"})
    if value.year < FIRST_YEAR:
        raise ValidationError({field: f"{label}不能早于{FIRST_YEAR}年"})
    if value > timezone.localdate() + dt.timedelta(days=future_days):
        raise ValidationError(
            {field: f"{label}（{value.isoformat()}）不能晚于今天" if not future_days else f"{label}太远，请核对"}
        )
    return value


def clean_credit(value: Any) -> str:
    credit = clean_text(value, field="credit_code", label="统一社会信用代码", max_length=18).upper()
    if credit and not CREDIT_CODE.match(credit):
        raise ValidationError({"credit_code": "统一社会信用代码应为18位数字或大写字母"})
    return credit


def clean_phone(value: Any) -> str:
    phone = clean_text(value, field="phone", label="联系电话", max_length=20)
    if phone and not PHONE.match(phone):
        raise ValidationError({"phone": "联系电话只能包含数字、+、-、括号和空格"})
    return phone


def clean_amount(value: Any, *, field: str, label: str, required: bool = True, positive: bool = False) -> Any:
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        value = str(value)
    return money(value, field, label, required=required, positive=positive, maximum=MAX_AMOUNT)


# ---- suppliers -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplierInput:
    name: str
    kind: str
    village_code: str = ""
    credit_code: str = ""
    contact: str = ""
    phone: str = ""
    note: str = ""
    active: bool = True


def _village(code: Any, county: str) -> Region | None:
    text = str(code or "").strip()
    if not text:
        return None
    found = (
        Region.objects.filter(code=text, level=Level.VILLAGE).first() if text.isdigit() and len(text) == 12 else None
    )
    if found is None or not found.code.startswith(county):
        raise ValidationError({"village": f"所在村“{text[:20]}”不是本县的村"})
    return found


def supplier_values(entry: SupplierInput, *, county: str) -> dict[str, Any]:
    return {
        "name": clean_text(entry.name, field="name", label="供应商名称", max_length=200, required=True),
        "kind": choice(entry.kind, codes.SupplierKind, "kind", "主体类型"),
        "village": _village(entry.village_code, county),
        "credit_code": clean_credit(entry.credit_code),
        "contact": clean_text(entry.contact, field="contact", label="联系人", max_length=50),
        "phone": clean_phone(entry.phone),
        "note": clean_text(entry.note, field="note", label="备注", max_length=200),
        "active": bool(entry.active),
    }


def _unique_supplier(county: str, name: str, exclude: Any = None) -> None:
    if Supplier.objects.filter(county_id=county, name=name).exclude(pk=exclude).exists():
        raise ValidationError({"name": f"供应商“{name}”已登记，同一县的供应商名称不能重复"})


@transaction.atomic
def supplier_create(*, by: Any, entry: SupplierInput) -> Supplier:
    county = keeper_county(by)
    require_manager(by, county)
    values = supplier_values(entry, county=county)
    _unique_supplier(county, values["name"])
    supplier = Supplier(county_id=county, **values)
    return audited_create(supplier, by=by, fields=SUPPLIER_FIELDS, area_code=county)


@transaction.atomic
def supplier_update(*, by: Any, supplier: Supplier, entry: SupplierInput) -> Supplier:
    require_manager(by, supplier.county_id)
    values = supplier_values(entry, county=supplier.county_id)
    _unique_supplier(supplier.county_id, values["name"], exclude=supplier.pk)
    supplier, _ = audited_update(supplier, by=by, changes=values, fields=SUPPLIER_FIELDS, area_code=supplier.county_id)
    return supplier


# ---- households driven (联农带农) -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkInput:
    household_number: str
    kind: str
    year: int
    amount: Decimal | None = None
    note: str = ""


def household_in_county(number: Any, county: str, *, by: Any = None) -> Household:
    """A household of the county's registry by its 户编号 (a user below the county: of their own area)."""
    text = clean_text(number, field="household", label="户编号", max_length=20, required=True)
    found = Household.objects.filter(number=text).first()
    if found is None or not found.village_id.startswith(county):
        raise ValidationError({"household": f"本县农户信息库中没有户编号为“{text}”的农户"})
    if by is not None and not code_in_user_area(by, found.village_id):
        raise ValidationError({"household": f"本县农户信息库中没有户编号为“{text}”的农户"})
    return found


@transaction.atomic
def household_link(*, by: Any, supplier: Supplier, entry: LinkInput) -> SupplierHousehold:
    require_manager(by, supplier.county_id)
    household = household_in_county(entry.household_number, supplier.county_id, by=by)
    kind = choice(entry.kind, codes.SupplierLinkKind, "kind", "带动方式")
    year = clean_year(entry.year)
    if SupplierHousehold.objects.filter(supplier=supplier, household=household, kind=kind, year=year).exists():
        label = codes.SupplierLinkKind(kind).label
        raise ValidationError({"household": f"该户{year}年已登记为“{label}”带动，不能重复登记"})
    link = SupplierHousehold(
        supplier=supplier,
        household=household,
        kind=kind,
        year=year,
        amount=clean_amount(entry.amount, field="amount", label="带动增收金额", required=False),
        note=clean_text(entry.note, field="note", label="备注", max_length=200),
    )
    return audited_create(link, by=by, fields=LINK_FIELDS, household_id=household.pk, area_code=supplier.county_id)


@transaction.atomic
def household_unlink(*, by: Any, link: SupplierHousehold) -> None:
    require_manager(by, link.supplier.county_id)
    audit_entry(
        actor=by,
        action=AuditEntry.Action.DELETE,
        obj=link,
        changes={"供应商": [link.supplier.name, None], "户编号": [link.household.number, None]},
        household_id=link.household_id,
        area_code=link.supplier.county_id,
    )
    link.delete()
