"""Pages of 农副产品滞销监测预警 (thin: forms in, ``produce`` services, selectors out): the home page with a small
chart per key product, a product's page with its full chart, entering a period's figures, registering a product
and its growers, and starting the check. The warnings' pages are in ``views_produce_warnings``, the imports'
in ``views_produce_imports``.
Anyone who may not view the markets — and any product of another county — gets a 404; the forms are for those who
record produce (``RECORD_PRODUCE``) in the product's county."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.markets import forms_produce as forms
from shoudi.markets import jobs_produce, produce
from shoudi.markets import produce_charts as charts
from shoudi.markets import selectors_produce as selectors
from shoudi.markets.access import RECORD_PRODUCE, may
from shoudi.markets.models_produce import Commodity

HOME_LIMIT = 24


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _recorder_of(user: Any, commodity: Commodity) -> bool:
    return produce.may_record(user, commodity.county_id)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    rows = list(selectors.commodities(user, active=True)[:HOME_LIMIT])
    open_list, open_count = selectors.open_warnings(user)
    context = {
        "commodities": rows,
        "charts": charts.area_charts(rows, timezone.localdate()),
        "open_warnings": open_list,
        "open_count": open_count,
        "runs": selectors.runs(user, limit=5),
        "can_record": may(user, RECORD_PRODUCE) and len(user.area_id or "") == 6,
        "check_form": forms.CheckForm(),
    }
    return render(request, "markets/produce/home.html", context)


def _commodity_entry(data: dict[str, Any]) -> produce.CommodityInput:
    return produce.CommodityInput(
        name=data["name"],
        category=data["category"],
        frequency=data["frequency"],
        keywords=data.get("keywords", ""),
        unit=data["unit"],
        price_unit=data["price_unit"],
        active=bool(data.get("active")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def commodity_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    county = produce.recorder_county(user)
    form = forms.CommodityForm(posted(request))
    done = submit(
        request,
        form,
        lambda: produce.commodity_create(by=user, county_code=county, entry=_commodity_entry(form.cleaned_data)),
        success=lambda c: f"已登记重点农产品“{c.name}”",
    )
    if done is not None:
        return redirect("markets:produce_commodity", commodity_id=done.pk)
    return render(
        request, "markets/produce/commodity_form.html", {"form": form, "commodity": None}, status=_status(request)
    )


@login_required
@require_http_methods(["GET", "POST"])
def commodity_edit(request: HttpRequest, commodity_id: Any) -> HttpResponse:
    user = actor(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    if not _recorder_of(user, commodity):
        raise NotVisible()
    initial = {f: getattr(commodity, f) for f in produce.COMMODITY_FIELDS}
    form = forms.CommodityForm(posted(request), initial=initial)
    done = submit(
        request,
        form,
        lambda: produce.commodity_update(by=user, commodity=commodity, entry=_commodity_entry(form.cleaned_data)),
        success="已保存重点农产品",
    )
    if done is not None:
        return redirect("markets:produce_commodity", commodity_id=commodity.pk)
    context = {"form": form, "commodity": commodity}
    return render(request, "markets/produce/commodity_form.html", context, status=_status(request))


def _detail_context(user: Any, commodity: Commodity) -> dict[str, Any]:
    today = timezone.localdate()
    params = charts.rule_params(commodity.county_id, today)
    rows = selectors.series(commodity)
    growers = selectors.growers(user, commodity)
    projects = selectors.related_projects(commodity)
    return {
        "commodity": commodity,
        "chart": charts.chart(commodity, rows, share=params["share"], weeks=params["weeks"]),
        "params": params,
        "recent": list(reversed(rows[-12:])),
        "total_rows": len(rows),
        "growers": charts.grower_rows(growers),
        "villages": selectors.villages(growers, projects),
        "projects": projects,
        "warnings": list(selectors.warnings(user, commodity=commodity.pk)[:20]),
        "can_record": _recorder_of(user, commodity),
    }


@login_required
@require_GET
def commodity_detail(request: HttpRequest, commodity_id: Any) -> HttpResponse:
    user = actor(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    return render(request, "markets/produce/commodity_detail.html", _detail_context(user, commodity))


@login_required
@require_http_methods(["GET", "POST"])
def observation_entry(request: HttpRequest, commodity_id: Any) -> HttpResponse:
    user = actor(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    if not _recorder_of(user, commodity):
        raise NotVisible()
    form = forms.ObservationForm(posted(request))

    def call() -> Any:
        d = form.cleaned_data
        entry = produce.ObservationInput(
            period_start=d["period_start"], price=d["price"], output=d["output"], stock=d["stock"], sales=d["sales"]
        )
        return produce.observation_save(by=user, commodity=commodity, entry=entry)

    done = submit(request, form, call, success=lambda o: f"已保存 {o.period_start:%Y-%m-%d} 期数据")
    if done is not None:
        return redirect("markets:produce_commodity", commodity_id=commodity.pk)
    context = {
        "form": form,
        "commodity": commodity,
        "title": "录入价格产销数据",
    }
    return render(request, "markets/produce/observation_form.html", context, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def grower_add(request: HttpRequest, commodity_id: Any) -> HttpResponse:
    user = actor(request)
    commodity = selectors.access_commodity_by_id(user, commodity_id)
    if not _recorder_of(user, commodity):
        raise NotVisible()
    form = forms.GrowerForm(posted(request), suppliers=selectors.suppliers_for(commodity))

    def call() -> Any:
        d = form.cleaned_data
        entry = produce.GrowerInput(
            household_number=d["household_number"],
            supplier_id=d["supplier"] or None,
            scale=d["scale"],
            scale_unit=d["scale_unit"],
            note=d["note"],
        )
        return produce.grower_add(by=user, commodity=commodity, entry=entry)

    done = submit(request, form, call, success="已登记种养主体")
    if done is not None:
        return redirect("markets:produce_commodity", commodity_id=commodity.pk)
    context = {"form": form, "commodity": commodity, "title": "登记种养主体"}
    return render(request, "markets/produce/grower_form.html", context, status=_status(request))


@login_required
@require_POST
def check_start(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    county = produce.recorder_county(user)
    form = forms.CheckForm(posted(request))
    full = bool(form.cleaned_data.get("full")) if form.is_valid() else False
    done = jobs_produce.start_check(by=user, area_code=county, full=full)
    messages.success(request, "已提交滞销预警检查，完成后可在后台任务中查看")
    return redirect("jobs:detail", job_id=done.pk)
