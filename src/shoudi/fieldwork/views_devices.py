"""The devices page for township and county staff (外业设备): the area's devices with their last pull and push
and their records by status; one device's sync log and records, and 停用设备 (it wipes its data at its next
contact)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, require, user_area_q
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.fieldwork import selectors, services
from shoudi.fieldwork.forms import DeviceFilterForm, RevokeForm
from shoudi.regions.models import Level, Region

PAGE_SIZE = 50


def _villages(user: Any) -> list[tuple[str, str]]:
    qs = Region.objects.filter(user_area_q(user, "code"), level=Level.VILLAGE).order_by("code")
    return [(r.code, r.name) for r in qs]


@login_required
@require_GET
def devices(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_FIELD_DEVICES)
    form = DeviceFilterForm(request.GET, villages=_villages(user))
    filters = form.filters()
    qs = selectors.device_list(user, village=filters["village"], username=filters["user"])
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"device": d, "state": selectors.device_state(d)} for d in page.object_list]
    return render(request, "fieldwork/devices.html", {"form": form, "page": page, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def device(request: HttpRequest, device_id: Any) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_FIELD_DEVICES)
    found = selectors.access_device_by_id(user, device_id)
    form = RevokeForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.device_revoke(by=user, device=found, reason=form.cleaned_data["reason"]),
        success="设备已停用：它下次联网时会清除本机数据",
    )
    if done is not None:
        return redirect("fieldwork:device", device_id=found.pk)
    context: dict[str, Any] = {
        "device": found,
        "state": selectors.device_state(found),
        "syncs": list(selectors.device_syncs(found)[:100]),
        "records": list(selectors.device_records(found)[:100]),
        "form": form,
    }
    return render(request, "fieldwork/device.html", context, status=400 if request.method == "POST" else 200)
