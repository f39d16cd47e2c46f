"""The 收入核算 page of one household-year: on a phone, one screen, live totals (income/sheet.js)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.income import selectors, services
from shoudi.income.forms import SheetForm
from shoudi.income.models import IncomeSheet
from shoudi.registry.selectors import access_household_by_id

FIRST_YEAR, LAST_YEAR = services.MIN_YEAR, services.MAX_YEAR


@require_GET
@login_required
def sheet_latest(request: HttpRequest, household_id: Any) -> HttpResponse:
    """The household's sheet of the current year (what a 集中排查 in the autumn collects)."""
    household = access_household_by_id(actor(request), household_id)
    return redirect("income:sheet", household.pk, timezone.localdate().year)


@require_http_methods(["GET", "POST"])
@login_required
def sheet_page(request: HttpRequest, household_id: Any, year: int) -> HttpResponse:
    user = actor(request)
    household = access_household_by_id(user, household_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NotVisible()
    can_edit = user.can(Capability.RECORD_INCOME)
    if request.method == "POST":
        require(user, Capability.RECORD_INCOME, household.village_id)
    sheet = selectors.sheet_for(household, year)
    form = SheetForm(household=household, year=year, data=posted(request), initial_from=sheet)

    def save() -> IncomeSheet:
        return services.sheet_save(
            by=user,
            household=household,
            year=year,
            lines=form.lines(),
            source="page",
            expected_version=form.expected_version(),
            note=sheet.note if sheet is not None else "",
        )

    saved = submit(request, form, save, success=f"{year}年收入核算表已保存")
    if saved is not None:
        return redirect("income:sheet", household.pk, year)
    context = {
        "household": household,
        "year": year,
        "sheet": sheet,
        "form": form,
        "can_edit": can_edit,
        "years": sorted({*selectors.sheet_years(household), year, timezone.localdate().year}, reverse=True),
    }
    return render(request, "income/sheet.html", context, status=400 if request.method == "POST" else 200)
