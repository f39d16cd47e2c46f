"""The labour force through the API (/api/v1/employment/labour), as other systems use it with a token: the same
role, department and area checks and the same refusals as the pages, in documented Chinese JSON."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.employment.models import LabourEvent, Work
from shoudi.testing.factories import VILLAGE_A

from .sweep_labour import at_work, head, spouse, workers

pytestmark = pytest.mark.django_db
BASE = "/api/v1/employment/labour"
TODAY = timezone.localdate()


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def test_record_and_read_a_persons_work_through_the_api(village_a, hr_clerk):
    household = workers(VILLAGE_A, status="former_poor")
    person = head(household)
    contact = api(village_a)
    started = send(
        contact,
        "post",
        f"{BASE}/{person.pk}/work",
        {"place": "out_province", "employer_name": "宁波某厂", "started_on": TODAY.isoformat(), "monthly_pay": "4800"},
    )
    assert started.status_code == 201, started.content
    assert started.json()["source"] == "api" and started.json()["place_label"] == "省外"
    profile = send(contact, "put", f"{BASE}/{person.pk}/profile", {"skills": "电焊", "version": 0})
    assert profile.status_code == 200 and profile.json()["profile"]["version"] == 1
    stale = send(contact, "put", f"{BASE}/{person.pk}/profile", {"skills": "木工", "version": 0})
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    event = send(contact, "post", f"{BASE}/{person.pk}/events", {"kind": "unemployed", "on_date": TODAY.isoformat()})
    assert event.status_code == 201 and event.json()["kind_label"] == "失业登记"
    assert Work.objects.get(person=person).ended_on == TODAY
    listed = api(hr_clerk).get(f"{BASE}?status=recent").json()
    assert listed["count"] == 1 and listed["items"][0]["person_id"] == str(person.pk)
    assert listed["items"][0]["id_number"] == person.masked_id and listed["counts"]["total"] == 2
    one = api(hr_clerk).get(f"{BASE}/{person.pk}").json()
    assert one["profile"]["skills"] == "电焊" and one["current"] is None and len(one["works"]) == 1
    assert [e["kind"] for e in one["events"]] == ["unemployed"]


def test_ending_work_through_the_api(village_a):
    person = spouse(workers(VILLAGE_A))
    at_work(person, started_on=TODAY - dt.timedelta(days=90))
    ended = send(api(village_a), "post", f"{BASE}/{person.pk}/work/end", {"reason": "合同到期"})
    assert ended.status_code == 200 and ended.json()["ended_on"] == TODAY.isoformat()
    again = send(api(village_a), "post", f"{BASE}/{person.pk}/work/end", {"reason": "合同到期"})
    assert again.status_code == 422 and "当前没有务工记录" in again.json()["detail"]


def test_others_get_404(village_b, clerk, leader):
    person = head(workers(VILLAGE_A))
    for user in (village_b, clerk, leader):
        assert api(user).get(f"{BASE}/{person.pk}").status_code == 404
        body = {"kind": "returned", "on_date": TODAY.isoformat()}
        assert send(api(user), "post", f"{BASE}/{person.pk}/events", body).status_code == 404
    assert api(clerk).get(BASE).status_code == 404 and api(leader).get(BASE).status_code == 404
    assert api(village_b).get(BASE).json()["count"] == 0
    assert not LabourEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"place": "mars", "employer_name": "甲", "started_on": "2026-01-01"}, "place"),
        ({"place": "in_county", "employer_name": "甲\x00乙", "started_on": "2026-01-01"}, "employer_name"),
        ({"place": "in_county", "employer_name": "甲", "started_on": "2026-01-01", "monthly_pay": 1e30}, "monthly_pay"),
        ({"place": "in_county", "employer_name": "甲", "started_on": "2099-01-01"}, "started_on"),
        ({"place": "in_county", "employer_name": "甲", "started_on": "2026-01-01", "extra": 1}, "extra"),
    ],
)
def test_hostile_work_input_is_a_chinese_422(village_a, body, field):
    person = head(workers(VILLAGE_A))
    response = send(api(village_a), "post", f"{BASE}/{person.pk}/work", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field or field in response.json()["errors"], response.json()
    assert not Work.objects.exists()


def test_list_bounds_and_bad_ids(village_a):
    client = api(village_a)
    assert client.get(f"{BASE}?limit=100000").status_code == 422
    assert client.get(f"{BASE}?offset=99999999999").status_code == 422
    assert client.get(f"{BASE}?q=%00").status_code == 400  # the request guard: a NUL in the query string
    assert client.get(f"{BASE}/not-a-uuid").status_code in (404, 422)
    assert client.get(f"{BASE}?status=nonsense").json()["count"] == 0
