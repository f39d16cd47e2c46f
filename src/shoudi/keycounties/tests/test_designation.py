"""Designating a county and taking it off the list: only a province or city, never the county itself; the
county's class in ``regions`` follows; one active designation per county."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from shoudi.accounts.roles import Role
from shoudi.core.models import AuditEntry
from shoudi.keycounties.models import KeyCounty
from shoudi.keycounties.testing import key_county
from shoudi.regions.models import Region
from shoudi.testing.factories import COUNTY, make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/key-counties/"
BODY = {
    "county_code": COUNTY,
    "level": "national",
    "designated_year": 2021,
    "document_no": "国乡振发〔2021〕1号",
    "source": "国家乡村振兴局",
}


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_province_admin_designates_on_the_page_and_the_county_class_follows(client, province_admin):
    client.force_login(province_admin)
    page = client.get(reverse("keycounties:designate")).content.decode()
    assert 'data-form="keycounties.designate"' in page and "松桃苗族自治县" in page
    form = {**BODY, "county": COUNTY, "level": "provincial", "active_until": "2025"}
    response = client.post(reverse("keycounties:designate"), form, follow=True)
    row = KeyCounty.objects.get(county_id=COUNTY)
    assert row.level == "provincial" and row.active_until == 2025
    assert "已将松桃苗族自治县列为省级乡村振兴重点帮扶县" in response.content.decode()
    assert Region.objects.get(code=COUNTY).key_county == "provincial"
    assert AuditEntry.objects.filter(object_type="keycounty", object_id=str(row.pk)).exists()
    listing = client.get(reverse("keycounties:list")).content.decode()
    assert "重点帮扶县</a></li>" in listing and 'data-testid="key-county-row"' in listing


def test_a_county_may_not_put_itself_on_the_list(client, county):
    client.force_login(county)
    assert client.get(reverse("keycounties:designate")).status_code == 404
    response = post(client, API, BODY)
    assert response.status_code == 422
    assert "县级账号不能把本县列入或移出名单" in response.json()["detail"]
    assert not KeyCounty.objects.exists()


def test_city_officer_designates_once_then_removes_with_reason(client, regions):
    city = make_user("city_officer", Role.COUNTY_OFFICER, "5206", full_name="铜仁市乡村振兴局")
    client.force_login(city)
    created = post(client, API, BODY)
    assert created.status_code == 201 and created.json()["level_label"] == "国家乡村振兴重点帮扶县"
    again = post(client, API, {**BODY, "level": "provincial"})
    assert again.status_code == 422 and "已列为国家乡村振兴重点帮扶县" in again.json()["detail"]
    pk = created.json()["id"]
    empty = client.post(reverse("keycounties:remove", args=[pk]), {"removed_on": "2026-01-01", "removed_reason": ""})
    assert empty.status_code == 400 and 'data-field="removed_reason"' in empty.content.decode()
    removed = post(client, f"{API}{pk}/remove", {"removed_on": "2026-01-01", "removed_reason": "过渡期结束，调整名单"})
    assert removed.status_code == 200 and removed.json()["removed_on"] == "2026-01-01"
    assert Region.objects.get(code=COUNTY).key_county == ""
    assert post(client, API, {**BODY, "level": "provincial"}).status_code == 201  # after removal: a new one


def test_hostile_designation_input_answers_in_chinese(client, province_admin):
    client.force_login(province_admin)
    for body in (
        {**BODY, "county_code": "5206"},  # a city, not a county
        {**BODY, "county_code": "520628\x00"},
        {**BODY, "level": "galactic"},
        {**BODY, "document_no": "a\x00b"},
    ):
        response = post(client, API, body)
        assert response.status_code == 422, body
        assert response.json()["detail"]
    assert post(client, API, {**BODY, "designated_year": 10**20}).status_code == 422
    assert not KeyCounty.objects.exists()


def test_readers_outside_the_area_or_role_get_404(client, regions, leader, clerk, village_a, committee_a):
    row = key_county()
    other = Region.objects.create(code="5201", name="贵阳市", level=2, parent_id="52")
    far_leader = make_user("guiyang", Role.LEADER, other.code, full_name="贵阳市领导")
    urls = [
        reverse("keycounties:detail", args=[row.pk]),
        reverse("keycounties:indicators", args=[row.pk]),
        reverse("keycounties:evaluation", args=[row.pk, 2025]),
        f"{API}{row.pk}",
        f"{API}{row.pk}/evaluation/2025",
    ]
    for user in (far_leader, clerk, village_a, committee_a):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user.username, url)
        assert client.get(reverse("keycounties:list")).status_code == 404 or user == far_leader
    client.force_login(far_leader)
    assert "松桃" not in client.get(reverse("keycounties:list")).content.decode()
    client.force_login(leader)  # the city's own leader reads, but may not record or designate
    assert client.get(urls[0]).status_code == 200
    assert client.get(reverse("keycounties:measure_create", args=[row.pk])).status_code == 404
    assert (
        post(
            client, f"{API}{row.pk}/values", {"year": 2025, "code": "east_west_funds", "value": "1", "source": "x"}
        ).status_code
        == 404
    )
