"""Pages of 在岗领补: the monthly attendance and pay sheet of a village's (or township's) 公益性岗位 — shown to
whoever views the jobs ledgers of the area, saved (all rows or none) by those who record post pay — its Excel
export, and the holdings on post last month with no pay row yet (the workbench's orange count)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.exports import XLSX_TYPE, Column, export_bytes
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.employment import forms_posts as forms
from shoudi.employment import months, post_pay
from shoudi.employment import selectors_posts as selectors
from shoudi.employment.access import RECORD_POST_PAY, VIEW, may, require_may
from shoudi.employment.models import PostPay

COLUMNS = [
    Column("岗位名称", "text", 20),
    Column("岗位类型", "text", 12),
    Column("在岗人员", "text", 10),
    Column("身份证号", "text", 20),
    Column("人员类别", "text", 12),
    Column("上岗日期", "date", 12),
    Column("退岗日期", "date", 12),
    Column("月岗位补贴（元）", "money", 14),
    Column("应出勤天数", "int", 10),
    Column("实际出勤天数", "int", 10),
    Column("应发补贴（元）", "money", 14),
    Column("实发补贴（元）", "money", 14),
    Column("发放日期", "date", 12),
    Column("备注", "text", 20),
]


def _month(request: HttpRequest) -> tuple[dt.date, forms.MonthForm]:
    """The sheet's month from ``?month=2026-03`` (default: last month); a month that is not one is said on the
    form and last month shown."""
    default = selectors.last_month(timezone.localdate())
    text = request.GET.get("month", "")
    month = months.parse_month(text, default)
    if month is None:
        form = forms.MonthForm({"month": text[:50]})
        form.is_valid()
        form.add_error("month", "请按“年-月”填写月份（2016–2100年），如 2026-03")
        return default, form
    return month, forms.MonthForm(initial={"month": f"{month:%Y-%m}"})


def _initial(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "holding": r["holding"].pk,
            "days_required": r["days_required"],
            "days_worked": r["days_worked"],
            "amount_due": r["amount_due"],
            "amount_paid": r["amount_paid"],
            "paid_on": r["paid_on"],
            "note": r["note"],
        }
        for r in rows
    ]


def _entries(formset: Any) -> list[post_pay.PayRowInput]:
    found = []
    for row in formset.forms:
        data = row.cleaned_data
        if not data:  # a row posted as "extra" and left as it was: nothing to save
            continue
        found.append(
            post_pay.PayRowInput(
                holding_id=data["holding"],
                days_required=data["days_required"],
                days_worked=data["days_worked"],
                amount_due=data["amount_due"],
                amount_paid=data.get("amount_paid") or Decimal("0"),
                paid_on=data.get("paid_on"),
                note=data.get("note", ""),
            )
        )
    return found


def _errors(formset: Any) -> list[str]:
    """Every message of the posted sheet, each naming its row (shown above the table)."""
    found = [str(e) for e in formset.non_form_errors()]
    for n, row in enumerate(formset.forms):
        for field, messages in row.errors.items():
            label = row.fields[field].label if field in row.fields and row.fields[field].label else ""
            for message in messages:
                text = str(message)
                found.append(text if text.startswith("第") else f"第 {n + 1} 行 {label}：{text}")
    return found


@login_required
@require_http_methods(["GET", "POST"])
def post_pay_sheet(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    area = selectors.access_area(user, code)
    month, month_form = _month(request)
    rows = post_pay.sheet(area.code, month)
    can_pay = may(user, RECORD_POST_PAY)
    if request.method == "POST":
        require_may(user, RECORD_POST_PAY, area.code)
    formset = forms.PayFormSet(
        request.POST if request.method == "POST" else None, initial=_initial(rows), prefix="rows"
    )

    def call() -> list[PostPay]:
        return post_pay.pay_sheet_save(by=user, area_code=area.code, month=month, rows=_entries(formset))

    done = submit(request, formset, call, success=lambda saved: f"已保存{month:%Y年%m月}考勤发放表（{len(saved)} 人）")
    if done is not None:
        return redirect(f"{request.path}?month={month:%Y-%m}")
    context = {
        "area": area,
        "month": month,
        "month_form": month_form,
        "formset": formset,
        "rows": list(zip(rows, formset.forms, strict=False)),
        "can_pay": can_pay,
        "errors": _errors(formset) if formset.is_bound else [],
        "total_due": sum((r["amount_due"] or Decimal("0") for r in rows), Decimal("0")),
    }
    status = 400 if request.method == "POST" or month_form.errors else 200
    return render(request, "employment/post_pay.html", context, status=status)


@login_required
@require_GET
def post_pay_export(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    area = selectors.access_area(user, code)
    month, _ = _month(request)
    rows = post_pay.sheet(area.code, month)

    def build(book: Any) -> None:
        sheet = book.sheet(f"{month:%Y-%m}考勤发放", COLUMNS)
        for r in rows:
            h = r["holding"]
            sheet.write(
                [
                    h.post.title,
                    h.post.get_kind_display(),
                    h.person.name,
                    h.person.masked_id,
                    h.get_priority_display(),
                    h.started_on,
                    h.ended_on,
                    h.post.monthly_subsidy,
                    r["days_required"],
                    r["days_worked"],
                    r["amount_due"],
                    r["amount_paid"],
                    r["paid_on"],
                    r["note"] if r["pay"] is not None else "未填报",
                ]
            )

    body = export_bytes(build, "xlsx")
    response = HttpResponse(body, content_type=XLSX_TYPE)
    name = f"post-pay-{area.code}-{month:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def post_pay_due(request: HttpRequest) -> HttpResponse:
    """上月补贴未发放: the holdings on post last month with no pay row, by village."""
    user = actor(request)
    require_may(user, VIEW)
    today = timezone.localdate()
    qs = selectors.unpaid_last_month(user, today)
    context = {"rows": list(qs[:500]), "total": qs.count(), "month": selectors.last_month(today)}
    return render(request, "employment/post_pay_due.html", context)
