"""Pages of the key-county list: the list of the reader's area, designating a county, its page (designation,
measures by year, links to the figures and the evaluation sheet), taking it off the list, adding and editing
measures. Reading needs ``VIEW_KEY_COUNTIES``; a county outside the reader's area is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import NotVisible, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.keycounties import access, forms, selectors, services
from shoudi.keycounties.models import KeyCounty, SupportMeasure
from shoudi.keycounties.selectors import ENTERED_CODES

LIST_LIMIT = 500


@login_required
@require_GET
def key_county_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, access.VIEW)
    form = forms.ListFilter(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or forms.default_year()
    qs = selectors.key_county_list(user, level=data.get("level", ""), active=data.get("active") or "yes", year=year)
    if form.is_bound and form.errors:
        qs = qs.none()
    context = {
        "form": form,
        "rows": list(qs[:LIST_LIMIT]),
        "year": year,
        "entered_total": len(ENTERED_CODES),
        "unregistered": list(selectors.unregistered_classed_counties(user)[:50]),
        "can_designate": access.may_designate(user),
    }
    return render(request, "keycounties/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def key_county_designate(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not access.may_designate(user):
        raise NotVisible()
    counties = [(r.code, f"{r.parent.name if r.parent else ''}{r.name}") for r in selectors.designatable_counties(user)]
    initial = {"county": request.GET.get("county", "")[:6]}
    form = forms.DesignateForm(posted(request), counties=counties, initial=initial)

    def call() -> KeyCounty:
        d = form.cleaned_data
        return services.key_county_designate(by=user, county_code=d["county"], entry=form.entry())

    done = submit(request, form, call, success=lambda k: f"已将{k.county.name}列为{k.get_level_display()}")
    if done is not None:
        return redirect("keycounties:detail", key_county_id=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "keycounties/designate.html", {"form": form}, status=status)


@login_required
@require_GET
def key_county_detail(request: HttpRequest, key_county_id: Any) -> HttpResponse:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    year_form = forms.YearForm(request.GET or None)
    year = year_form.cleaned_data.get("year") if year_form.is_bound and year_form.is_valid() else None
    measures = list(selectors.measures_of(key_county, year=year))
    context = {
        "k": key_county,
        "year_form": year_form,
        "year": year,
        "measures": measures,
        "eval_year": forms.default_year(),
        "can_record": access.may_record(user, key_county.county_id) and key_county.active,
        "can_designate": access.may_designate(user, key_county.county_id) and key_county.active,
    }
    return render(request, "keycounties/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def key_county_remove(request: HttpRequest, designation_id: Any) -> HttpResponse:
    """Only a province or city opens it (the county sees its page, not this form): the URL names the designation."""
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, designation_id)
    if not access.may_designate(user, key_county.county_id) or not key_county.active:
        raise NotVisible()
    initial = {"removed_on": timezone.localdate(), "version": key_county.version}
    form = forms.RemoveForm(posted(request), initial=initial)

    def call() -> KeyCounty:
        d = form.cleaned_data
        return services.key_county_remove(
            by=user,
            key_county=key_county,
            on=d["removed_on"],
            reason=d["removed_reason"],
            expected_version=d.get("version"),
        )

    done = submit(request, form, call, success=lambda k: f"已将{k.county.name}移出重点帮扶县名单")
    if done is not None:
        return redirect("keycounties:detail", key_county_id=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "keycounties/remove.html", {"form": form, "k": key_county}, status=status)


def _recordable(user: Any, key_county: KeyCounty) -> None:
    if not access.may_record(user, key_county.county_id) or not key_county.active:
        raise NotVisible()


@login_required
@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, key_county_id: Any) -> HttpResponse:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    _recordable(user, key_county)
    initial = {"year": timezone.localdate().year, "status": "planned"}
    form = forms.MeasureForm(posted(request), initial=initial)

    def call() -> SupportMeasure:
        return services.measure_create(by=user, key_county=key_county, entry=form.entry())

    done = submit(request, form, call, success=lambda m: f"已登记支持措施“{m.title}”")
    if done is not None:
        return redirect("keycounties:detail", key_county_id=key_county.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "k": key_county, "measure": None}
    return render(request, "keycounties/measure_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, support_measure_id: Any) -> HttpResponse:
    user = actor(request)
    measure = selectors.access_measure_by_id(user, support_measure_id)
    key_county = measure.key_county
    _recordable(user, key_county)
    names = ("year", "category", "title", "responsible_unit", "content", "status", "progress_note", "version")
    form = forms.MeasureForm(posted(request), new=False, initial={n: getattr(measure, n) for n in names})

    def call() -> SupportMeasure:
        seen = form.cleaned_data.get("version")
        return services.measure_update(by=user, measure=measure, entry=form.entry(), expected_version=seen)

    done = submit(request, form, call, success="已保存支持措施")
    if done is not None:
        return redirect("keycounties:detail", key_county_id=key_county.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "k": key_county, "measure": measure}
    return render(request, "keycounties/measure_form.html", context, status=status)
