"""Uploading the queue: each kind lands as the web page's own record, once; repeats write nothing; a household
changed on the server since the sync is a conflict the person resolves; refusals come back per field in Chinese."""

from __future__ import annotations

import uuid
from decimal import Decimal

from shoudi.assistance.models import Visit
from shoudi.fieldwork.models import FieldRecord, RecordStatus, SyncKind, SyncLog
from shoudi.income.models import IncomeSheet
from shoudi.monitoring import codes
from shoudi.monitoring.models import Lead
from shoudi.monitoring.testing.builders import days_ago, promise_scan
from shoudi.registry import services as registry_services

API = "/api/v1/field/"


def _visit(on=None, **extra):
    return {"visited_on": (on or days_ago(0)).isoformat(), "findings": "家中情况稳定，药费有报销", **extra}


def test_each_kind_lands_once_as_the_web_record(phone, village_a, monitored):
    household = monitored.household
    p = phone(village_a)
    p.sync()
    head = household.members.get(relationship="head")
    records = [
        p.record("visit", household, _visit(income_note="务工收入增加")),
        p.record(
            "income",
            household,
            {
                "crops": "1200",
                f"p{head.pk.hex}_place": "in_county",
                f"p{head.pk.hex}_months": "6",
                f"p{head.pk.hex}_amount": "18000",
            },
        ),
        p.record(
            "lead",
            household,
            {"reported_on": days_ago(0).isoformat(), "summary": "儿子车祸住院", "risk_hint": codes.RiskType.ACCIDENT},
        ),
        p.record("facts", household, {"water_safe": "0", f"p{head.pk.hex}_pension_insurance": "1"}),
    ]
    results = p.results(records, {f"photo-{records[0]['client_id']}": promise_scan("visit.jpg")})
    assert [r["status"] for r in results] == ["applied"] * 4, results
    assert all(r["repeat"] is False for r in results)
    visit = Visit.objects.get(case=monitored)
    assert visit.visitor == village_a and visit.income_note == "务工收入增加" and visit.photo
    sheet = IncomeSheet.objects.get(household=household, year=days_ago(0).year)
    assert {line.item: line.amount for line in sheet.lines.all()} == {"crops": 1200, "local_work": 18000}
    lead = Lead.objects.get(household=household, channel=codes.Channel.CADRE_VISIT, summary="儿子车祸住院")
    assert lead.risk_hint == codes.RiskType.ACCIDENT
    household.refresh_from_db()
    head.refresh_from_db()
    assert household.water_safe is False and head.pension_insurance is True
    assert results[-1]["household"]["facts"]["water_safe"] == "0"  # the document now, with its new stamp
    assert results[-1]["household"]["stamp"] != p.households[str(household.pk)]["stamp"]
    log = SyncLog.objects.get(kind=SyncKind.PUSH)
    assert (log.records, log.applied, log.conflicts, log.rejected) == (4, 4, 0, 0) and log.size > 0

    again = p.results(records)  # the phone did not hear the answer and sends the same queue again
    assert [r["status"] for r in again] == ["applied"] * 4 and all(r["repeat"] for r in again)
    assert Visit.objects.filter(case=monitored).count() == 1
    assert Lead.objects.filter(household=household, summary="儿子车祸住院").count() == 1
    assert IncomeSheet.objects.get(household=household, year=days_ago(0).year).version == sheet.version
    assert FieldRecord.objects.filter(status=RecordStatus.APPLIED).count() == 4


def test_a_changed_household_is_a_conflict_until_the_person_resolves_it(phone, village_a, monitored):
    household = monitored.household
    p = phone(village_a)
    p.sync()
    record = p.record("income", household, {"crops": "900"})
    # someone changes the household on the web page meanwhile
    registry_services.household_update(by=village_a, household=household, data={"address": "新寨组8号"})
    [result] = p.results([record])
    assert result["status"] == "conflict" and result["household"]["address"] == "新寨组8号"
    assert not IncomeSheet.objects.filter(household=household).exists()
    stored = FieldRecord.objects.get(client_id=record["client_id"])
    assert stored.status == RecordStatus.CONFLICT and stored.payload == {"crops": "900"}
    assert p.results([record])[0]["status"] == "conflict"  # the same record again: still the person's to decide

    resolved = {**record, "resolve": "apply", "base_stamp": result["household"]["stamp"]}
    [applied] = p.results([resolved])
    assert applied["status"] == "applied"
    assert IncomeSheet.objects.get(household=household).lines.get().amount == 900
    assert FieldRecord.objects.get(client_id=record["client_id"]).resolved_at is not None


def test_records_of_one_household_in_one_upload_do_not_conflict_with_each_other(phone, village_a, monitored):
    household = monitored.household
    p = phone(village_a)
    p.sync()
    results = p.results(
        [
            p.record("visit", household, _visit()),
            p.record("facts", household, {"housing_grade": "B"}),
            p.record("income", household, {"crops": "500"}),
        ]
    )
    assert [r["status"] for r in results] == ["applied"] * 3


def test_discard_gives_up_a_conflict(phone, village_a, monitored):
    household = monitored.household
    p = phone(village_a)
    p.sync()
    record = p.record("lead", household, {"reported_on": days_ago(0).isoformat(), "summary": "看病"})
    registry_services.household_update(by=village_a, household=household, data={"address": "新址"})
    assert p.results([record])[0]["status"] == "conflict"
    response = p.client.post(API + f"records/{record['client_id']}/discard")
    assert response.status_code == 200 and response.json() == {"status": "discarded"}
    again = p.results([record])[0]
    assert again["status"] == "discarded" and again["repeat"] is True
    assert not Lead.objects.filter(summary="看病").exists()
    assert p.client.post(API + f"records/{uuid.uuid4()}/discard").status_code == 404


def test_refusals_come_back_per_field_in_chinese(phone, village_a, monitored):
    household = monitored.household
    p = phone(village_a)
    p.sync()
    empty = p.record("visit", household, _visit(findings=""))
    huge = p.record("income", household, {"crops": "1e30"})
    nul = p.record("lead", household, {"reported_on": days_ago(0).isoformat(), "summary": "有\x00空字符"})
    bad_date = p.record("visit", household, _visit(on=days_ago(200)))
    results = p.results([empty, huge, nul, bad_date])
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert results[0]["errors"] == {"findings": ["此项必填"]} and results[0]["message"] == "走访情况：此项必填"
    assert "crops" in results[1]["errors"]
    assert results[2]["errors"]["summary"] == ["含有不可见的空字符，请删除后重新填写"]
    assert "visited_on" in results[3]["errors"]
    assert not Visit.objects.exists() and not IncomeSheet.objects.exists()
    assert SyncLog.objects.get(kind=SyncKind.PUSH).rejected == 4

    fixed = {**empty, "data": _visit(findings="补填的走访情况")}  # a rejected record may be sent again, corrected
    assert p.results([fixed])[0]["status"] == "applied"
    assert Visit.objects.get().findings == "补填的走访情况"


def test_one_bad_record_does_not_undo_the_others(phone, village_a, monitored):
    household = monitored.household
    p = phone(village_a)
    p.sync()
    results = p.results(
        [p.record("income", household, {"crops": "-5"}), p.record("income", household, {"livestock": "300"})]
    )
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert IncomeSheet.objects.get(household=household).lines.get().item == "livestock"


def test_a_visit_needs_the_open_case(phone, village_a, household_a):
    p = phone(village_a)
    p.sync()
    [result] = p.results([p.record("visit", household_a, _visit())])
    assert result["status"] == "rejected" and result["errors"] == {"case": ["该户没有在办的监测对象，不能记录帮扶回访"]}


def test_no_record_outside_the_persons_households(phone, village_a, village_b, committee_a, monitored, household_b):
    p = phone(village_a)
    p.sync()
    [result] = p.results([p.record("lead", household_b, {"reported_on": days_ago(0).isoformat(), "summary": "x"})])
    assert result["status"] == "rejected" and result["message"] == "无权在该户记录"
    committee = phone(committee_a)
    committee.sync()
    [visit] = committee.results([committee.record("visit", monitored.household, _visit())])
    assert visit["status"] == "rejected" and visit["message"] == "无权在该户记录"  # 村两委 records no visits
    assert not Lead.objects.filter(household=household_b).exists() and not Visit.objects.exists()


def test_a_client_id_of_another_user_is_refused(phone, village_a, committee_a, household_a):
    mine = phone(village_a)
    mine.sync()
    record = mine.record("lead", household_a, {"reported_on": days_ago(0).isoformat(), "summary": "看病"})
    assert mine.results([record])[0]["status"] == "applied"
    theirs = phone(committee_a)
    theirs.sync()
    [result] = theirs.results([{**record, "data": {"reported_on": days_ago(0).isoformat(), "summary": "改"}}])
    assert result["status"] == "rejected" and result["message"] == "记录编号已被使用"
    assert Lead.objects.filter(household=household_a).count() == 1


def test_hostile_uploads_are_4xx_in_chinese(phone, village_a, household_a):
    p = phone(village_a)
    p.sync()
    bad_json = p.client.post(API + "upload", {"device": p.device, "records": "[{"})
    assert bad_json.status_code == 422 and bad_json.json()["detail"] == "记录列表不是有效的 JSON"
    not_list = p.client.post(API + "upload", {"device": p.device, "records": '{"a": 1}'})
    assert not_list.status_code == 422
    huge_int = p.client.post(API + "upload", {"device": p.device, "records": "[" + "9" * 5000 + "]"})
    assert huge_int.status_code == 422
    too_many = p.upload([p.record("lead", household_a, {"summary": "x"}) for _ in range(101)])
    assert too_many.status_code == 413 and "100" in too_many.json()["detail"]
    from django.core.files.uploadedfile import SimpleUploadedFile

    photo = SimpleUploadedFile("p.jpg", b"\xff" * (21 * 1024 * 1024), content_type="image/jpeg")
    too_big = p.upload([], {"photo-x": photo})
    assert too_big.status_code == 413
    missing = p.client.post(API + "upload", {"device": p.device})
    assert missing.status_code == 422 and missing.json()["field"] == "records"
    odd = [
        {"client_id": "x"},
        "not an object",
        {**p.record("lead", household_a, {}), "made_at": "yesterday"},
        {**p.record("lead", household_a, {"summary": ["a"]})},
        {**p.record("lead", household_a, {"summary": "\ud800"})},
        {**p.record("income", household_a, {"crops": 1e308 * 10})},
    ]
    results = p.results(odd)
    assert [r["status"] for r in results] == ["rejected"] * 6
    assert results[0]["errors"]["client_id"] == ["记录编号不是有效的编号"]
    assert results[2]["errors"]["made_at"] and results[3]["errors"]["summary"] and results[4]["errors"]["summary"]
    assert "crops" in results[5]["errors"]
    bad_photo = p.record("visit", household_a, _visit())
    results = p.results([bad_photo], {f"photo-{bad_photo['client_id']}": promise_scan("x.pdf")})
    assert results[0]["status"] == "rejected"


def test_a_concurrent_duplicate_answers_the_stored_outcome(phone, village_a, household_a, monkeypatch):
    """Two uploads of the same new record at once: the second one's insert hits the unique client_id, its
    transaction (with its lead) rolls back, and it answers what the first decided."""
    p = phone(village_a)
    p.sync()
    record = p.record("lead", household_a, {"reported_on": days_ago(0).isoformat(), "summary": "同时上传"})
    assert p.results([record])[0]["status"] == "applied"
    real_filter = FieldRecord.objects.filter
    calls = []

    def unseen_at_first(*args, **kwargs):  # the first lookup ran before the other upload committed
        calls.append(kwargs)
        return FieldRecord.objects.none() if len(calls) == 1 else real_filter(*args, **kwargs)

    monkeypatch.setattr(FieldRecord.objects, "filter", unseen_at_first)
    [again] = p.results([record])
    assert again["status"] == "applied" and again["repeat"] is True
    assert Lead.objects.filter(summary="同时上传").count() == 1


def test_a_helper_cadre_visits_the_paired_household_of_their_case(phone, helper_cadre, township, monitored):
    from shoudi.monitoring.services import case_assign
    from shoudi.pairing.services import pairing_create

    pairing_create(by=township, household=monitored.household, cadre=helper_cadre, since=days_ago(30))
    p = phone(helper_cadre)
    doc = p.sync().body["households"][0]
    assert doc["can"] == ["income"]  # not yet the case's helper: no visit
    case_assign(by=township, case=monitored, helper=helper_cadre)
    doc = p.sync().body["households"][0]
    assert doc["can"] == ["visit", "income"]
    [result] = p.results([p.record("visit", monitored.household, _visit())])
    assert result["status"] == "applied"
    assert Visit.objects.get(case=monitored).visitor == helper_cadre


def test_income_resolved_over_a_newer_sheet_uses_its_version(phone, village_a, household_a):
    from shoudi.income import services as income_services
    from shoudi.income.inputs import LineInput

    p = phone(village_a)
    p.sync()
    values = p.households[str(household_a.pk)]["income"]["values"]
    record = p.record("income", household_a, {**values, "crops": "800"})
    income_services.sheet_save(  # the web page saved the sheet meanwhile
        by=village_a,
        household=household_a,
        year=days_ago(0).year,
        lines=[LineInput("livestock", Decimal(100))],
        source="page",
    )
    [conflict] = p.results([record])
    assert conflict["status"] == "conflict" and conflict["household"]["income"]["version"] == 1
    [applied] = p.results([{**record, "resolve": "apply", "base_stamp": conflict["household"]["stamp"]}])
    assert applied["status"] == "applied" and applied["household"]["income"]["version"] == 2
    sheet = IncomeSheet.objects.get(household=household_a)
    assert {line.item for line in sheet.lines.all()} == {"crops"}  # mine, as I chose, over the server's


def test_facts_of_a_member_are_checked_per_member(phone, village_a, household_a):
    """The app names a member's fields by the member's short key from the synced document; the errors come back
    under the same names, so they show next to the fields the person filled."""
    p = phone(village_a)
    doc = p.sync().body["households"][0]
    head = household_a.members.get(relationship="head")
    [short] = [m["id"] for m in doc["members"] if m["rel"] == "户主"]
    assert len(short) == 8 and head.pk.hex.startswith(short)
    key = f"p{short}_work_months"
    [result] = p.results([p.record("facts", household_a, {key: "13"})])
    assert result["status"] == "rejected" and list(result["errors"]) == [key]
    assert "12" in result["errors"][key][0]
    [ok] = p.results([p.record("facts", household_a, {key: "8", f"p{short}_work_place": "out_province"})])
    assert ok["status"] == "applied"
    head.refresh_from_db()
    assert (head.work_months, head.work_place) == (8, "out_province")


def test_the_answer_is_gzipped_when_the_phone_accepts_it(phone, village_a, household_a):
    import gzip
    import json

    p = phone(village_a)
    p.sync()
    record = p.record("lead", household_a, {"reported_on": days_ago(0).isoformat(), "summary": "看病"})
    response = p.upload([record], HTTP_ACCEPT_ENCODING="gzip")
    assert response["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.content))["results"][0]["status"] == "applied"
