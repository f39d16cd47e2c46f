"""Pages of 以工代赈 and the app's home page (thin: forms in, services, selectors out).

- ``home``: the figures of the reader's area (``counts``) by row and in total, and the way into each ledger the
  reader may open.
- 以工代赈: the projects of the area marked 以工代赈 with their totals; a project's page (labourers by month, pay
  due and paid, rows whose pay lags in red); the month sheet (all rows or none); the list of lagging rows;
  marking a project of the library as 以工代赈 (county and township project managers).
Reading needs ``VIEW``; recording ``RECORD_RELIEF_WORK``; a project outside the reader's area is a 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, NotVisible, can
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.employment import counts, months, relief
from shoudi.employment import forms_projects as forms
from shoudi.employment import selectors_projects as selectors
from shoudi.employment.access import MANAGE_JOBS, RECORD_RELIEF_WORK, VIEW, may, require_may
from shoudi.employment.models import ReliefWork
from shoudi.monitoring.presenters import short_name
from shoudi.projects.models import Project

LIST_LIMIT = 300
LEDGERS = [
    ("employment:labour", "劳动力", "劳动力数据库：技能、意愿、务工就业"),
    ("employment:opening_list", "岗位", "岗位需求与人岗匹配、两清单"),
    ("employment:employer_list", "用工主体", "企业、龙头企业、合作社、车间、东西部协作用工单位"),
    ("employment:posts", "公益性岗位", "按需设岗、以岗聘任、在岗领补、有序退岗"),
    ("employment:workshops", "就业帮扶车间", "车间、吸纳就业、补贴与年度复核"),
    ("employment:relief", "以工代赈", "务工群众、劳务报酬发放"),
]


def _links() -> list[dict[str, str]]:
    return [
        {"url": reverse(name), "label": label, "text": text, "key": name.split(":")[1]} for name, label, text in LEDGERS
    ]


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """就业帮扶: the area's figures and the way into each ledger."""
    user = actor(request)
    require_may(user, VIEW)
    today = timezone.localdate()
    area = user.area_id
    figures = counts.area_counts(area, today, today=today)
    names = selectors.region_names(figures.groups)
    rows = [{"name": short_name(names.get(g, g)), "code": g, "f": figures.by_group[g]} for g in figures.groups]
    total = figures.total()
    context = {
        "today": today,
        "total": total,
        "rate": figures.share("employed", "labour"),
        "occupancy": figures.share("posts_filled", "posts"),
        "relocated_share": figures.share("holdings_relocated", "holdings_new"),
        "paid_share": figures.share("relief_paid", "relief_due"),
        "rows": rows if len(rows) > 1 or (rows and rows[0]["code"] != area) else [],
        "places": [(p, counts.PLACE_LABELS[p], total[f"place_{p}"]) for p in counts.PLACES],
        "links": _links(),
        "can_manage_jobs": may(user, MANAGE_JOBS),
    }
    return render(request, "employment/home.html", context)


# ---- 以工代赈 ------------------------------------------------------------------------------------------------


def _may_mark(user: Any) -> bool:
    return may(user, RECORD_RELIEF_WORK) and (
        can(user, Capability.MANAGE_PROJECTS) or can(user, Capability.REVIEW_PROJECTS)
    )


def _relief_list(request: HttpRequest, mark_form: forms.ReliefMarkForm | None = None, status: int = 200) -> Any:
    user = actor(request)
    today = timezone.localdate()
    qs = selectors.relief_project_list(user)
    context = {
        "rows": list(qs[:LIST_LIMIT]),
        "total": qs.count(),
        "limit": LIST_LIMIT,
        "lagging": selectors.lagging_rows(user, today).count(),
        "mark_form": (mark_form or forms.ReliefMarkForm()) if _may_mark(user) else None,
        "can_record": may(user, RECORD_RELIEF_WORK),
    }
    return render(request, "employment/relief_list.html", context, status=status)


@login_required
@require_GET
def relief_list(request: HttpRequest) -> HttpResponse:
    require_may(actor(request), VIEW)
    return _relief_list(request)


@login_required
@require_POST
def relief_mark(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not _may_mark(user):
        raise NotVisible()
    form = forms.ReliefMarkForm(request.POST)

    def call() -> Project:
        code = form.cleaned_data["code"].strip()
        project = selectors.project_by_code(user, code)
        if project is None:
            raise ValidationError({"code": f"本辖区项目库中没有编号为“{code}”的项目"})
        return relief.relief_project_mark(by=user, project=project, relief_work=True)

    done = submit(request, form, call, success=lambda p: f"已将“{p.name}”标记为以工代赈项目")
    if done is not None:
        return redirect("employment:relief_project", relief_project_id=done.pk)
    return _relief_list(request, form, status=400)


@login_required
@require_GET
def relief_project(request: HttpRequest, relief_project_id: Any) -> HttpResponse:
    user = actor(request)
    project = selectors.access_relief_project_by_id(user, relief_project_id)
    today = timezone.localdate()
    lag = relief.lag_days(project.area_id, today)
    rows = [
        {"r": r, "id": selectors.shown_id(user, r.person.id_number), "late": relief.is_lagging(r, today, lag)}
        for r in selectors.relief_rows(user, project)[:1000]
    ]
    context = {
        "p": project,
        "rows": rows,
        "totals": selectors.relief_totals(project, today),
        "lag": lag,
        "can_record": may(user, RECORD_RELIEF_WORK),
        "this_month": f"{today:%Y-%m}",
    }
    return render(request, "employment/relief_project.html", context)


def _initial(user: Any, project: Project, month: dt.date) -> list[dict[str, Any]]:
    rows = selectors.relief_rows(user, project, month)
    return [
        {
            "person": str(r.person_id),
            "days": r.days,
            "pay_due": r.pay_due,
            "pay_paid": r.pay_paid,
            "paid_on": r.paid_on,
            "note": r.note,
        }
        for r in rows
    ]


@login_required
@require_http_methods(["GET", "POST"])
def relief_sheet(request: HttpRequest, relief_project_id: Any) -> HttpResponse:
    user = actor(request)
    project = selectors.access_relief_project_by_id(user, relief_project_id)
    require_may(user, RECORD_RELIEF_WORK, project.area_id)
    today = timezone.localdate()
    people = selectors.engaged_people(project)
    if request.method == "POST":
        month_form = forms.MonthForm(posted(request))
        rows = forms.relief_rows(posted(request), people=people)
    else:
        month_form = forms.MonthForm(request.GET if "month" in request.GET else None, initial={"month": today})
        month = month_form.cleaned_data["month"] if month_form.is_bound and month_form.is_valid() else today
        month_form = forms.MonthForm(initial={"month": months.month_start(month)})
        rows = forms.relief_rows(people=people, initial=_initial(user, project, months.month_start(month)))

    def call() -> list[ReliefWork]:
        filled = forms.rows_of(rows)
        if not filled:
            raise ValidationError({"rows": "请至少填写一名务工群众"})
        return relief.relief_month_save(by=user, project=project, month=month_form.cleaned_data["month"], rows=filled)

    done = submit(request, [month_form, rows], call, success=lambda saved: f"已保存 {len(saved)} 名务工群众的务工记录")
    if done is not None:
        return redirect("employment:relief_project", relief_project_id=project.pk)
    status = 400 if request.method == "POST" else 200
    context = {"p": project, "month_form": month_form, "rows": rows}
    return render(request, "employment/relief_sheet.html", context, status=status)


@login_required
@require_GET
def relief_lagging(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    today = timezone.localdate()
    qs = selectors.lagging_rows(user, today)
    rows = [{"r": r, "id": selectors.shown_id(user, r.person.id_number)} for r in qs[:LIST_LIMIT]]
    lag = relief.lag_days(user.area_id, today)
    context = {"rows": rows, "total": qs.count(), "limit": LIST_LIMIT, "lag": lag}
    return render(request, "employment/relief_lagging.html", context)
