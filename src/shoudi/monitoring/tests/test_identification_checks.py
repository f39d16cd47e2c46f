"""信息比对 with the department records, the exclusion gate at 民主评议, 结果公告, and the two staff of an
elimination's home check — each through the pages (HTTP POST with the real field names) and the API, as the
people who take them."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from shoudi.feeds.testing import feed, market, payroll, real_estate, vehicle
from shoudi.monitoring import codes, transitions
from shoudi.monitoring.models import Case
from shoudi.monitoring.models_checks import Announcement, DataCheckItem, ExclusionDecision
from shoudi.monitoring.testing.builders import JPEG, days_ago, jpeg
from shoudi.testing.monitoring import case_at, household

S = codes.Status


@pytest.fixture
def with_car(team):
    """At 待信息比对; 交管 has a 小型轿车 on the head and 不动产 a rural house (no exclusion) on another member."""
    home = household()
    head, other = list(home.members.order_by("id"))[:2]
    feed("vehicles", vehicle(head, "小型轿车", "2023-05-01"))
    feed("real_estate", real_estate(other, "住宅", "2019-03-02"))
    return case_at(S.ID_DATA_CHECK, team=team, household_=home)


def _act(client, case, action, data, files=None):
    url = reverse("monitoring:act", args=[case.pk, action])
    return client.post(url, {"version": case.version, "on": days_ago(0).isoformat(), **data, **(files or {})})


def _page(client, case) -> str:
    return client.get(reverse("monitoring:case", args=[case.pk])).content.decode()


def test_the_data_check_page_lists_the_department_records_with_their_batches(client, with_car, county):
    client.force_login(county)
    page = client.get(reverse("monitoring:act", args=[with_car.pk, "id_data_check"])).content.decode()
    assert page.count('data-testid="datacheck-row"') == 2
    assert "小型轿车，登记日期 2023-05-01" in page and "交管车辆-测试" in page
    assert "不纳入情形：家庭成员拥有享受型轿车" in page
    assert page.count('data-testid="datacheck-none"') == 5  # 市场监管, 财政供养, 医保参保, 医保结算, 民政救助


def test_every_record_must_be_marked_and_a_mismatch_explained(client, with_car, county):
    client.force_login(county)
    response = _act(client, with_car, "id_data_check", {"key_0": _key(with_car, 0), "mark_0": "match"})
    assert 'data-field="mark_1"' in response.content.decode()  # the unmarked record says so
    tampered = {"key_0": "feed:999999", "mark_0": "match", "key_1": _key(with_car, 1), "mark_1": "match"}
    assert "请刷新页面后重新比对" in _act(client, with_car, "id_data_check", tampered).content.decode()
    response = _act(
        client,
        with_car,
        "id_data_check",
        {"key_0": _key(with_car, 0), "mark_0": "match", "key_1": _key(with_car, 1), "mark_1": "mismatch"},
    )
    assert "不符”的，请在说明中写明实际情况" in response.content.decode()
    with_car.refresh_from_db()
    assert with_car.status == S.ID_DATA_CHECK and not DataCheckItem.objects.exists()


def _key(case: Case, n: int) -> str:
    from shoudi.monitoring.datacheck import rows_for

    return [r for r in rows_for(case.household) if not r.none][n].key


def _check(client, case, *, car: str = "match"):
    data = {"key_0": _key(case, 0), "mark_0": car, "note_0": "" if car == "match" else "车辆已于2024年转让"}
    data.update({"key_1": _key(case, 1), "mark_1": "match"})
    return _act(client, case, "id_data_check", data)


def test_a_matched_car_stops_the_review_until_the_assembly_decides(client, with_car, county, committee_a):
    client.force_login(county)
    assert _check(client, with_car).status_code == 302
    case = Case.objects.get(pk=with_car.pk)
    assert case.status == S.ID_REVIEW
    marks = dict(DataCheckItem.objects.filter(case=case).values_list("source_label", "mark"))
    assert marks == {
        "交管车辆": "match",
        "不动产": "match",
        "市场监管": "none",
        "财政供养": "none",
        "医保参保": "none",
        "医保结算": "none",
        "民政救助": "none",
    }
    assert "交管车辆：1条，相符1，不符0" in case.transitions.get(action="id_data_check").reason

    client.force_login(committee_a)
    page = _page(client, case)
    assert 'data-testid="exclusion-open"' in page and "家庭成员拥有享受型轿车" in page
    review = {
        "attendance": "15",
        "attendees": "村两委、村民代表",
        "passed": "1",
        "votes_for": "15",
        "votes_against": "0",
    }
    refused = _act(client, case, "id_review", review)
    assert "须先在监测对象页面录入“村民代表大会评议认定”" in refused.content.decode()
    assert Case.objects.get(pk=case.pk).status == S.ID_REVIEW

    url = reverse("monitoring:exclusion_decide", args=[case.pk])
    decision = {"kind": "assembly", "decided_on": days_ago(0).isoformat(), "note": "车辆为残疾户主代步所用"}
    few = client.post(url, {**decision, "attendance": "20", "votes_for": "8", "votes_against": "2", "document": jpeg()})
    assert few.status_code == 400 and "同意票未超过参会人数的一半" in few.content.decode()
    no_file = client.post(url, {**decision, "attendance": "20", "votes_for": "15", "votes_against": "2"})
    assert no_file.status_code == 400 and not ExclusionDecision.objects.exists()
    done = client.post(
        url, {**decision, "attendance": "20", "votes_for": "15", "votes_against": "2", "document": jpeg()}
    )
    assert done.status_code == 302
    saved = ExclusionDecision.objects.get(case=case)
    assert saved.facts[0].startswith("家庭成员拥有享受型轿车") and saved.attachment.kind == "assembly"

    case.refresh_from_db()
    assert _act(client, case, "id_review", review).status_code == 302
    case.refresh_from_db()
    assert case.status == S.ID_NOTICE
    page = _page(client, case)
    assert "村民代表大会评议认定" in page and "同意 15 票" in page


def test_a_record_marked_wrong_raises_no_exclusion(client, with_car, county, committee_a):
    client.force_login(county)
    assert _check(client, with_car, car="mismatch").status_code == 302
    case = Case.objects.get(pk=with_car.pk)
    client.force_login(committee_a)
    review = {"attendance": "12", "attendees": "村两委、村民代表", "passed": "1"}
    assert _act(client, case, "id_review", review).status_code == 302


def test_a_finding_that_the_fact_is_wrong_opens_the_gate_with_evidence(team, committee_a, county):
    home = household(business=True)  # the registry says a member runs a business
    case = case_at(S.ID_REVIEW, team=team, household_=home)
    with pytest.raises(ValidationError) as refused:
        transitions.case_village_review(by=committee_a, case=case, attendance=9, attendees="村民代表", passed=True)
    assert "经商办企业" in str(refused.value)
    from shoudi.monitoring import exclusions

    with pytest.raises(ValidationError) as no_note:
        exclusions.exclusion_decide(
            by=committee_a, case=case, kind="not_fact", decided_on=None, note=" ", document=jpeg()
        )
    assert "核实情况" in str(no_note.value)
    exclusions.exclusion_decide(
        by=committee_a,
        case=case,
        kind="not_fact",
        decided_on=None,
        note="个体户已于2024年注销",
        document=jpeg("注销.jpg"),
    )
    case = transitions.case_village_review(by=committee_a, case=case, attendance=9, attendees="村民代表", passed=True)
    assert case.status == S.ID_NOTICE
    with pytest.raises(ValidationError):  # once past the review, no more decisions
        exclusions.exclusion_decide(
            by=committee_a, case=case, kind="not_fact", decided_on=None, note="x", document=jpeg()
        )


def test_other_exclusions_from_department_data(team, county):
    home = household()
    head = home.members.order_by("id").first()
    feed("market", market(head, "个体工商户", "2022-01-01"))
    feed("payroll", payroll(head, "县教育局", "2020-09-01"))
    feed("real_estate", real_estate(head, "商业", "2021-01-01"))
    case = case_at(S.ID_DATA_CHECK, team=team, household_=home)
    from shoudi.monitoring.datacheck import rows_for

    rows = [r for r in rows_for(home) if not r.none]
    assert {r.exclusion for r in rows} == {
        "家庭成员经商办企业",
        "家庭成员中有财政供养人员",
        "家庭成员拥有商品房或门面房",
    }
    marks = [(r.key, "match", "") for r in rows]
    case = transitions.case_data_check(by=county, case=case, marks=marks)
    from shoudi.monitoring import exclusions

    assert len(exclusions.uncovered(case, days_ago(0))) == 3


def test_the_data_check_api_lists_records_and_takes_marks(client, bearer, with_car, county):
    headers = bearer(county)
    rows = client.get(f"/api/v1/monitoring/cases/{with_car.pk}/data-check", **headers).json()["rows"]
    records = [r for r in rows if not r["key"].startswith("none:")]
    assert [r["source_label"] for r in records] == ["交管车辆", "不动产"]
    body = {"version": with_car.version, "marks": [{"key": records[0]["key"], "mark": "match"}]}
    url = f"/api/v1/monitoring/cases/{with_car.pk}/steps/id_data_check"
    response = client.post(url, body, content_type="application/json", **headers)
    assert response.status_code == 422 and "请选择“相符”或“不符”" in str(response.json())
    body["marks"].append({"key": records[1]["key"], "mark": "match"})
    assert client.post(url, body, content_type="application/json", **headers).status_code == 200
    exclusions = client.get(f"/api/v1/monitoring/cases/{with_car.pk}/exclusions", **headers).json()
    assert exclusions["open"][0].startswith("家庭成员拥有享受型轿车")


def test_the_township_announces_the_decided_list_and_the_case_page_links_it(client, team, township, village_a):
    case = case_at(S.ID_ENTRY, team=team)
    decided_on = case.transitions.get(action="id_decision").on
    client.force_login(township)
    listing = client.get(reverse("monitoring:announcements")).content.decode()
    assert 'data-testid="post-announcement"' in listing
    url = reverse("monitoring:announcement_create")
    early = client.post(
        url,
        {
            "village": case.village_id,
            "kind": "inclusion",
            "posted_on": (decided_on - __import__("datetime").timedelta(days=1)).isoformat(),
            "issuer": "某镇人民政府",
        },
    )
    assert early.status_code == 400 and "早于所公告事项的审定日期" in early.content.decode()
    done = client.post(
        url,
        {
            "village": case.village_id,
            "kind": "inclusion",
            "posted_on": days_ago(0).isoformat(),
            "issuer": "某镇人民政府",
        },
    )
    assert done.status_code == 302
    announcement = Announcement.objects.get()
    sheet = client.get(reverse("monitoring:announcement", args=[announcement.pk])).content.decode()
    head = case.household.members.get(relationship="head")
    assert head.name in sheet and "纳入防止返贫监测对象结果公告" in sheet
    assert head.id_number not in sheet and head.id_number[-4:] not in sheet
    for member in case.household.members.all():
        assert not member.phone or member.phone not in sheet
    assert reverse("monitoring:announcement", args=[announcement.pk]) in _page(client, case)
    again = client.post(
        url,
        {
            "village": case.village_id,
            "kind": "inclusion",
            "posted_on": days_ago(0).isoformat(),
            "issuer": "某镇人民政府",
        },
    )
    assert again.status_code == 400 and "没有已审定、待公告的农户" in again.content.decode()
    client.force_login(village_a)  # a village contact reads it, cannot post
    assert client.get(reverse("monitoring:announcement", args=[announcement.pk])).status_code == 200
    assert client.get(url).status_code in (403, 404)


def test_an_elimination_home_check_needs_a_second_staff_member(client, team, village_a, committee_a, township):
    case = case_at(S.MONITORED, team=team, eligible=True)
    client.force_login(village_a)
    data = {"kind": "assisted", "findings": "收入稳定，两不愁三保障达标"}
    alone = _act(client, case, "el_home_check", data)
    assert "两名工作人员" in alone.content.decode()
    myself = _act(client, case, "el_home_check", {**data, "second_checker": village_a.username})
    assert myself.status_code == 200 and Case.objects.get(pk=case.pk).status == S.MONITORED
    page = client.get(reverse("monitoring:act", args=[case.pk, "el_home_check"])).content.decode()
    assert f'value="{committee_a.username}"' in page and f'value="{village_a.username}"' not in page
    done = _act(client, case, "el_home_check", {**data, "second_checker": committee_a.username})
    assert done.status_code == 302
    row = Case.objects.get(pk=case.pk).transitions.get(action="el_home_check")
    assert row.payload["second_checker"] == committee_a.username


def test_the_api_refuses_a_decision_without_its_document_and_hostile_numbers(client, bearer, team, committee_a):
    case = case_at(S.ID_REVIEW, team=team, household_=household(business=True))
    url = f"/api/v1/monitoring/cases/{case.pk}/exclusions"
    headers = bearer(committee_a)
    huge = client.post(
        url,
        {"kind": "assembly", "note": "x", "attendance": "99999999999", "document": io.BytesIO(JPEG)},
        **headers,
    )
    assert huge.status_code in (400, 422)
    bad = client.post(
        url,
        {"kind": "assembly", "note": "评议\x00", "attendance": "10", "votes_for": "9", "votes_against": "0"},
        **headers,
    )
    assert bad.status_code in (400, 422)
    assert not ExclusionDecision.objects.exists()


def test_the_assemblys_decision_is_frozen_into_the_assessment(team, committee_a):
    from shoudi.monitoring import exclusions

    case = case_at(S.ID_REVIEW, team=team, household_=household(commercial_property=True))
    assert "家庭成员拥有商品房或门面房" in case.assessment["exclusions"] and case.assessment["excluded"]
    exclusions.exclusion_decide(
        by=committee_a,
        case=case,
        kind="assembly",
        decided_on=None,
        note="门面房为集体出租，收益归村集体",
        document=jpeg(),
        attendance=20,
        votes_for=17,
        votes_against=1,
    )
    case = transitions.case_village_review(by=committee_a, case=case, attendance=20, attendees="村民代表", passed=True)
    assert not case.assessment["excluded"]
    assert any("经村民代表大会评议决定仍予纳入" in r for r in case.assessment["reasons"])
