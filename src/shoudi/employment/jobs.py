"""Writes on the job database (岗位数据库): employers (用工主体) and their openings (岗位需求). The 人社 clerk or a
county officer (``MANAGE_JOBS``) keeps them for their own area; every write is one transaction with its audit
entry, and every refusal is a Chinese ``ValidationError`` naming the field. Recommendations and their outcomes
are in ``jobs_recommendations``.

- An employer is registered in a county, township or village of the user's area; its name is unique there.
- An opening belongs to the employer's area; an in-county opening may name the township it is worked in (used by
  the matching's distance). Editing it, closing it or marking it filled checks the version the user saw."""

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
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import choice, clean_text, money
from shoudi.employment import codes
from shoudi.employment.access import MANAGE_JOBS, require_may
from shoudi.employment.models import Employer, Opening
from shoudi.regions.models import Level, Region

EMPLOYER_FIELDS = ["name", "kind", "credit_code", "area", "address", "partner_city", "contact", "phone", "active"]
OPENING_FIELDS = [
    "employer",
    "title",
    "skills",
    "place",
    "workplace",
    "place_detail",
    "pay_min",
    "pay_max",
    "headcount",
    "age_max",
    "opens_on",
    "closes_on",
    "status",
    "source",
]
EMPLOYER_LEVELS = (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE)
MAX_PAY = Decimal("1000000")
MAX_HEADCOUNT = 10_000
EARLIEST = dt.date(2000, 1, 1)
CREDIT_CODE = re.compile(r"^[0-9A-Z]{18}$")
PHONE = re.compile(r"^[0-9+\-() ]{5,20}$")
CONFLICT = "该岗位已被他人修改，请刷新后重试"


def _choice(value: Any, choices: Any, *, field: str, label: str) -> str:
    return choice(value, choices, field, label)


def _region(code: Any, *, by: Any, field: str, label: str, levels: tuple[int, ...]) -> Region:
    text = str(code or "").strip()
    if not text:
        raise ValidationError({field: f"请选择{label}"})
    region = Region.objects.filter(code=text).first() if text.isdigit() and len(text) <= 12 else None
    if region is None or region.level not in levels or not code_in_user_area(by, region.code):
        raise ValidationError({field: f"{label}“{text[:20]}”不在您的辖区内"})
    return region


def clean_pay(value: Any, *, field: str, label: str) -> Decimal | None:
    return money(value, field, label, required=False, maximum=MAX_PAY)


# ---- employers -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmployerInput:
    name: str
    kind: str
    area_code: str
    credit_code: str = ""
    address: str = ""
    partner_city: str = ""
    contact: str = ""
    phone: str = ""
    active: bool = True


def employer_values(entry: EmployerInput, *, by: Any) -> dict[str, Any]:
    area = _region(entry.area_code, by=by, field="area", label="所属区域", levels=EMPLOYER_LEVELS)
    require_may(by, MANAGE_JOBS, area.code)
    credit = clean_text(entry.credit_code, field="credit_code", label="统一社会信用代码", max_length=18).upper()
    if credit and not CREDIT_CODE.match(credit):
        raise ValidationError({"credit_code": "统一社会信用代码应为18位数字或大写字母"})
    phone = clean_text(entry.phone, field="phone", label="联系电话", max_length=20)
    if phone and not PHONE.match(phone):
        raise ValidationError({"phone": "联系电话只能包含数字、+、-、括号和空格"})
    return {
        "name": clean_text(entry.name, field="name", label="用工主体名称", max_length=200, required=True),
        "kind": _choice(entry.kind, codes.EmployerKind, field="kind", label="类型"),
        "area": area,
        "credit_code": credit,
        "address": clean_text(entry.address, field="address", label="地址", max_length=200),
        "partner_city": clean_text(entry.partner_city, field="partner_city", label="协作城市", max_length=50),
        "contact": clean_text(entry.contact, field="contact", label="联系人", max_length=50),
        "phone": phone,
        "active": bool(entry.active),
    }


def _unique_name(name: str, area: Region, exclude: Any = None) -> None:
    clash = Employer.objects.filter(area=area, name=name).exclude(pk=exclude)
    if clash.exists():
        raise ValidationError({"name": f"“{name}”已在{area.name}登记，同一区域的用工主体名称不能重复"})


def employer_create(*, by: Any, entry: EmployerInput) -> Employer:
    values = employer_values(entry, by=by)
    with transaction.atomic():
        _unique_name(values["name"], values["area"])
        employer = Employer(**values)
        return audited_create(employer, by=by, fields=EMPLOYER_FIELDS, area_code=values["area"].code)


def employer_update(*, by: Any, employer: Employer, entry: EmployerInput) -> Employer:
    require_may(by, MANAGE_JOBS, employer.area_id)
    values = employer_values(entry, by=by)
    if values["area"].code != employer.area_id and employer.openings.exists():
        raise ValidationError({"area": "该用工主体已发布岗位，不能改变所属区域"})
    with transaction.atomic():
        _unique_name(values["name"], values["area"], exclude=employer.pk)
        employer, _ = audited_update(
            employer, by=by, changes=values, fields=EMPLOYER_FIELDS, area_code=values["area"].code
        )
    return employer


def employer_delete(*, by: Any, employer: Employer) -> None:
    """Only an employer nothing refers to (no opening, no work record, no workshop)."""
    from shoudi.core.audit import audit_entry
    from shoudi.core.models import AuditEntry

    require_may(by, MANAGE_JOBS, employer.area_id)
    if employer.openings.exists() or employer.works.exists() or hasattr(employer, "workshop"):
        raise ValidationError({"name": f"“{employer.name}”已有岗位、务工记录或帮扶车间，不能删除；可改为无效"})
    with transaction.atomic():
        audit_entry(actor=by, action=AuditEntry.Action.DELETE, obj=employer, area_code=employer.area_id)
        employer.delete()


# ---- openings --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningInput:
    title: str
    place: str
    opens_on: dt.date
    skills: str = ""
    workplace_code: str = ""
    place_detail: str = ""
    pay_min: Decimal | None = None
    pay_max: Decimal | None = None
    headcount: int = 1
    age_max: int | None = None
    closes_on: dt.date | None = None


def _date(value: Any, *, field: str, label: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({field: f"请填写{label}"})
    if value < EARLIEST:
        raise ValidationError({field: f"{label}不能早于2000年"})
    if value > timezone.localdate() + dt.timedelta(days=366 * 3):
        raise ValidationError({field: f"{label}（{value.isoformat()}）太远，请核对"})
    return value


def opening_values(entry: OpeningInput, employer: Employer) -> dict[str, Any]:
    place = _choice(entry.place, codes.WorkPlace, field="place", label="工作地点类别")
    workplace = None
    code = str(entry.workplace_code or "").strip()
    if code:
        county = employer.area_id[:6]
        found = Region.objects.filter(code=code, level=Level.TOWNSHIP).first() if code.isdigit() else None
        if found is None or not found.code.startswith(county):
            raise ValidationError({"workplace": f"工作地（乡镇）“{code[:20]}”不是本县的乡镇"})
        if place != codes.WorkPlace.IN_COUNTY:
            raise ValidationError({"workplace": "只有县内岗位填写工作地（乡镇）"})
        workplace = found
    pay_min = clean_pay(entry.pay_min, field="pay_min", label="月薪下限")
    pay_max = clean_pay(entry.pay_max, field="pay_max", label="月薪上限")
    if pay_min is not None and pay_max is not None and pay_max < pay_min:
        raise ValidationError({"pay_max": f"月薪上限（{pay_max}）不能低于月薪下限（{pay_min}）"})
    headcount = entry.headcount
    if not isinstance(headcount, int) or not 1 <= headcount <= MAX_HEADCOUNT:
        raise ValidationError({"headcount": f"招聘人数应在1–{MAX_HEADCOUNT}之间"})
    age_max = entry.age_max
    if age_max is not None and (not isinstance(age_max, int) or not 16 <= age_max <= 80):
        raise ValidationError({"age_max": "年龄上限应在16–80岁之间"})
    opens_on = _date(entry.opens_on, field="opens_on", label="发布日期")
    closes_on = _date(entry.closes_on, field="closes_on", label="截止日期") if entry.closes_on else None
    if closes_on is not None and closes_on < opens_on:
        raise ValidationError({"closes_on": f"截止日期（{closes_on}）不能早于发布日期（{opens_on}）"})
    return {
        "title": clean_text(entry.title, field="title", label="岗位名称", max_length=100, required=True),
        "skills": clean_text(entry.skills, field="skills", label="技能要求", max_length=200),
        "place": place,
        "workplace": workplace,
        "place_detail": clean_text(entry.place_detail, field="place_detail", label="工作地点", max_length=200),
        "pay_min": pay_min,
        "pay_max": pay_max,
        "headcount": headcount,
        "age_max": age_max,
        "opens_on": opens_on,
        "closes_on": closes_on,
    }


def opening_create(*, by: Any, employer: Employer, entry: OpeningInput, source: str = codes.WorkSource.PAGE) -> Opening:
    require_may(by, MANAGE_JOBS, employer.area_id)
    if not employer.active:
        raise ValidationError({"employer": f"用工主体“{employer.name}”已标为无效，不能发布岗位"})
    values = opening_values(entry, employer)
    opening = Opening(employer=employer, area_id=employer.area_id, source=source, **values)
    return audited_create(opening, by=by, fields=OPENING_FIELDS, area_code=employer.area_id)


def opening_update(*, by: Any, opening: Opening, entry: OpeningInput, expected_version: int) -> Opening:
    require_may(by, MANAGE_JOBS, opening.area_id)
    values = opening_values(entry, opening.employer)
    if opening.status == codes.OpeningStatus.CLOSED:
        raise ValidationError({"title": "岗位已关闭，不能修改"})
    opening, _ = audited_update(
        opening,
        by=by,
        changes=values,
        fields=OPENING_FIELDS,
        expected_version=expected_version,
        area_code=opening.area_id,
        conflict_message=CONFLICT,
    )
    return opening


def opening_set_status(*, by: Any, opening: Opening, status: str, expected_version: int | None) -> Opening:
    """Close an opening (已关闭) or mark it filled (已招满); a closed or filled one may be opened again."""
    require_may(by, MANAGE_JOBS, opening.area_id)
    status = _choice(status, codes.OpeningStatus, field="status", label="状态")
    if status == opening.status:
        raise ValidationError({"status": f"岗位已是“{opening.get_status_display()}”"})
    opening, _ = audited_update(
        opening,
        by=by,
        changes={"status": status},
        fields=["status"],
        expected_version=expected_version,
        area_code=opening.area_id,
        conflict_message=CONFLICT,
    )
    return opening
