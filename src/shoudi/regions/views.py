"""Region pages: browse the division tree inside one's own area; county officers set classes and flags."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.regions.forms import RegionClassifyForm
from shoudi.regions.selectors import access_region_by_code, region_children, region_path
from shoudi.regions.services import classify_fields, region_classify


@require_GET
@login_required
def region_index(request: HttpRequest) -> HttpResponse:
    """One region of the user's area and its children, with county classes and village flags."""
    user = actor(request)
    area = getattr(user, "area_id", None)
    if not area:
        return render(request, "regions/index.html", {"region": None})
    region = access_region_by_code(user, request.GET.get("code") or area)
    children = region_children(region.code).annotate(child_count=Count("children")).order_by("code")
    path = region_path(region.code)
    context = {
        "region": region,
        "path": [(r, len(r.code) >= len(area)) for r in path if r.code != region.code],
        "children": children,
        "can_edit": user.can(Capability.EDIT_REGIONS),
    }
    return render(request, "regions/index.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def region_edit(request: HttpRequest, code: str) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EDIT_REGIONS)
    region = access_region_by_code(user, code)
    if not classify_fields(region):
        raise NotVisible()
    form = RegionClassifyForm(request.POST if request.method == "POST" else None, region=region)
    saved = submit(
        request,
        form,
        lambda: region_classify(region=region, by=user, **form.classification()),
        success=f"已保存 {region.name} 的分类。",
    )
    if saved is not None:
        back = region.parent_id if region.parent_id and region.is_village else region.code
        return redirect(f"{reverse('regions:index')}?code={back}")
    return render(request, "regions/edit.html", {"region": region, "form": form})
