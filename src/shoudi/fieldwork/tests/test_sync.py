"""Registering a phone and syncing "my households": only the households in the person's scope, masked IDs,
gzip, the forms document, and a query count that does not grow with the households."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal

from django.urls import reverse

from shoudi.fieldwork.models import Device, SyncKind, SyncLog
from shoudi.testing.factories import VILLAGE_A, household_with_members

API = "/api/v1/field/"


def test_register_keeps_only_the_hash_of_the_secret(phone, village_a):
    p = phone(village_a, register=False)
    body = p.register("李明的手机")
    assert len(body["secret"]) >= 32 and body["wipe_days"] == 7
    device = Device.objects.get(pk=body["device"])
    assert device.label == "李明的手机" and body["secret"] not in device.secret_hash
    assert SyncLog.objects.filter(device=device, kind=SyncKind.REGISTER).count() == 1


def test_a_village_contact_syncs_the_village_and_nothing_else(phone, village_a, household_a, household_b):
    p = phone(village_a)
    response = p.sync()
    assert response.status_code == 200
    body = response.body
    assert body["user"]["role"] == "监测联系人/网格员" and body["wipe_days"] == 7
    ids = [h["id"] for h in body["households"]]
    assert ids == [str(household_a.pk)]  # village B's household never appears
    doc = body["households"][0]
    assert doc["village"] == "当造村" and doc["status"] == "脱贫户"
    head = household_a.members.get(relationship="head")
    member = next(m for m in doc["members"] if m["id"] == head.pk.hex[:8])  # a short key, see digest.member_keys
    assert member["idn"] == head.id_number[:6] + "********" + head.id_number[-4:]
    assert head.id_number not in json.dumps(body)  # no full ID number anywhere
    assert "health" not in json.dumps(body) and "bank" not in json.dumps(body)
    assert doc["can"] == ["income", "lead", "facts"]  # no open case: no visit
    assert len(doc["stamp"]) == 16
    log = SyncLog.objects.get(kind=SyncKind.PULL)
    assert log.households == 1 and log.size > 0


def test_sync_is_gzipped_when_the_phone_accepts_it(phone, village_a, household_a):
    p = phone(village_a)
    response = p.client.get(API + "sync", {"device": p.device}, HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip" and "Accept-Encoding" in response["Vary"]
    assert json.loads(gzip.decompress(response.content))["households"][0]["id"] == str(household_a.pk)
    plain = p.client.get(API + "sync", {"device": p.device})
    assert plain.get("Content-Encoding") is None and plain.json()["households"]


def test_the_same_household_has_the_same_stamp_until_it_changes(phone, village_a, household_a):
    from shoudi.registry import services as registry_services

    p = phone(village_a)
    first = p.sync().body["households"][0]["stamp"]
    assert p.sync().body["households"][0]["stamp"] == first
    registry_services.household_update(by=village_a, household=household_a, data={"address": "新寨组8号"})
    assert p.sync().body["households"][0]["stamp"] != first


def test_a_birthday_is_no_change_of_the_household(phone, village_a, household_a):
    """The age shown on the phone moves with the calendar; the stamp does not, so a record made the day before
    a member's birthday is no conflict the day after."""

    from shoudi.fieldwork.digest import stamp

    doc = phone(village_a).sync().body["households"][0]
    older = {**doc, "members": [{**m, "age": m["age"] + 1} for m in doc["members"]]}
    assert stamp(older) == doc["stamp"]
    changed = {**doc, "members": [{**m, "name": m["name"] + "甲"} for m in doc["members"]]}
    assert stamp(changed) != doc["stamp"]
    assert all("age" in m for m in doc["members"])


def test_a_committee_member_syncs_the_village_too(phone, committee_a, household_a, household_b):
    doc = phone(committee_a).sync().body["households"]
    assert [h["id"] for h in doc] == [str(household_a.pk)]
    assert doc[0]["can"] == ["income", "lead"]  # 村两委 records no visits and edits no household


def test_a_helper_cadre_syncs_only_paired_households(phone, helper_cadre, township, household_a, household_b):
    from shoudi.monitoring.testing.builders import days_ago
    from shoudi.pairing.services import pairing_create

    p = phone(helper_cadre)
    assert p.sync().body["households"] == []
    pairing_create(by=township, household=household_b, cadre=helper_cadre, since=days_ago(10))
    assert [h["id"] for h in p.sync().body["households"]] == [str(household_b.pk)]


def test_the_visit_card_of_a_monitored_household(phone, village_a, monitored):
    doc = phone(village_a).sync().body["households"][0]
    assert doc["can"] == ["visit", "income", "lead", "facts"]
    assert doc["case"]["id"] == str(monitored.pk) and doc["case"]["risks"] == ["因病", "因学"]
    assert "visit_due" in doc["case"]


def test_roles_without_the_app_get_nothing(client, county, household_a):
    client.force_login(county)
    assert client.post(API + "device", {"label": "x"}, content_type="application/json").status_code == 404
    assert client.get(API + "forms").status_code == 404
    assert client.get(API + "sync", {"device": "00000000-0000-0000-0000-000000000000"}).status_code == 404
    assert client.get(reverse("fieldwork:app")).status_code == 403


def test_sync_needs_the_users_own_device(phone, village_a, village_b, household_a):
    other = phone(village_b)
    p = phone(village_a)
    for device in (other.device, "not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        response = p.client.get(API + "sync", {"device": device})
        assert response.status_code == 403
        assert response.json()["wipe"] is True and response.json()["detail"] == "设备未登记"


def test_the_forms_document_comes_from_the_web_forms(phone, village_a, committee_a):
    body = phone(village_a).client.get(API + "forms").json()
    visit = {f["name"]: f for f in body["visit"]}
    assert visit["findings"]["required"] and visit["findings"]["max_length"] == 2000
    assert "water_safe" in visit  # a village contact may update the household on a visit
    assert [f["name"] for f in body["lead"]] == ["reported_on", "risk_hint", "summary", "evidence"]
    assert {f["name"] for f in body["income"]["member"]} == {"_place", "_months", "_amount", "_post"}
    crops = next(f for s in body["income"]["sections"] for f in s["fields"] if f["name"] == "crops")
    assert crops["months"] is True and crops["kind"] == "decimal" and crops["decimal_places"] == 2
    assert [f["name"] for f in body["facts"]["household"]] == ["housing_grade", "water_safe"]
    assert "school_stage" in {f["name"] for f in body["facts"]["member"]}
    assert body["hotline"] == "12317" and len(body["version"]) == 16
    committee = phone(committee_a).client.get(API + "forms").json()
    assert "water_safe" not in {f["name"] for f in committee["visit"]}
    assert committee["version"] != body["version"]


def test_query_count_does_not_grow_with_households(phone, village_a, team, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shoudi.income import services as income_services
    from shoudi.income.inputs import LineInput
    from shoudi.monitoring import codes
    from shoudi.monitoring.testing.builders import days_ago

    def add(n):
        homes = [household_with_members(VILLAGE_A, size=3) for _ in range(n)]
        for home in homes:
            head = home.members.get(relationship="head")
            lines = [
                LineInput("crops", Decimal(1000)),
                LineInput("migrant_work", Decimal(9000), head.pk, "in_province", 5),
            ]
            income_services.sheet_save(by=village_a, household=home, year=days_ago(0).year, lines=lines, source="page")
        case = team.driver.lead(homes[0], days_ago(100), risks=(codes.RiskType.ILLNESS,))
        team.driver.identify(case, days_ago(99))

    p = phone(village_a)
    counts = []
    for n in (3, 27):
        add(n)
        with CaptureQueriesContext(connection) as queries:
            response = p.sync()
        counts.append(len(queries.captured_queries))
    assert len(response.body["households"]) == 30
    assert counts[0] == counts[1], counts  # 3 households or 30: the same queries
    with django_assert_max_num_queries(20):
        p.sync()


def test_members_sharing_the_first_digits_get_longer_keys():
    import uuid
    from types import SimpleNamespace

    from shoudi.fieldwork.digest import expand_member_keys, member_keys, shorten_member_keys

    twins = [SimpleNamespace(pk=uuid.UUID("1c27fb94" + "0" * 23 + str(n))) for n in (1, 2)]
    keys = member_keys(twins)  # type: ignore[arg-type]
    assert len(set(keys.values())) == 2
    full = {f"p{twins[0].pk.hex}_place": "in_county", "crops": "100"}
    short = shorten_member_keys(full, twins)  # type: ignore[arg-type]
    assert short == {f"p{keys[twins[0].pk]}_place": "in_county", "crops": "100"}
    assert expand_member_keys(short, twins) == full  # type: ignore[arg-type]
