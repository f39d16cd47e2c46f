"""Report pages: the dashboard with drill-down, the indicator catalogue, monthly and annual reports (page with
the job's progress, print page, XLSX) and the appraisal (考核: a ranking, or 好/中/差 grades) with its scheme. Thin: a form parses,
a service decides (``core.forms.submit``), a selector reads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, NotVisible, covering_codes, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.reports import appraisal, dashboard, layout, services
from shoudi.reports.forms import BaseItemFormSet, ItemFormSet, PeriodForm, ReportRequestForm, SchemeForm, YearForm
from shoudi.reports.indicators import INDICATORS, SECTIONS
from shoudi.reports.models import Grade, Mode, Report
from shoudi.reports.selectors import access_area, access_report_by_id, reports_visible, scheme_for
from shoudi.reports.xlsx import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _crumbs(user: Any, code: str) -> list[dict[str, str]]:
    from shoudi.regions.models import Region

    top = len(user.area_id or "")
    codes = [c for c in covering_codes(code) if len(c) >= top]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    return [{"code": c, "name": names.get(c, c)} for c in codes]


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    area = access_area(actor(request), None)
    return redirect("reports:dashboard", code=area.code)


@login_required
@require_GET
def dashboard_view(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    area = access_area(user, code)
    today = timezone.localdate()
    form = PeriodForm(request.GET if "period" in request.GET else None, initial={"period": f"{today:%Y-%m}"})
    period = form.chosen(today)
    data = dashboard.build(area, period)
    context = {
        "area": area,
        "period": period,
        "form": form,
        "charts": data["charts"],
        "summary": data["summary"],
        "lowincome": data["lowincome"],
        "employment": data["employment"],
        "produce_charts": data["produce_charts"],
        "generated": data["generated"],
        "crumbs": _crumbs(user, area.code),
    }
    return render(request, "reports/dashboard.html", context)


@login_required
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    require(actor(request), Capability.VIEW_REPORTS)
    sections = [(s, [i for i in INDICATORS if i.section == s]) for s in SECTIONS]
    return render(request, "reports/indicators.html", {"sections": sections})


# ---- monthly and annual reports --------------------------------------------------------------------------


def _requested(report: Report) -> str:
    if report.status == Report.Status.DONE:
        return "已生成报表"
    return "已提交报表，正在后台生成；完成后本页显示报表"


@login_required
@require_http_methods(["GET", "POST"])
def report_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_REPORTS)
    initial = {"area": user.area_id, "kind": Report.Kind.MONTHLY, "period": f"{timezone.localdate():%Y-%m}"}
    form = ReportRequestForm(posted(request), initial=initial)
    report = submit(
        request,
        form,
        lambda: services.report_request(
            by=user,
            area_code=form.cleaned_data["area"],
            kind=form.cleaned_data["kind"],
            period=form.cleaned_data["period"],
        ),
        success=_requested,
    )
    if report is not None:
        return redirect("reports:detail", report_id=report.pk)
    context = {"reports": reports_visible(user).order_by("-created_at")[:100], "form": form}
    return render(request, "reports/list.html", context, status=400 if form.errors else 200)


def _report_context(report: Report) -> dict[str, Any]:
    return {"report": report, "job": report.job, "polling": not report.finished}


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = access_report_by_id(actor(request), report_id)
    context = _report_context(report) | {
        "tables": report.content.get("tables", []),
        "versions": layout.versions_text(report.indicator_versions),
    }
    return render(request, "reports/detail.html", context)


@login_required
@require_GET
def report_status(request: HttpRequest, report_id: Any) -> HttpResponse:
    """The report's progress (polled by the report page while its job runs); once it has finished the page
    reloads itself to show the tables."""
    report = access_report_by_id(actor(request), report_id)
    context = _report_context(report)
    response = render(request, "reports/_status.html", context)
    if not context["polling"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_GET
def report_print(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = access_report_by_id(actor(request), report_id)
    context = {
        "report": report,
        "tables": report.content.get("tables", []),
        "versions": layout.versions_text(report.indicator_versions),
    }
    return render(request, "reports/print.html", context)


def report_xlsx_bytes(report: Report) -> bytes:
    title = (
        f"{report.area.name}{report.content.get('period', {}).get('label', report.period)}{report.get_kind_display()}"
    )
    meta = [
        ("区域", f"{report.area.name}（{report.area_id}）"),
        ("报告期", report.period),
        ("数据时间", timezone.localtime(report.data_time).strftime("%Y-%m-%d %H:%M:%S") if report.data_time else ""),
        ("指标版本", layout.versions_text(report.indicator_versions)),
    ]
    return workbook(title, report.content.get("tables", []), meta=meta)


@login_required
@require_GET
def report_xlsx(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = access_report_by_id(actor(request), report_id)
    if report.status != Report.Status.DONE:
        raise NotVisible("报表尚未生成")
    return _xlsx_response(report_xlsx_bytes(report), f"report-{report.area_id}-{report.period}.xlsx")


# ---- appraisal (考核) -----------------------------------------------------------------------------------


def _may_edit(user: Any, code: str) -> bool:
    return bool(user.can(Capability.EDIT_APPRAISAL) and user.area_id == code)


@login_required
@require_GET
def appraisal_view(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    area = access_area(user, code)
    today = timezone.localdate()
    form = YearForm(request.GET if "year" in request.GET else None, initial={"year": today.year})
    year = form.chosen(today)
    scheme = scheme_for(area, year)
    result = appraisal.appraise(area, year, scheme)
    context = {
        "area": area,
        "year": year,
        "form": form,
        "scheme": scheme,
        "result": result,
        "items": result.items,
        "grades": [(g.value, g.label, result.counts.get(g.value, 0)) for g in Grade],
        "can_edit": _may_edit(user, area.code),
        "crumbs": _crumbs(user, area.code),
    }
    return render(request, "reports/appraisal.html", context)


@login_required
@require_GET
def appraisal_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    area = access_area(actor(request), code)
    year = YearForm(request.GET).chosen(timezone.localdate())
    result = appraisal.appraise(area, year, scheme_for(area, year))
    table = appraisal.as_table(result, year)
    meta = [("区域", area.code), ("年度", str(year)), ("结果形式", Mode(result.mode).label)]
    data = workbook(f"{area.name}{table['title']}", [table], meta=meta)
    return _xlsx_response(data, f"appraisal-{area.code}-{year}.xlsx")


def _scheme_initial(area: Any, scheme: Any, own: Any) -> dict[str, Any]:
    """The form starts from the scheme in force: its mode (graded where the area's local rule says so) and its
    thresholds, or the default thresholds on its full score."""
    items = appraisal.items_of(scheme)
    mode = appraisal.mode_of(area.code, scheme)
    good_from, fair_from = appraisal.thresholds_of(scheme, items)
    return {"name": own.name if own else "", "mode": mode, "good_from": good_from, "fair_from": fair_from}


@login_required
@require_http_methods(["GET", "POST"])
def appraisal_scheme(request: HttpRequest, year: int) -> HttpResponse:
    user = actor(request)
    area = access_area(user, None, Capability.EDIT_APPRAISAL)
    if not 2021 <= year <= 2100:
        raise NotVisible()
    scheme = scheme_for(area, year)
    own = scheme if scheme is not None and scheme.area_id == area.code else None
    lines = [
        {
            "indicator": i.indicator,
            "weight": Decimal(str(i.weight)),
            "direction": i.direction,
            "target": None if i.target is None else Decimal(str(i.target)),
        }
        for i in appraisal.items_of(scheme)
    ]
    form = SchemeForm(posted(request), initial=_scheme_initial(area, scheme, own))
    # prefix "items": the service's errors about the lines as a whole ({"items": ...}) show above the rows
    formset = cast(BaseItemFormSet, ItemFormSet(posted(request), initial=lines, prefix="items"))
    saved = submit(
        request,
        [form, formset],
        lambda: services.scheme_save(
            by=user,
            area_code=area.code,
            year=year,
            name=form.cleaned_data["name"],
            items=formset.items(),
            mode=form.cleaned_data["mode"],
            good_from=form.cleaned_data.get("good_from"),
            fair_from=form.cleaned_data.get("fair_from"),
        ),
        success=f"{year}年考核方案已保存",
    )
    if saved is not None:
        return redirect(reverse("reports:appraisal", args=[area.code]) + f"?year={year}")
    context = {
        "area": area,
        "year": year,
        "scheme": own,
        "inherited": scheme if own is None else None,
        "rule": appraisal.local_rule(area.code),
        "form": form,
        "formset": formset,
    }
    return render(request, "reports/scheme.html", context, status=400 if request.method == "POST" else 200)
