"""待落实待遇 through the API (/api/v1/low-income/), as other systems use it with a token: the county officer runs the
check, the 医保 clerk lists and settles their items, and the same refusals as on the pages come back as
documented JSON errors in Chinese."""

from __future__ import annotations

import json
import uuid

import pytest
from django.test import Client

from shoudi.accounts.models import ApiToken
from shoudi.lowincome.models import Entitlement
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .entitlement_world import TODAY, YEAR, education_clerk, holds, members, school

pytestmark = pytest.mark.django_db
BASE = "/api/v1/low-income/entitlements"


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def world(regions):
    household = household_with_members(VILLAGE_A, size=2, status="former_poor", exit_year=2017)
    holds(household, "dibao")
    school(members(household)[0], "在校", stage="本科")
    return household


def test_check_list_and_settle_through_the_api(world, county, clerk):
    checked = post(api(county), f"{BASE}/check", {"year": YEAR})
    assert checked.status_code == 200, checked.content
    assert checked.json() == {
        "area_code": "520628",
        "year": YEAR,
        "members": 2,
        "opened": 3,
        "delivered": 0,
        "updated": 0,
        "open": 3,
    }
    listed = api(clerk).get(f"{BASE}/?status=open").json()
    assert listed["count"] == 2 and {i["kind"] for i in listed["items"]} == {"premium_subsidy"}
    person = members(world)[0]
    item = next(i for i in listed["items"] if i["person_name"] == person.name)
    assert item["id_number"] == person.masked_id and item["department_label"] == "医保"
    settled = post(api(clerk), f"{BASE}/{item['id']}/settle", {"status": "delivered", "note": "已资助"})
    assert settled.status_code == 200 and settled.json()["status"] == "delivered"
    assert settled.json()["resolved_on"] == TODAY.isoformat()
    assert api(county).get(f"{BASE}/?kind=tuition_support").json()["count"] == 1


def test_the_api_refuses_as_the_pages_do(world, county, clerk, township):
    post(api(county), f"{BASE}/check", {"year": YEAR})
    education = Entitlement.objects.get(kind="tuition_support")
    premium = Entitlement.objects.filter(kind="premium_subsidy").first()
    body = {"status": "delivered"}
    assert post(api(clerk), f"{BASE}/{education.pk}/settle", body).status_code == 404  # another department's
    assert post(api(clerk), f"{BASE}/{uuid.uuid4()}/settle", body).status_code == 404
    assert post(api(township), f"{BASE}/check", {"year": YEAR}).status_code == 404
    assert post(api(county), f"{BASE}/{premium.pk}/settle", body).status_code == 404  # the officer settles none
    missing_note = post(api(clerk), f"{BASE}/{premium.pk}/settle", {"status": "not_applicable"})
    assert missing_note.status_code == 422 and missing_note.json()["field"] == "note"
    assert "原因" in missing_note.json()["detail"]
    wrong = post(api(clerk), f"{BASE}/{premium.pk}/settle", {"status": "open"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "status"
    assert post(api(county), f"{BASE}/check", {"year": TODAY.year + 1}).status_code == 422
    assert post(api(county), f"{BASE}/check", {"year": YEAR, "area": "52"}).status_code == 422  # unknown field
    nul = post(api(clerk), f"{BASE}/{premium.pk}/settle", {"status": "not_applicable", "note": "a\x00b"})
    assert nul.status_code in (400, 422)
    assert Entitlement.objects.get(pk=premium.pk).status == "open"
    teacher = api(education_clerk())
    assert (
        post(teacher, f"{BASE}/{education.pk}/settle", {"status": "not_applicable", "note": "已休学"}).json()["status"]
        == "not_applicable"
    )
    assert api(clerk).get(f"{BASE}/?year=1900").status_code == 422
