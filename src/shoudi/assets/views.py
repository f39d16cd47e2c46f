"""Asset ledger pages: ledgers by class and level, the asset page with its history, and the actions on an
asset. Reads go through assets.selectors (404 outside the area), writes through assets.services; a refused form
comes back with the person's input and the error next to its field."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.assets import codes, selectors, services
from shoudi.assets.actions import ACTIONS, villages
from shoudi.assets.forms import SECTIONS, AssetFilterForm, AssetForm
from shoudi.assets.models import AssetDocument
from shoudi.assets.pages import areas, asset_page, run
from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.forms import posted
from shoudi.core.views import actor


@require_GET
@login_required
def asset_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_ASSETS)
    form = AssetFilterForm(request.GET or None, areas=areas(user))
    filters = form.filters()
    qs = selectors.asset_list(user, **filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    counts = selectors.ledger_counts(user)
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(
        request,
        "assets/asset_list.html",
        {
            "page": page,
            "form": form,
            "counts": [(value, label, counts.get(value, {})) for value, label in codes.AssetClass.choices],
            "query": query,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def asset_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_ASSETS)
    form = AssetForm(posted(request), villages=villages(user))
    asset = run(
        request,
        [form],
        lambda: services.asset_create(by=user, asset=form.asset_input()),
        success=lambda a: f"已登记资产“{a.name}”",
    )
    if asset is not None:
        return redirect("assets:detail", asset.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "assets/asset_form.html", {"form": form, "sections": form.sections(SECTIONS)}, status=status)


@require_GET
@login_required
def asset_detail(request: HttpRequest, asset_id: Any) -> HttpResponse:
    asset = selectors.access_asset_by_id(actor(request), asset_id)
    return asset_page(request, asset)


@require_POST
@login_required
def asset_act(request: HttpRequest, asset_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    asset = selectors.access_asset_by_id(user, asset_id)
    spec = ACTIONS.get(action)
    if spec is None or not asset.is_active or not spec.allowed(user, asset):
        raise NotVisible()
    parts = spec.build(user, asset, posted(request), request.FILES)
    result = run(request, parts, lambda: spec.call(user, asset, parts), success=spec.success)
    if result is None:
        return asset_page(request, asset, bound={action: parts}, status=400)
    if action == "disposal":
        return redirect("assets:disposal", result.pk)
    return redirect("assets:detail", asset.pk)


@require_GET
@login_required
def document_download(request: HttpRequest, document_id: Any) -> FileResponse:
    document: AssetDocument = selectors.access_document_by_id(actor(request), document_id)
    if not document.file:
        raise Http404("该材料没有附件")
    name = document.file.name.rsplit("/", 1)[-1]
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=name)
