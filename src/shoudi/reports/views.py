"""Report pages: the dashboard with drill-down, the indicator catalogue, monthly and annual reports (page,
print page, XLSX) and the assessment ranking with its scheme. Thin: selectors and services do the work."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from shoudi.core.access import Capability, covering_codes, require
from shoudi.reports import assessment, dashboard, services
from shoudi.reports.indicators import BY_CODE, INDICATORS, SECTIONS
from shoudi.reports.models import Direction, Report
from shoudi.reports.periods import Period
from shoudi.reports.selectors import access_area, access_report_by_id, reports_visible, scheme_for
from shoudi.reports.xlsx import workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period"), default=timezone.localdate())
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return Period.month(timezone.localdate())


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2021 <= int(raw) <= 2100 else timezone.localdate().year


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
def index(request: HttpRequest) -> HttpResponse:
    area = access_area(request.user, None)
    return redirect("reports:dashboard", code=area.code)


@login_required
def dashboard_view(request: HttpRequest, code: str) -> HttpResponse:
    area = access_area(request.user, code)
    period = _period(request)
    data = dashboard.build(area, period)
    charts = data["charts"]
    return render(
        request,
        "reports/dashboard.html",
        {
            "area": area,
            "period": period,
            "charts": charts,
            "summary": data["summary"],
            "generated": data["generated"],
            "crumbs": _crumbs(request.user, area.code),
        },
    )


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_REPORTS)
    sections = [(s, [i for i in INDICATORS if i.section == s]) for s in SECTIONS]
    return render(request, "reports/indicators.html", {"sections": sections})


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_REPORTS)
    if request.method == "POST":
        try:
            report = services.report_request(
                by=request.user,
                area_code=request.POST.get("area", "").strip(),
                kind=request.POST.get("kind", ""),
                period=request.POST.get("period", "").strip(),
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
            return redirect("reports:list")
        return redirect("reports:detail", report_id=report.pk)
    today = timezone.localdate()
    return render(
        request,
        "reports/list.html",
        {
            "reports": reports_visible(request.user).order_by("-created_at")[:100],
            "kinds": Report.Kind.choices,
            "default_month": f"{today:%Y-%m}",
        },
    )


@login_required
def report_detail(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = access_report_by_id(request.user, report_id)
    return render(request, "reports/detail.html", {"report": report, "tables": report.content.get("tables", [])})


@login_required
def report_print(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = access_report_by_id(request.user, report_id)
    return render(request, "reports/print.html", {"report": report, "tables": report.content.get("tables", [])})


def report_xlsx_bytes(report: Report) -> bytes:
    title = (
        f"{report.area.name}{report.content.get('period', {}).get('label', report.period)}{report.get_kind_display()}"
    )
    meta = [
        ("区域", f"{report.area.name}（{report.area_id}）"),
        ("报告期", report.period),
        ("数据时间", timezone.localtime(report.data_time).strftime("%Y-%m-%d %H:%M:%S") if report.data_time else ""),
        ("指标版本", "；".join(f"{k}=v{v}" for k, v in sorted(report.indicator_versions.items()))),
    ]
    return workbook(title, report.content.get("tables", []), meta=meta)


@login_required
def report_xlsx(request: HttpRequest, report_id: Any) -> HttpResponse:
    report = access_report_by_id(request.user, report_id)
    if report.status != Report.Status.DONE:
        raise Http404("报表尚未生成")
    return _xlsx_response(report_xlsx_bytes(report), f"report-{report.area_id}-{report.period}.xlsx")


def _may_edit(user: Any, code: str) -> bool:
    return bool(user.can(Capability.EDIT_APPRAISAL) and user.area_id == code)


@login_required
def assessment_view(request: HttpRequest, code: str) -> HttpResponse:
    area = access_area(request.user, code)
    year = _year(request)
    scheme = scheme_for(area, year)
    items, ranked = assessment.rank(area, year, scheme)
    return render(
        request,
        "reports/assessment.html",
        {
            "area": area,
            "year": year,
            "scheme": scheme,
            "items": items,
            "ranked": ranked,
            "can_edit": _may_edit(request.user, area.code),
            "crumbs": _crumbs(request.user, area.code),
        },
    )


@login_required
def assessment_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    area = access_area(request.user, code)
    year = _year(request)
    items, ranked = assessment.rank(area, year, scheme_for(area, year))
    table = assessment.as_table(items, ranked, year)
    data = workbook(f"{area.name}{year}年考核排名", [table], meta=[("区域", area.code), ("年度", str(year))])
    return _xlsx_response(data, f"assessment-{area.code}-{year}.xlsx")


@login_required
def scheme_edit(request: HttpRequest, year: int) -> HttpResponse:
    area = access_area(request.user, None, Capability.EDIT_APPRAISAL)
    if not 2021 <= year <= 2100:
        raise Http404("未找到")
    scheme = scheme_for(area, year)
    own = scheme if scheme is not None and scheme.area_id == area.code else None
    if request.method == "POST":
        rows = [
            {
                "indicator": request.POST.get(f"indicator_{n}", ""),
                "weight": request.POST.get(f"weight_{n}", ""),
                "direction": request.POST.get(f"direction_{n}", Direction.HIGHER),
                "target": request.POST.get(f"target_{n}", ""),
            }
            for n in range(1, 13)
        ]
        try:
            services.scheme_save(
                by=request.user, area_code=area.code, year=year, name=request.POST.get("name", ""), items=rows
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, f"{year}年考核方案已保存")
            return redirect(f"/reports/assessment/{area.code}/?year={year}")
    items = assessment.items_of(scheme)
    lines = [*items, *([None] * (12 - len(items)))]
    return render(
        request,
        "reports/scheme.html",
        {
            "area": area,
            "year": year,
            "scheme": own,
            "inherited": scheme if own is None else None,
            "lines": list(enumerate(lines, 1)),
            "indicators": [(i.code, f"{i.section} · {i.name}（{i.unit}）") for i in INDICATORS],
            "directions": Direction.choices,
            "by_code": BY_CODE,
        },
    )
