"""Pages of a key county's figures: the indicators of a chosen year (each value with its source — 系统计算 with
its definition, or entered with its source — and missing ones flagged), entering a value, and the annual
evaluation sheet as printable HTML and as XLSX."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import NotVisible
from shoudi.core.exports import XLSX_TYPE
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.keycounties import access, evaluation, forms, selectors, services
from shoudi.keycounties.indicators import BY_CODE
from shoudi.keycounties.models import YEAR_MIN, IndicatorValue, KeyCounty
from shoudi.keycounties.sheet_export import evaluation_xlsx


def _year(request: HttpRequest) -> tuple[forms.YearForm, int]:
    form = forms.YearForm(request.GET or None)
    chosen = form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None
    return form, min(chosen or forms.default_year(), timezone.localdate().year)


@login_required
@require_GET
def indicators(request: HttpRequest, key_county_id: Any) -> HttpResponse:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    form, year = _year(request)
    found = evaluation.figures(key_county, year)
    context = {
        "k": key_county,
        "year_form": form,
        "year": year,
        "figures": found,
        "missing": sum(1 for f in found if f.missing),
        "can_record": access.may_record(user, key_county.county_id) and key_county.active,
    }
    return render(request, "keycounties/indicators.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def value_enter(request: HttpRequest, key_county_id: Any) -> HttpResponse:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    if not access.may_record(user, key_county.county_id) or not key_county.active:
        raise NotVisible()
    _form, year = _year(request)
    code = request.GET.get("code", "")[:40]
    initial: dict[str, Any] = {"year": year, "code": code if code in BY_CODE else ""}
    existing = selectors.values_of(key_county, year=year).filter(code=code).first() if code in BY_CODE else None
    if existing is not None:
        initial.update(value=existing.value, source=existing.source, note=existing.note, version=existing.version)
    form = forms.ValueForm(posted(request), initial=initial)

    def call() -> IndicatorValue:
        d = form.cleaned_data
        return services.value_set(
            by=user,
            key_county=key_county,
            year=d["year"],
            code=d["code"],
            value=d["value"],
            source=d["source"],
            note=d.get("note", ""),
            expected_version=d.get("version"),
        )

    done = submit(request, form, call, success=lambda v: f"已填报{v.year}年“{BY_CODE[v.code].name}”")
    if done is not None:
        return redirect(f"{_url('keycounties:indicators', key_county)}?year={done.year}")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "k": key_county, "existing": existing, "indicators": BY_CODE}
    return render(request, "keycounties/value_form.html", context, status=status)


def _url(name: str, key_county: KeyCounty) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"key_county_id": key_county.pk})


def _sheet_year(year: int) -> int:
    if not YEAR_MIN <= year <= timezone.localdate().year:
        raise NotVisible("无此年度的评价表")
    return year


@login_required
@require_GET
def evaluation_sheet(request: HttpRequest, key_county_id: Any, year: int) -> HttpResponse:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    year = _sheet_year(year)
    rows = evaluation.sheet(key_county, year)
    context = {
        "k": key_county,
        "year": year,
        "rows": rows,
        "summary": evaluation.summary(rows),
        "measures": list(selectors.measures_of(key_county, year=year)),
        "measure_counts": evaluation.measure_counts(key_county, year),
        "today": timezone.localdate(),
    }
    return render(request, "keycounties/evaluation.html", context)


@login_required
@require_GET
def evaluation_export(request: HttpRequest, key_county_id: Any, year: int) -> HttpResponse:
    user = actor(request)
    key_county = selectors.access_key_county_by_id(user, key_county_id)
    year = _sheet_year(year)
    content = evaluation_xlsx(
        key_county, year, evaluation.sheet(key_county, year), list(selectors.measures_of(key_county, year=year))
    )
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"key-county-{key_county.county_id}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
