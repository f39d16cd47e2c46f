"""Pages of 东西部协作和定点帮扶: the list (filters by kind, year and status), creating and editing a pairing (with
the version the editor saw), a pairing's page (targets against results for a chosen year, members, funds,
projects, transfers, exchanges, produce and meetings, and the forms to add each — ``views_flows``) and the
county's yearly summary with its XLSX. Reading needs ``VIEW``; writing ``MANAGE`` (the county)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.cooperation import forms, pages, selectors, services, summary
from shoudi.cooperation.access import MANAGE, VIEW, may
from shoudi.core.access import require
from shoudi.core.exports import XLSX_TYPE, export_bytes
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.regions.models import Region

LIST_LIMIT = 300


@login_required
@require_GET
def pairing_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, VIEW)
    form = forms.PairingFilter(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.pairing_list(user, kind=data.get("kind", ""), year=data.get("year"), status=data.get("status", ""))
    if form.is_bound and form.errors:
        qs = qs.none()
    context = {"form": form, "rows": list(qs[:LIST_LIMIT]), "total": qs.count(), "limit": LIST_LIMIT}
    context["can_manage"] = may(user, MANAGE)
    return render(request, "cooperation/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def pairing_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, MANAGE)
    form = forms.PairingForm(
        posted(request), areas=pages.areas_of(user), initial={"agreement_from": timezone.localdate()}
    )
    done = submit(
        request,
        form,
        lambda: services.pairing_create(by=user, entry=form.entry()),
        success=lambda p: f"已登记结对“{p.name}”",
    )
    if done is not None:
        return redirect("cooperation:detail", coop_id=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cooperation/form.html", {"form": form, "pairing": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def pairing_edit(request: HttpRequest, coop_id: Any) -> HttpResponse:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    require(user, MANAGE, pairing.area_id)
    return pages.edit_page(request, user, pairing)


@login_required
@require_GET
def pairing_detail(request: HttpRequest, coop_id: Any) -> HttpResponse:
    response: HttpResponse = pages.detail(request, selectors.access_pairing_by_id(actor(request), coop_id))
    return response


def _summary_data(request: HttpRequest) -> tuple[Any, int, summary.Summary]:
    user = actor(request)
    require(user, VIEW)
    year = pages.year_of(request)
    return user, year, summary.build(user, year, timezone.localdate())


@login_required
@require_GET
def summary_page(request: HttpRequest) -> HttpResponse:
    _user, year, data = _summary_data(request)
    context = {"year": year, "year_form": forms.YearForm(initial={"year": year}), "s": data}
    return render(request, "cooperation/summary.html", context)


@login_required
@require_GET
def summary_export(request: HttpRequest) -> HttpResponse:
    user, year, data = _summary_data(request)
    area = Region.objects.filter(code=user.area_id).first()
    body = export_bytes(lambda book: summary.write_xlsx(book, data, area.name if area else ""))
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="cooperation-{user.area_id}-{year}.xlsx"'
    return response
