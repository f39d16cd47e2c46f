"""Policy pages: parameters by area and date (with the level each value came from and last year's value),
adding a value with its source, the change history, and the simulation. Thin: reads through
policy.selectors, writes through policy.services; 404 for users without the capability or outside their area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.policy import selectors, services
from shoudi.policy.forms import ParameterForm, SimulationForm
from shoudi.policy.keys import KEYS, key_label
from shoudi.policy.params import ParameterSet
from shoudi.policy.simulation import PARTS, SimulationError, simulate
from shoudi.policy.values import ParameterError, ParameterLoadError, Resolved


def _require_view(user: Any) -> None:
    if not selectors.can_view(user):
        raise Http404("未找到")


def _date(text: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(text) if text else default
    except ValueError:
        return default


def _one_year_earlier(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _safe_get(pset: ParameterSet, key: str, region: str, on: dt.date) -> tuple[Resolved | None, str]:
    try:
        return pset.get(key, region, on), ""
    except ParameterError as exc:
        return None, str(exc)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    regions = selectors.viewable_regions(request.user)
    codes = [r.code for r in regions]
    region = request.GET.get("region") or (codes[0] if codes else "")
    if region not in codes:
        raise Http404("未找到")
    on = _date(request.GET.get("date"), timezone.localdate())
    before = _one_year_earlier(on)
    pset = ParameterSet.load(region, within=False)
    keys = [*KEYS, *sorted(set(pset.table.keys()) - set(KEYS))]
    rows = []
    for key in keys:
        now, error = _safe_get(pset, key, region, on)
        then, _ = _safe_get(pset, key, region, before)
        changed = (now and then and now.value != then.value) or (bool(now) != bool(then))
        rows.append({"key": key, "label": key_label(key), "now": now, "then": then, "changed": changed, "error": error})
    records = selectors.parameters_applying(region).order_by("key", "-valid_from", "region_code")
    return render(
        request,
        "policy/index.html",
        {
            "regions": regions,
            "region": region,
            "on": on,
            "before": before,
            "rows": rows,
            "records": records,
            "can_edit": bool(selectors.editable_regions(request.user)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: HttpRequest) -> HttpResponse:
    regions = selectors.editable_regions(request.user)
    if not regions:
        raise Http404("未找到")
    initial = {"region": request.GET.get("region") or regions[0].code, "key": request.GET.get("key", "")}
    form = ParameterForm(request.POST or None, regions=regions, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.parameter_add(
                by=request.user,
                key=data["key"],
                region_code=data["region"],
                year=data.get("year"),
                valid_from=data.get("valid_from"),
                valid_to=data.get("valid_to"),
                value=(data.get("value") or "").strip(),
                formula=(data.get("formula") or "").strip(),
                source=data["source"].strip(),
                article=(data.get("article") or "").strip(),
                note=(data.get("note") or "").strip(),
            )
        except ParameterLoadError as exc:
            for message in exc.errors:
                form.add_error(None, message.split("：", 1)[-1] if message.startswith("第1条") else message)
        else:
            messages.success(request, f"参数“{key_label(data['key'])}”已保存：{result}")
            start = dt.date(data["year"], 1, 1) if data.get("year") else data["valid_from"]
            return redirect(f"{reverse('policy:index')}?region={data['region']}&date={start.isoformat()}")
    return render(request, "policy/form.html", {"form": form, "keys": KEYS.values()})


@login_required
@require_GET
def history(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    return render(request, "policy/history.html", {"entries": selectors.parameter_history(request.user)})


@login_required
@require_GET
def simulation(request: HttpRequest) -> HttpResponse:
    _require_view(request.user)
    regions = selectors.simulation_regions(request.user)
    if not regions:
        raise Http404("未找到")
    submitted = "as_of" in request.GET
    form = SimulationForm(
        request.GET if submitted else None,
        regions=regions,
        initial={"region": regions[0].code, "as_of": timezone.localdate()},
    )
    report = None
    if submitted and form.is_valid():
        try:
            report = simulate(
                region_code=form.cleaned_data["region"],
                as_of=form.cleaned_data["as_of"],
                proposals=form.proposals(),
            )
        except SimulationError as exc:
            form.add_error(None, str(exc))
    table = []
    if report is not None:
        for row in [*report.rows, report.total]:
            cells = [(getattr(row.current, name), getattr(row.proposed, name)) for name, _ in PARTS]
            table.append({"row": row, "total": row is report.total, "cells": cells})
    context = {"form": form, "report": report, "parts": [label for _, label in PARTS], "table": table}
    return render(request, "policy/simulate.html", context)
