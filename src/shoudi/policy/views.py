"""Policy pages: parameters by area and date (with the level each value came from and last year's value),
adding a value with its source, the change history, and the simulation. Thin: reads through
policy.selectors, writes through policy.services; 404 for users without the capability or outside their area."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import NotVisible
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.policy import selectors, services
from shoudi.policy.forms import ParameterForm, ParameterViewForm, SimulationForm
from shoudi.policy.keys import KEYS, key_label
from shoudi.policy.params import ParameterSet
from shoudi.policy.simulation import PARTS, SimulationError, simulate
from shoudi.policy.values import ParameterError, Resolved


def _require_view(user: Any) -> None:
    if not selectors.can_view(user):
        raise NotVisible()


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


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    regions = selectors.viewable_regions(user)
    if not regions:
        raise NotVisible()
    today = timezone.localdate()
    asked = {"region": request.GET.get("region") or regions[0].code, "date": request.GET.get("date") or str(today)}
    form = ParameterViewForm(asked, regions=regions, today=today)
    region, on = form.chosen()
    if "region" in form.errors:
        raise NotVisible()  # an area outside the user's: "not found", as everywhere
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
    context = {
        "form": form,
        "region": region,
        "on": on,
        "before": before,
        "rows": rows,
        "records": records,
        "can_edit": bool(selectors.editable_regions(user)),
    }
    return render(request, "policy/index.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def add(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    regions = selectors.editable_regions(user)
    if not regions:
        raise NotVisible()
    initial = {"region": request.GET.get("region") or regions[0].code, "key": request.GET.get("key", "")}
    form = ParameterForm(request.POST if request.method == "POST" else None, regions=regions, initial=initial)
    result = submit(
        request,
        form,
        lambda: services.parameter_add(by=user, **form.parameter()),
        success=lambda r: f"参数“{key_label(form.cleaned_data['key'])}”已保存：{r}",
    )
    if result is not None:
        query = urlencode({"region": form.cleaned_data["region"], "date": form.starts().isoformat()})
        return redirect(f"{reverse('policy:index')}?{query}")
    return render(request, "policy/form.html", {"form": form, "keys": KEYS.values()})


def _history_rows(entries: Any) -> list[dict[str, Any]]:
    """Each change as (field, before, after); a creation before 2027 stored the bare value."""
    rows = []
    for entry in entries:
        changes = []
        for field, change in entry.changes.items():
            before, after = change if isinstance(change, list) and len(change) == 2 else (None, change)
            changes.append((field, before, after))
        rows.append({"entry": entry, "changes": changes})
    return rows


@require_GET
@login_required
def history(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    rows = _history_rows(selectors.parameter_history(user))
    return render(request, "policy/history.html", {"rows": rows})


@require_GET
@login_required
def simulation(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    regions = selectors.simulation_regions(user)
    if not regions:
        raise NotVisible()
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
