"""Region pages: browse the division tree inside one's own area; county officers set classes and flags."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, require
from shoudi.core.forms import apply_service_errors
from shoudi.regions.forms import RegionClassifyForm
from shoudi.regions.models import Region
from shoudi.regions.selectors import region_children, region_for_user, region_path
from shoudi.regions.services import region_classify


def _region_in_area(user: Any, code: str) -> Region:
    region = region_for_user(user, code.strip()) if code else None
    if region is None:
        raise Http404("未找到该区划")
    return region


@login_required
@require_GET
def region_index(request: HttpRequest) -> HttpResponse:
    """One region of the user's area and its children, with county classes and village flags."""
    area = getattr(request.user, "area_id", None)
    if not area:
        return render(request, "regions/index.html", {"region": None})
    region = _region_in_area(request.user, request.GET.get("code") or area)
    children = region_children(region.code).annotate(child_count=Count("children")).order_by("code")
    path = region_path(region.code)
    context = {
        "region": region,
        "path": [(r, len(r.code) >= len(area)) for r in path if r.code != region.code],
        "children": children,
        "can_edit": request.user.can(Capability.EDIT_REGIONS),  # type: ignore[union-attr]
    }
    return render(request, "regions/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def region_edit(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Capability.EDIT_REGIONS)
    region = _region_in_area(request.user, code)
    if not (region.is_county or region.is_village):
        raise Http404("该级别区划没有可设置的分类")
    form = RegionClassifyForm(request.POST if request.method == "POST" else None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            region_classify(region=region, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(exc, form)
        else:
            messages.success(request, f"已保存 {region.name} 的分类。")
            back = region.parent_id if region.parent_id and region.is_village else region.code
            return redirect(f"{reverse('regions:index')}?code={back}")
    return render(request, "regions/edit.html", {"region": region, "form": form})
