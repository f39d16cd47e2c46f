"""What the asset pages share (the view modules import no other view): running a page form through its service,
and the asset's page with its forms — empty, or the one just posted with the person's input and the errors."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shoudi.assets import codes, params, selectors, services, workflow
from shoudi.assets.actions import ACTIONS
from shoudi.assets.extensions import asset_panels
from shoudi.assets.forms_flow import step_form
from shoudi.assets.models import Asset, WriteOffStatus
from shoudi.assets.supervision import asset_warnings
from shoudi.core.errors import error_text
from shoudi.core.forms import submit
from shoudi.core.workflow import Step
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area

T = TypeVar("T")


def run(
    request: HttpRequest, parts: Sequence[Any], call: Callable[[], T], *, success: str | Callable[[T], str] = ""
) -> T | None:
    """``core.forms.submit`` for a group of forms that may hold a formset (its rows are validated as forms, and
    a refused management form or row count stops the call)."""
    flat: list[forms.Form] = []
    ready = True
    for part in parts:
        if isinstance(part, forms.BaseFormSet):
            ready = part.is_valid() and ready
            flat.extend(part.forms)
        else:
            flat.append(part)
    if not ready:
        for form in flat:
            form.is_valid()
        return None
    return submit(request, flat, call, success=success)


def areas(user: Any) -> list[tuple[str, str]]:
    """The townships and villages of the user's area, for filters (villages indented under their township)."""
    found = regions_in_user_area(user).filter(level__in=(Level.TOWNSHIP, Level.VILLAGE)).order_by("code")
    return [(r.code, ("　" if r.level == Level.VILLAGE else "") + r.name) for r in found]


def pending_writeoff(asset: Asset) -> Any:
    return asset.writeoffs.filter(status=WriteOffStatus.PROPOSED).select_related("asset", "document").first()


def _writeoff_steps(user: Any, asset: Asset, bound: dict[str, Any]) -> list[tuple[Any, Step, Any]]:
    writeoff = pending_writeoff(asset)
    if writeoff is None:
        return []
    found = []
    for step in workflow.WRITEOFF.available(user, writeoff):
        key = f"writeoff_{step.action}"
        form = bound.get(key) or step_form(step)
        found.append((writeoff, step, form))
    return found


def asset_page(
    request: HttpRequest, asset: Asset, *, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    """The asset's page. ``bound``: the forms just posted (by action name), shown with their input and errors
    and their section opened."""
    user = request.user
    bound = bound or {}
    today = timezone.localdate()
    try:
        route = services.disposal_route(asset, on=today)[0]
        route_label = codes.DisposalRoute(route).label
    except ValidationError as exc:
        route_label = error_text(exc)
    actions = []
    if asset.is_active:
        for action in ACTIONS.values():
            if action.allowed(user, asset):
                parts = bound.get(action.name) or action.build(user, asset, None, None)
                actions.append((action, parts))
    context = {
        "asset": asset,
        "owners": asset.owners.select_related("household", "collective_village"),
        "fundings": asset.fundings.all(),
        "posts": asset.posts.all(),
        "incomes": asset.incomes.all()[:50],
        "income_years": selectors.asset_income_by_year(asset),
        "plans": asset.plans.select_related("village"),
        "disposals": asset.disposals.all(),
        "writeoffs": asset.writeoffs.select_related("document"),
        "documents": asset.documents.all(),
        "steps": asset.steps.all(),
        "history": selectors.asset_history(asset),
        "warnings": [w for w in asset_warnings(user) if w.asset_id == asset.pk],
        "limit": params.lookup(params.SIMPLIFIED_DISPOSAL_LIMIT, region_code=asset.village_id, on=today),
        "route": route_label,
        "actions": actions,
        "writeoff_steps": _writeoff_steps(user, asset, bound),
        "opened": next(iter(bound), ""),
        "panels": asset_panels(user, asset),  # what the apps above the ledger add (assets.extensions)
    }
    return render(request, "assets/asset_detail.html", context, status=status)
