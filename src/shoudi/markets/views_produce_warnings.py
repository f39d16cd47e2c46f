"""Pages of the unsold-produce warnings: the list with filters, a warning's page (its figures and rule with the
parameter values and their sources, the villages, cooperatives and households that grow the product, the
responses), recording a response and closing a warning. A 404 for anyone who may not view the markets and for
a warning of another county; the forms for those who record produce in the warning's county."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.markets import forms_produce as forms
from shoudi.markets import produce
from shoudi.markets import produce_charts as charts
from shoudi.markets import selectors_produce as selectors
from shoudi.markets.models_produce import ProduceWarning

LIST_LIMIT = 300


@login_required
@require_GET
def warning_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    form = forms.WarningFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.warnings(user, status=data.get("status", ""), kind=data.get("kind", ""), text=data.get("q", ""))
    if form.is_bound and form.errors:
        qs = qs.none()
    context = {"form": form, "warnings": list(qs[:LIST_LIMIT]), "total": qs.count(), "limit": LIST_LIMIT}
    return render(request, "markets/produce/warning_list.html", context)


def _context(user: Any, warning: ProduceWarning, **forms_: Any) -> dict[str, Any]:
    commodity = warning.commodity
    params = charts.rule_params(commodity.county_id, warning.period_start)
    growers = selectors.growers(user, commodity)
    projects = selectors.related_projects(commodity)
    can = produce.may_record(user, commodity.county_id) and warning.status != "closed"
    return {
        "warning": warning,
        "commodity": commodity,
        "params": params,
        "rule": charts.warning_rule(warning, params),
        "growers": charts.grower_rows(growers),
        "villages": selectors.villages(growers, projects),
        "projects": projects,
        "responses": list(warning.responses.select_related("buyer")),
        "can_record": can,
        "response_form": forms_.get("response_form") or forms.ResponseForm(buyers=selectors.buyers_for(warning)),
        "close_form": forms_.get("close_form")
        or forms.CloseForm(initial={"version": warning.version, "closed_on": timezone.localdate()}),
    }


@login_required
@require_GET
def warning_detail(request: HttpRequest, warning_id: Any) -> HttpResponse:
    user = actor(request)
    warning = selectors.access_warning_by_id(user, warning_id)
    return render(request, "markets/produce/warning_detail.html", _context(user, warning))


def _recordable(user: Any, warning_id: Any) -> ProduceWarning:
    warning = selectors.access_warning_by_id(user, warning_id)
    if not produce.may_record(user, warning.commodity.county_id):
        raise NotVisible()
    return warning


@login_required
@require_POST
def response_create(request: HttpRequest, warning_id: Any) -> HttpResponse:
    user = actor(request)
    warning = _recordable(user, warning_id)
    form = forms.ResponseForm(posted(request), buyers=selectors.buyers_for(warning))

    def call() -> Any:
        d = form.cleaned_data
        entry = produce.ResponseInput(
            kind=d["kind"],
            date=d["date"],
            note=d["note"],
            buyer_id=d["buyer"] or None,
            quantity=d["quantity"],
            amount=d["amount"],
        )
        return produce.response_create(by=user, warning=warning, entry=entry)

    if submit(request, form, call, success="已登记处置措施") is not None:
        return redirect("markets:produce_warning", warning_id=warning.pk)
    return render(
        request, "markets/produce/warning_detail.html", _context(user, warning, response_form=form), status=400
    )


@login_required
@require_POST
def warning_close(request: HttpRequest, warning_id: Any) -> HttpResponse:
    user = actor(request)
    warning = _recordable(user, warning_id)
    form = forms.CloseForm(posted(request))

    def call() -> Any:
        d = form.cleaned_data
        return produce.warning_close(
            by=user, warning=warning, note=d["note"], closed_on=d["closed_on"], version=d["version"]
        )

    if submit(request, form, call, success="已解除预警") is not None:
        return redirect("markets:produce_warning", warning_id=warning.pk)
    return render(request, "markets/produce/warning_detail.html", _context(user, warning, close_form=form), status=400)
