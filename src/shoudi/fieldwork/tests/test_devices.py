"""Devices: the status call (no login) tells a phone to wipe when its account is deactivated or the device is
revoked; the devices page and its 停用设备 form for township and county staff; the managers' API."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from shoudi.core.models import AuditEntry
from shoudi.fieldwork.models import Device, SyncKind, SyncLog

API = "/api/v1/field/"


def test_status_says_keep_while_all_is_well(phone, village_a):
    p = phone(village_a)
    assert p.status() == {"wipe": False, "reason": None}


def test_unknown_device_or_wrong_secret_wipes(phone, village_a):
    p = phone(village_a)
    assert p.status(secret="guessed") == {"wipe": True, "reason": "设备未登记"}
    response = Client().get(API + "device/not-a-uuid/status")
    assert response.status_code == 200 and response.json()["wipe"] is True


def test_a_deactivated_account_wipes(phone, village_a, household_a):
    p = phone(village_a)
    village_a.is_active = False
    village_a.save()
    assert p.status() == {"wipe": True, "reason": "账号已停用"}


def test_a_revoked_device_wipes_and_may_not_sync(client, phone, village_a, township, household_a):
    p = phone(village_a)
    p.sync()
    client.force_login(township)
    url = reverse("fieldwork:device", args=[p.device])
    assert "停用设备" in client.get(url).content.decode()
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400 and "此项必填" in empty.content.decode()
    response = client.post(url, {"reason": "手机丢失"})
    assert response.status_code == 302
    device = Device.objects.get(pk=p.device)
    assert device.revoked_by == township and device.revoke_reason == "手机丢失"
    assert AuditEntry.objects.filter(object_id=str(device.pk), reason="手机丢失").exists()
    assert p.status() == {"wipe": True, "reason": "设备已停用"}
    refused = p.sync()
    assert refused.status_code == 403 and refused.json() == {
        "detail": "设备已停用",
        "field": None,
        "errors": {},
        "wipe": True,
    }
    assert p.upload([]).status_code == 403
    wiped = Client().post(API + f"device/{p.device}/wiped", HTTP_X_DEVICE_SECRET=p.secret)
    assert wiped.status_code == 200 and wiped.json() == {"ok": True}
    assert SyncLog.objects.filter(device=device, kind=SyncKind.WIPE).count() == 1
    assert "已停用并清除" in client.get(url).content.decode()


def test_the_devices_page_lists_the_area(client, phone, village_a, village_b, county, township, outsider):
    mine, other = phone(village_a), phone(village_b)
    mine.sync()
    client.force_login(county)
    page = client.get(reverse("fieldwork:devices")).content.decode()
    assert page.count('data-testid="device-row"') == 2 and village_a.display_name in page
    filtered = client.get(reverse("fieldwork:devices"), {"village": village_b.area_id}).content.decode()
    assert filtered.count('data-testid="device-row"') == 1 and village_b.display_name in filtered
    detail = client.get(reverse("fieldwork:device", args=[mine.device])).content.decode()
    assert "下载我的农户" in detail  # the sync log
    client.force_login(outsider)  # another county sees none of them
    assert client.get(reverse("fieldwork:device", args=[other.device])).status_code == 404
    assert 'data-testid="device-row"' not in client.get(reverse("fieldwork:devices")).content.decode()


def test_a_village_contact_has_no_devices_page(client, phone, village_a):
    p = phone(village_a)
    client.force_login(village_a)
    assert client.get(reverse("fieldwork:devices")).status_code == 404
    assert client.get(reverse("fieldwork:device", args=[p.device])).status_code == 404
    assert client.post(reverse("fieldwork:device", args=[p.device]), {"reason": "x"}).status_code == 404
    assert client.get(API + "devices").status_code == 404


def test_managers_api_pages_devices_and_their_syncs(client, phone, village_a, township):
    p = phone(village_a)
    p.sync()
    p.sync()
    client.force_login(township)
    body = client.get(API + "devices", {"limit": 1}).json()
    assert body["count"] == 1 and body["items"][0]["user"] == village_a.username
    assert body["items"][0]["status"] == "使用中"
    syncs = client.get(API + f"devices/{p.device}/syncs").json()
    assert syncs["count"] == 3 and [x["kind"] for x in syncs["items"]] == ["pull", "pull", "register"]
    assert client.get(API + "devices", {"offset": -1}).status_code == 422
    assert (
        client.get(API + "devices", {"village": "x\x00"}).status_code == 400
    )  # the request guard: a NUL in the query string
