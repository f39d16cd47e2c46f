"""Pages of 待落实待遇 and of the register's counts: the list of items (a 医保 / 教育 clerk's own department's; the
register's roles all of their area), an item's page where its department's clerk settles it, the county
officer's 核对 (check) for a year, the report (counts by layer, overlaps, entries and exits by month, 渐退,
overdue verifications, items not delivered) and the export to 民政's platform columns. Anyone else — and any
item outside the user's area or department — gets a 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.exports import XLSX_TYPE
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.lowincome import codes, forms_entitlements, platform_export, reporting
from shoudi.lowincome import selectors_entitlements as selectors
from shoudi.lowincome.entitlements import check_entitlements, entitlement_settle
from shoudi.lowincome.models import Entitlement
from shoudi.monitoring.presenters import short_name
from shoudi.policy.layers import LAYER_LABELS
from shoudi.registry.idnumber import mask

LIST_LIMIT = 300
OPEN = codes.EntitlementStatus.OPEN


def _id_number(user: Any, item: Entitlement) -> str:
    number = item.person.id_number
    return number if selectors.reveal(user) else mask(number)


def _list_context(request: HttpRequest, check_form: forms_entitlements.CheckForm | None = None) -> dict[str, Any]:
    user, today = actor(request), timezone.localdate()
    townships = [(t.code, t.name) for t in selectors.townships_for(user)]
    form = forms_entitlements.FilterForm(
        request.GET or None,
        kinds=selectors.kinds_for(user),
        townships=townships,
        today=today,
        initial={"status": OPEN},  # the first visit shows what is still to do
    )
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    status = data.get("status", "") if form.is_bound else OPEN
    qs = selectors.entitlement_list(
        user,
        status=status,
        kind=data.get("kind", ""),
        year=int(data["year"]) if data.get("year") else None,
        township=data.get("township", ""),
    )
    if form.is_bound and form.errors:  # a value not in the lists (typed into the address): said, nothing listed
        qs = qs.none()
    rows = [
        {
            "e": e,
            "id_number": _id_number(user, e),
            "village": short_name(e.village.name),
            "may_settle": selectors.may_settle(user, e),
        }
        for e in qs[:LIST_LIMIT]
    ]
    if check_form is None and selectors.may_check(user):
        check_form = forms_entitlements.CheckForm(today=today)
    return {
        "form": form,
        "rows": rows,
        "total": qs.count(),
        "limit": LIST_LIMIT,
        "counts": selectors.status_counts(user),
        "department": selectors.department_of(user),
        "check_form": check_form,
        "shown_status": status,
    }


@login_required
@require_GET
def entitlement_list(request: HttpRequest) -> HttpResponse:
    selectors.require_list(actor(request))
    return render(request, "lowincome/entitlement_list.html", _list_context(request))


@login_required
@require_POST
def entitlement_check(request: HttpRequest) -> HttpResponse:
    """The county officer's 核对: check the area's members holding a layer against the year's department data."""
    user, today = actor(request), timezone.localdate()
    selectors.require_check(user, user.area_id)
    form = forms_entitlements.CheckForm(request.POST, today=today)

    def call() -> dict[str, int]:
        return check_entitlements(user.area_id, form.cleaned_data["year"], today, by=user)

    def said(c: dict[str, int]) -> str:
        return (
            f"核对完成：核对 {c['members']} 人，新增待落实 {c['opened']} 项，"
            f"部门数据已显示落实而自动办结 {c['delivered']} 项，目前待落实 {c['open']} 项"
        )

    if submit(request, form, call, success=said) is not None:
        return redirect(f"{reverse('lowincome:entitlements')}?year={form.cleaned_data['year']}&status={OPEN}")
    return render(request, "lowincome/entitlement_list.html", _list_context(request, form), status=400)


def _detail_context(request: HttpRequest, item: Entitlement, form: Any = None) -> dict[str, Any]:
    user = actor(request)
    may_settle = selectors.may_settle(user, item)
    return {
        "e": item,
        "id_number": _id_number(user, item),
        "village": short_name(item.village.name),
        "layer_label": LAYER_LABELS.get(item.layer, item.layer),
        "form": (form or forms_entitlements.SettleForm()) if may_settle else None,
    }


@login_required
@require_GET
def entitlement_detail(request: HttpRequest, entitlement_id: Any) -> HttpResponse:
    item = selectors.access_entitlement_by_id(actor(request), entitlement_id)
    return render(request, "lowincome/entitlement_detail.html", _detail_context(request, item))


@login_required
@require_POST
def entitlement_settle_view(request: HttpRequest, entitlement_id: Any) -> HttpResponse:
    user = actor(request)
    item = selectors.access_entitlement_by_id(user, entitlement_id)
    form = forms_entitlements.SettleForm(request.POST)

    def call() -> Entitlement:
        data = form.cleaned_data
        return entitlement_settle(by=user, item=item, status=data["status"], on=data["on"], note=data["note"])

    done = submit(request, form, call, success=lambda e: f"已办结：{e.get_status_display()}")
    if done is not None:
        return redirect("lowincome:entitlements")
    item = selectors.access_entitlement_by_id(user, entitlement_id)  # as it is now (someone may have been quicker)
    context = _detail_context(request, item, form)
    if context["form"] is None:  # settled meanwhile: say why nothing was done
        context["refused"] = "；".join(str(m) for errors in form.errors.values() for m in errors)
    return render(request, "lowincome/entitlement_detail.html", context, status=400)


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    user, today = actor(request), timezone.localdate()
    selectors.require_report(user)
    areas = selectors.report_areas(user)
    form = forms_entitlements.ReportForm(request.GET or None, areas=areas, today=today)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    area = selectors.report_area(user, data.get("area") or user.area_id)
    year = int(data.get("year") or today.year)
    figures = reporting.figures(area, year, today)
    context = {
        "form": form,
        "area": area,
        "year": year,
        "figures": figures,
        "tables": reporting.tables(figures),
        "phasing_out": figures.follow_up("phasing_out"),
        "overdue": figures.follow_up("overdue"),
        "open_items": figures.open_items(),
        "may_export": selectors.may_export(user),
        "may_list": selectors.may_list(user),
    }
    return render(request, "lowincome/report.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_GET
def export(request: HttpRequest) -> HttpResponse:
    """The register of the user's area (or ``?area=`` inside it) on today, in 民政's platform columns."""
    user, today = actor(request), timezone.localdate()
    selectors.require_export(user)
    area = selectors.report_area(user, str(request.GET.get("area", "") or "")[:12])
    content = platform_export.export_register(user=user, area=area, on=today, reveal=selectors.reveal(user))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"{area.name}农村低收入人口台账-{today:%Y%m%d}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
