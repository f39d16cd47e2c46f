"""在岗领补: the monthly attendance and pay sheet of the 公益性岗位 of one village (or township), paid only while on
post.

A sheet lists every holding of the place's posts on post in the month (started by its last day, not ended before
its first). A row: days required (default the month's working days, Monday to Friday), days worked (default the
working days on post), the amount due (default subsidy × worked / required, rounded to the fen), paid, paid on.
``pay_sheet_save`` writes the whole sheet or nothing; a row of a holding not on post that month is refused
("该月不在岗，不能发放补贴"); saving a month again updates its rows (one row per holding and month). Every error
names its row: ``rows-<n>-<field>`` (n from 0), the message "第 n 行（姓名）：…"."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from shoudi.core.access import TOWNSHIP, VILLAGE, NotVisible
from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.employment.access import RECORD_POST_PAY, require_may
from shoudi.employment.models import PostHolding, PostPay
from shoudi.employment.months import month_end, month_start

CENT = Decimal("0.01")
MAX_NOTE = 200
MAX_AMOUNT = Decimal("1000000")
PAY_FIELDS = ["month", "days_required", "days_worked", "amount_due", "amount_paid", "paid_on", "note"]
NOT_ON_POST = "该月不在岗，不能发放补贴"


@dataclass(frozen=True)
class PayRowInput:
    holding_id: Any
    days_required: int
    days_worked: int
    amount_due: Decimal | None = None  # None: the default (subsidy × worked / required)
    amount_paid: Decimal = Decimal("0")
    paid_on: dt.date | None = None
    note: str = ""


def working_days(first: dt.date, last: dt.date) -> int:
    days, day = 0, first
    while day <= last:
        days += day.weekday() < 5
        day += dt.timedelta(days=1)
    return days


def on_post_q(month: dt.date) -> Q:
    return Q(started_on__lte=month_end(month)) & (Q(ended_on__isnull=True) | Q(ended_on__gte=month))


def on_post(holding: PostHolding, month: dt.date) -> bool:
    return holding.started_on <= month_end(month) and (holding.ended_on is None or holding.ended_on >= month)


def sheet_holdings(area_code: str, month: dt.date) -> QuerySet[PostHolding]:
    """The holdings of the posts set in ``area_code`` (exactly: a village's sheet, or a township's own posts) on
    post in ``month``."""
    return (
        PostHolding.objects.filter(on_post_q(month), post__village_id=area_code)
        .select_related("post", "person", "person__household")
        .order_by("post__title", "started_on", "pk")
    )


def defaults(holding: PostHolding, month: dt.date) -> dict[str, Any]:
    """The row a sheet offers for a holding not yet paid that month."""
    required = working_days(month, month_end(month))
    first = max(month, holding.started_on)
    last = min(month_end(month), holding.ended_on or month_end(month))
    worked = working_days(first, last) if first <= last else 0
    return {"days_required": required, "days_worked": worked, "amount_due": due(holding, required, worked)}


def due(holding: PostHolding, required: int, worked: int) -> Decimal:
    if required <= 0:
        return Decimal("0.00")
    amount = holding.post.monthly_subsidy * Decimal(min(worked, required)) / Decimal(required)
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


def sheet(area_code: str, month: dt.date) -> list[dict[str, Any]]:
    """The rows of the sheet: each holding with its saved row (``pay``) or the defaults."""
    holdings = list(sheet_holdings(area_code, month))
    saved = {p.holding_id: p for p in PostPay.objects.filter(holding__in=holdings, month=month)}
    rows = []
    for holding in holdings:
        pay = saved.get(holding.pk)
        values = (
            {
                f: getattr(pay, f)
                for f in ("days_required", "days_worked", "amount_due", "amount_paid", "paid_on", "note")
            }
            if pay is not None
            else {**defaults(holding, month), "amount_paid": None, "paid_on": None, "note": ""}
        )
        rows.append({"holding": holding, "pay": pay, **values})
    return rows


def _amount(value: Decimal | None, field: str, label: str) -> Decimal:
    if value is None or not value.is_finite() or value < 0:
        raise ValidationError({field: f"{label}须为不小于0的金额"})
    if value > MAX_AMOUNT or value != value.quantize(CENT):
        raise ValidationError({field: f"{label}超出合理范围或超过两位小数，请核对"})
    return value.quantize(CENT)


def _row(holding: PostHolding, month: dt.date, entry: PayRowInput, today: dt.date) -> dict[str, Any]:
    if not on_post(holding, month):
        raise ValidationError({"holding": NOT_ON_POST})
    days_in_month = month_end(month).day
    if not 0 <= entry.days_required <= days_in_month:
        raise ValidationError({"days_required": f"应出勤天数应在0–{days_in_month}之间"})
    if not 0 <= entry.days_worked <= entry.days_required:
        raise ValidationError({"days_worked": "实际出勤天数不能超过应出勤天数"})
    amount_due = (
        due(holding, entry.days_required, entry.days_worked)
        if entry.amount_due is None
        else _amount(entry.amount_due, "amount_due", "应发补贴")
    )
    paid = _amount(entry.amount_paid if entry.amount_paid is not None else Decimal("0"), "amount_paid", "实发补贴")
    if paid > amount_due:
        raise ValidationError({"amount_paid": f"实发补贴（{paid}元）不能超过应发补贴（{amount_due}元）"})
    if paid > 0 and entry.paid_on is None:
        raise ValidationError({"paid_on": "已发放补贴的请填写发放日期"})
    if entry.paid_on is not None and (entry.paid_on < month or entry.paid_on > today):
        raise ValidationError({"paid_on": "发放日期应在该月1日之后、今天之前"})
    return {
        "days_required": entry.days_required,
        "days_worked": entry.days_worked,
        "amount_due": amount_due,
        "amount_paid": paid,
        "paid_on": entry.paid_on,
        "note": clean_text(entry.note, field="note", label="备注", max_length=MAX_NOTE),
    }


def _holding(area_code: str, holding_id: Any) -> PostHolding | None:
    try:
        return (
            PostHolding.objects.select_related("post", "person")
            .filter(pk=holding_id, post__village_id=area_code)
            .first()
        )
    except (ValidationError, ValueError, TypeError):
        return None


def pay_sheet_save(*, by: Any, area_code: str, month: dt.date, rows: list[PayRowInput]) -> list[PostPay]:
    """Save the sheet of ``area_code`` for ``month``: every row, or none (see the module's docstring)."""
    if len(area_code) not in (VILLAGE, TOWNSHIP) or not area_code.isdigit():
        raise NotVisible()
    require_may(by, RECORD_POST_PAY, area_code)
    month = month_start(month)
    today = timezone.localdate()
    if month > month_start(today):
        raise ValidationError({"month": "不能填报以后月份的考勤发放"})
    if not rows:
        raise ValidationError({"rows": "该月没有要保存的在岗人员"})
    errors: dict[str, list[str]] = {}
    ready: list[tuple[PostHolding, dict[str, Any]]] = []
    seen: set[Any] = set()
    for n, entry in enumerate(rows):
        holding = _holding(area_code, entry.holding_id)
        who = f"第 {n + 1} 行（{holding.person.name if holding else '未知人员'}）"
        if holding is None:
            errors.setdefault(f"rows-{n}-holding", []).append(f"{who}：不是本村（乡镇）公益性岗位的在岗人员")
            continue
        if holding.pk in seen:
            errors.setdefault(f"rows-{n}-holding", []).append(f"{who}：同一人员重复填报")
            continue
        seen.add(holding.pk)
        try:
            ready.append((holding, _row(holding, month, entry, today)))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"rows-{n}-{field}", []).extend(f"{who}：{m}" for m in messages)
    if errors:
        raise ValidationError(errors)
    saved = []
    with transaction.atomic():
        for holding, values in ready:
            household = holding.person.household_id
            current = PostPay.objects.select_for_update().filter(holding=holding, month=month).first()
            if current is None:
                pay = PostPay(holding=holding, village_id=area_code, month=month, **values)
                saved.append(audited_create(pay, by=by, fields=PAY_FIELDS, household_id=household, area_code=area_code))
            else:
                pay, _ = audited_update(
                    current,
                    by=by,
                    changes=values,
                    fields=PAY_FIELDS,
                    lock=False,
                    household_id=household,
                    area_code=area_code,
                )
                saved.append(pay)
    return saved
