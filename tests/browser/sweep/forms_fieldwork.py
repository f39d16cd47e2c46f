"""离线外业: the devices page's filter (GET) and 停用设备 on a device's page, as the township (盘石镇) — its area
holds village A's contact, whose phone each setup registers through the service."""

from __future__ import annotations

from typing import Any

from shoudi.fieldwork import services
from shoudi.fieldwork.models import Device
from shoudi.testing.factories import VILLAGE_A

from .spec import form


def _device(w: Any) -> Device:
    device, _secret = services.device_register(by=w.user("village_a"), label="李明的手机")
    return device


form(
    name="fieldwork.device_filter",
    form="fieldwork.device_filter",
    url_name="fieldwork:devices",
    persona="township",
    method="get",
    setup=_device,
    page=lambda w, ctx: "/field/devices/",
    valid={"village": VILLAGE_A, "user": "village_a"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=device-row]"),
)
form(
    name="fieldwork.revoke",
    form="fieldwork.revoke",
    url_name="fieldwork:device",
    persona="township",
    setup=_device,
    page=lambda w, ctx: f"/field/devices/{ctx.pk}/",
    valid={"reason": "手机丢失"},
    changed=lambda w, ctx: Device.objects.get(pk=ctx.pk).revoked_at is not None,
    success="设备已停用",
)
