"""/api/v1/employment/post-pay/{code}: 在岗领补 — the monthly attendance and pay sheet of a village's (or
township's) 公益性岗位: GET the rows (saved, or the defaults), PUT the whole sheet (all rows or none; every error
names its row: ``rows-<n>-<field>``, "第 n 行（姓名）：…")."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.api import ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.employment import months, post_pay
from shoudi.employment import selectors_posts as selectors
from shoudi.employment.access import RECORD_POST_PAY, require_may

router = Router()
MAX_ROWS = 500


class EmpPostPayRowOut(Schema):
    holding_id: uuid.UUID = Field(title="聘用编号")
    post_id: uuid.UUID = Field(title="岗位编号")
    post_title: str = Field(title="岗位名称")
    person_name: str = Field(title="在岗人员")
    started_on: dt.date = Field(title="上岗日期")
    ended_on: dt.date | None = Field(None, title="退岗日期")
    monthly_subsidy: str = Field(title="月岗位补贴（元）")
    saved: bool = Field(title="已填报")
    days_required: int = Field(title="应出勤天数")
    days_worked: int = Field(title="实际出勤天数")
    amount_due: str = Field(title="应发补贴（元）")
    amount_paid: str | None = Field(None, title="实发补贴（元）")
    paid_on: dt.date | None = Field(None, title="发放日期")
    note: str = Field(title="备注")


class EmpPostPaySheetOut(Schema):
    area_code: str = Field(title="村（乡镇）代码")
    area_name: str = Field(title="村（乡镇）")
    month: str = Field(title="月份")
    rows: list[EmpPostPayRowOut]


class EmpPostPayRowIn(InputSchema):
    holding_id: uuid.UUID = Field(title="聘用编号")
    days_required: int = Field(title="应出勤天数", ge=0, le=31)
    days_worked: int = Field(title="实际出勤天数", ge=0, le=31)
    amount_due: Decimal | None = Field(
        None, title="应发补贴（元，空为按出勤计算）", ge=0, le=post_pay.MAX_AMOUNT, max_digits=12, decimal_places=2
    )
    amount_paid: Decimal = Field(
        Decimal("0"), title="实发补贴（元）", ge=0, le=post_pay.MAX_AMOUNT, max_digits=12, decimal_places=2
    )
    paid_on: dt.date | None = Field(None, title="发放日期")
    note: str = Field("", title="备注", max_length=post_pay.MAX_NOTE)


class EmpPostPaySheetIn(InputSchema):
    rows: list[EmpPostPayRowIn] = Field(title="各行（该月在岗人员，至少一行）", max_length=MAX_ROWS)


def _month(text: str) -> dt.date:
    month = months.parse_month(text, selectors.last_month(timezone.localdate()))
    if month is None:
        raise ValidationError({"month": "请按“年-月”填写月份（2016–2100年），如 2026-03"})
    return month


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _sheet(area: Any, month: dt.date) -> dict[str, Any]:
    rows = []
    for r in post_pay.sheet(area.code, month):
        h = r["holding"]
        rows.append(
            {
                "holding_id": h.pk,
                "post_id": h.post_id,
                "post_title": h.post.title,
                "person_name": h.person.name,
                "started_on": h.started_on,
                "ended_on": h.ended_on,
                "monthly_subsidy": f"{h.post.monthly_subsidy:.2f}",
                "saved": r["pay"] is not None,
                "days_required": r["days_required"],
                "days_worked": r["days_worked"],
                "amount_due": f"{r['amount_due']:.2f}",
                "amount_paid": _money(r["amount_paid"]),
                "paid_on": r["paid_on"],
                "note": r["note"],
            }
        )
    return {"area_code": area.code, "area_name": area.name, "month": f"{month:%Y-%m}", "rows": rows}


def _refused(exc: ValidationError) -> Status:
    errors = (
        {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
    )
    field = next((k for k in errors if k != NON_FIELD_ERRORS), None)
    return Status(422, {"detail": errors[field or next(iter(errors))][0], "field": field, "errors": errors})


@router.get("/post-pay/{code}", response={200: EmpPostPaySheetOut, **ERRORS}, summary="公益性岗位月考勤发放表")
def get_pay_sheet(
    request: HttpRequest,
    code: str,
    month: str = Query("", title="月份，如 2026-03（默认上月）", pattern=r"^(\d{4}-\d{2})?$"),
) -> Any:
    area = selectors.access_area(_user(request), code)
    try:
        day = _month(month)
    except ValidationError as exc:
        return _refused(exc)
    return _sheet(area, day)


@router.put(
    "/post-pay/{code}", response={200: EmpPostPaySheetOut, **ERRORS}, summary="保存月考勤发放表（全部行或不保存）"
)
def put_pay_sheet(
    request: HttpRequest,
    code: str,
    payload: EmpPostPaySheetIn,
    month: str = Query("", title="月份，如 2026-03（默认上月）", pattern=r"^(\d{4}-\d{2})?$"),
) -> Any:
    user = _user(request)
    area = selectors.access_area(user, code)
    require_may(user, RECORD_POST_PAY, area.code)
    try:
        day = _month(month)
        rows = [
            post_pay.PayRowInput(
                holding_id=r.holding_id,
                days_required=r.days_required,
                days_worked=r.days_worked,
                amount_due=r.amount_due,
                amount_paid=r.amount_paid,
                paid_on=r.paid_on,
                note=r.note,
            )
            for r in payload.rows
        ]
        post_pay.pay_sheet_save(by=user, area_code=area.code, month=day, rows=rows)
    except ValidationError as exc:
        return _refused(exc)
    return _sheet(area, day)
