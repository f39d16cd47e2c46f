"""/api/v1/cooperation/ as the county and as readers: the same rules as the pages, JSON errors in Chinese."""

from __future__ import annotations

import pytest
from django.utils import timezone

from shoudi.cooperation.models import Pairing
from shoudi.cooperation.testing import pairing
from shoudi.testing.factories import COUNTY, VILLAGE_A

pytestmark = pytest.mark.django_db
API = "/api/v1/cooperation"
TODAY = timezone.localdate()


def _post(client, url, body, method="post"):
    return getattr(client, method)(url, body, content_type="application/json")


def test_county_creates_updates_and_reads_a_pairing(client, county, household_a):
    client.force_login(county)
    body = {
        "kind": "designated",
        "area_code": COUNTY,
        "name": "中央某部定点帮扶松桃县",
        "partner": "中央某部",
        "agreement_from": "2021-01-01",
    }
    created = _post(client, f"{API}/pairings", body)
    assert created.status_code == 201, created.content
    pid = created.json()["id"]
    put = _post(client, f"{API}/pairings/{pid}", {**body, "note": "2026年续签", "version": 1}, "put")
    assert put.status_code == 200 and put.json()["version"] == 2
    stale = _post(client, f"{API}/pairings/{pid}", {**body, "note": "x", "version": 1}, "put")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    year = TODAY.year
    assert _post(client, f"{API}/pairings/{pid}/targets", {"year": year, "funds": "2000"}, "put").json()["count"] == 1
    fund = {"received_on": TODAY.isoformat(), "amount": "500", "source": "unit"}
    assert _post(client, f"{API}/pairings/{pid}/funds", fund).status_code == 201
    person = household_a.members.first()
    transfer = {"id_number": person.id_number, "destination": "北京", "started_on": TODAY.isoformat()}
    assert _post(client, f"{API}/pairings/{pid}/transfers", transfer).status_code == 201
    detail = client.get(f"{API}/pairings/{pid}?year={year}").json()
    funds = next(r for r in detail["rows"] if r["indicator"] == "funds")
    assert (float(funds["result"]), funds["share"]) == (500.0, 25.0)
    flows = client.get(f"{API}/pairings/{pid}/flows").json()
    assert flows["transfers"][0]["name"] == person.name
    summary = client.get(f"{API}/summary?year={year}").json()
    assert summary["total"]["count"] == 1


def test_hostile_input_is_refused_in_chinese(client, county):
    p = pairing()
    client.force_login(county)
    url = f"{API}/pairings/{p.pk}/funds"
    huge = _post(client, url, {"received_on": TODAY.isoformat(), "amount": "1e30", "source": "fiscal"})
    assert huge.status_code == 422
    nul = _post(client, f"{API}/pairings/{p.pk}/meetings", {**_meeting(), "place": "东\x00莞"})
    assert nul.status_code == 422 and nul.json()["field"] == "place" and "空字符" in nul.json()["detail"]
    wrong = _post(client, url, {"received_on": TODAY.isoformat(), "amount": "1", "source": "nope"})
    assert wrong.status_code == 422 and wrong.json()["field"] == "source"
    assert client.get(f"{API}/pairings/not-a-uuid").status_code in (404, 422)
    assert client.get(f"{API}/pairings?offset=99999999999999999999").status_code == 422
    assert not p.funds.exists() and not p.meetings.exists()


def _meeting():
    return {"held_on": TODAY.isoformat(), "kind": "joint", "place": "东莞", "leader_level": "city"}


def test_readers_and_outsiders(client, leader, village_b, hr_clerk):
    team = pairing(VILLAGE_A, "当造村驻村工作队", kind="village_team", partner="县财政局")
    client.force_login(leader)
    assert client.get(f"{API}/pairings/{team.pk}").status_code == 200
    assert _post(client, f"{API}/pairings/{team.pk}/meetings", _meeting()).status_code == 404
    client.force_login(village_b)
    assert client.get(f"{API}/pairings/{team.pk}").status_code == 404
    client.force_login(hr_clerk)
    assert client.get(f"{API}/pairings").status_code == 404
    assert Pairing.objects.count() == 1 and not team.meetings.exists()
