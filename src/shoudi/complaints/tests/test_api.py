"""The complaint API (/api/v1/complaints/) as other systems use it with a token (or a browser session): record,
list, read, take up, close, feedback, turn into a risk lead — the same checks and the same history as the pages,
documented JSON errors in Chinese, masked phones, nothing outside the area."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.complaints.models import Complaint
from shoudi.core.models import AuditEntry
from shoudi.monitoring.models import Lead
from shoudi.regions.models import Region
from shoudi.testing.factories import TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A, VILLAGE_C, household_with_members

from .conftest import record

TODAY = timezone.localdate()


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


BODY = {
    "source": "hotline",
    "kind": "policy",
    "township_code": TOWNSHIP_A,
    "village_code": VILLAGE_A,
    "content": "危房改造补助没有发到户",
    "reporter_name": "赵六",
    "reporter_phone": "13912345678",
}


def test_record_list_read_and_close_through_the_api(county, household_a):
    client = api(county)
    created = post(client, "/api/v1/complaints/", {**BODY, "household_id": str(household_a.pk)})
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["status"] == "pending" and data["reporter_phone"] == "139****5678"  # masked
    assert (
        data["household_number"] == household_a.number and data["due_on"] == (TODAY + dt.timedelta(days=15)).isoformat()
    )
    listed = client.get("/api/v1/complaints/?status=pending").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == data["id"]
    closed = post(
        client,
        f"/api/v1/complaints/{data['id']}/close",
        {"outcome": "true", "handling": "已督促乡镇发放", "feedback": "已发放", "version": data["version"]},
    )
    assert closed.status_code == 200, closed.content
    assert closed.json()["status"] == "closed" and [c["label"] for c in closed.json()["changes"]] == ["登记", "办结"]
    again = post(client, f"/api/v1/complaints/{data['id']}/close", {"outcome": "true", "handling": "再次办结"})
    assert again.status_code == 409 and "不能办理此环节" in again.json()["detail"]


@pytest.mark.parametrize(
    ("changes", "status", "field", "message"),
    [
        ({"source": "fax"}, 422, "source", "不在代码表中"),
        ({"kind": ""}, 422, "kind", "不在代码表中"),
        ({"content": "含\x00空字符"}, 422, "content", "空字符"),
        ({"content": ""}, 422, "content", "请填写反映内容"),
        ({"township_code": "520627101"}, 422, "township_code", "不在您负责的区域内"),
        ({"township_code": "abc"}, 422, "township_code", "格式不正确"),
        ({"village_code": "520628102202"}, 422, "village_code", "不是盘石镇的村"),
        ({"received_on": "2999-01-01"}, 422, "received_on", "不能晚于今天"),
        ({"received_on": "0001-01-01"}, 422, "received_on", "不能早于2000年"),
        ({"reporter_phone": "１３９"}, 422, "reporter_phone", "联系电话不正确"),
        ({"extra": 1}, 422, "extra", "不认识的字段"),
    ],
)
def test_bad_bodies_get_documented_chinese_errors(county, changes, status, field, message):
    response = post(api(county), "/api/v1/complaints/", {**BODY, **changes})
    assert response.status_code == status, response.content
    body = response.json()
    assert body["field"] == field and message in body["detail"]
    assert not Complaint.objects.exists()


def test_close_refuses_a_missing_outcome_and_a_stale_version(township):
    complaint = record(township)
    client = api(township)
    url = f"/api/v1/complaints/{complaint.pk}/close"
    missing = post(client, url, {"outcome": "", "handling": "x"})
    assert missing.status_code == 422 and missing.json()["field"] == "outcome"
    stale = post(client, url, {"outcome": "true", "handling": "已处理", "version": 7})
    assert stale.status_code == 409
    early = post(client, url, {"outcome": "true", "handling": "已处理", "on": "2020-01-01"})
    assert early.status_code == 422 and "不能早于收到日期" in early.json()["detail"]


def test_nobody_outside_reaches_a_complaint_through_the_api(township, village_a, clerk, outsider):
    complaint = record(township)
    for user in (village_a, clerk, outsider):
        client = api(user)
        assert client.get(f"/api/v1/complaints/{complaint.pk}").status_code == 404
        closing = post(client, f"/api/v1/complaints/{complaint.pk}/close", {"outcome": "true", "handling": "x"})
        assert closing.status_code == 404
    assert api(outsider).get("/api/v1/complaints/").json()["count"] == 0
    assert api(village_a).get("/api/v1/complaints/").status_code == 404
    assert post(api(outsider), "/api/v1/complaints/", BODY).status_code == 422  # not their township
    assert post(api(village_a), "/api/v1/complaints/", BODY).status_code == 404
    assert api(township).get(f"/api/v1/complaints/?township={TOWNSHIP_C}").json()["count"] == 0


# ---- the handling steps: take up, feedback, turn into a risk lead ------------------------------------------

STEPS = ("take-up", "feedback", "to-lead")


def history(complaint):
    return [
        (c.action, c.label, c.from_status, c.to_status, c.on, c.reason) for c in complaint.changes.order_by("at", "id")
    ]


def state(complaint):
    """What a user notices of a complaint after its steps (the page and the API show these)."""
    complaint.refresh_from_db()
    lead = complaint.lead
    return {
        "status": complaint.status,
        "handled_by": complaint.handled_by_id,
        "feedback": (complaint.feedback, complaint.feedback_on),
        "household": complaint.household_id,
        "lead": lead and (lead.household_id, lead.channel, lead.summary, lead.evidence, lead.status),
        "history": history(complaint),
        "audit": sorted(AuditEntry.objects.filter(object_id=str(complaint.pk)).values_list("action", flat=True)),
    }


@pytest.mark.parametrize("persona", ["township", "county"])
def test_take_up_feedback_and_lead_change_the_complaint_as_the_page_does(
    persona, request, client, household_a, village_a
):
    """The same three steps, once through the pages and once through the API: the same status, history,
    feedback, lead and audit; the API answers each step with the complaint as it now stands."""
    user = request.getfixturevalue(persona)
    by_page = record(user, kind="difficulty", household=household_a)
    by_api = record(user, kind="difficulty", household=household_a)
    client.force_login(user)
    page = f"/complaints/{by_page.pk}"
    assert client.post(f"{page}/take_up/", {"version": 0, "on": TODAY.isoformat()}).status_code == 302
    assert (
        client.post(f"{page}/feedback/", {"version": 1, "feedback": "已转村核实", "on": TODAY.isoformat()}).status_code
        == 302
    )
    lead_form = {"version": 2, "household": household_a.number, "channel": "application", "summary": "住院后家庭困难"}
    assert client.post(f"{page}/lead/", lead_form).status_code == 302

    token, url = api(user), f"/api/v1/complaints/{by_api.pk}"
    taken = post(token, f"{url}/take-up", {"version": 0})
    assert taken.status_code == 200, taken.content
    assert taken.json()["status"] == "in_progress" and taken.json()["version"] == 1
    assert taken.json()["handled_by_name"] == user.display_name
    told = post(token, f"{url}/feedback", {"feedback": "已转村核实", "on": TODAY.isoformat(), "version": 1})
    assert told.status_code == 200, told.content
    assert told.json()["feedback"] == "已转村核实" and told.json()["feedback_on"] == TODAY.isoformat()
    # household and channel left out: the complaint's household, and 农户自主申报 for a report of difficulty
    turned = post(token, f"{url}/to-lead", {"summary": "住院后家庭困难", "version": 2})
    assert turned.status_code == 200, turned.content
    data = turned.json()
    lead = Lead.objects.get(pk=data["lead_id"])
    assert data["lead_status_label"] == "待入户核实" and data["lead_due_on"] == lead.due_on.isoformat()
    assert data["household_number"] == household_a.number and data["reporter_phone"] == "138****5678"
    assert [c["label"] for c in data["changes"]] == ["登记", "开始办理", "反馈", "转为风险线索"]
    assert data["status"] == "in_progress"  # feedback and the lead do not move the status

    expected, got = state(by_page), state(by_api)
    assert got == expected and got["lead"][1] == "application"
    assert "王五" not in lead.evidence and "13812345678" not in lead.evidence  # the reporter stays unknown
    # the village then sees the lead (not the complaint) in its own list
    leads = api(village_a).get("/api/v1/monitoring/leads").json()
    assert str(lead.pk) in [x["id"] for x in leads] and "王五" not in str(leads)
    assert api(village_a).get(f"/api/v1/complaints/{by_api.pk}").status_code == 404


def test_a_browser_session_takes_a_complaint_up_with_its_csrf_token(township, complaint):
    session = Client(enforce_csrf_checks=True)
    session.force_login(township)
    url = f"/api/v1/complaints/{complaint.pk}/take-up"
    refused = post(session, url, {})
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    session.get("/api/docs")
    csrf = session.cookies["csrftoken"].value
    taken = session.post(url, "{}", content_type="application/json", headers={"X-CSRFToken": csrf})
    assert taken.status_code == 200 and taken.json()["status"] == "in_progress"


def test_feedback_closed_complaint_replaces_the_answer_and_needs_a_taken_up_one(township, complaint):
    client, url = api(township), f"/api/v1/complaints/{complaint.pk}"
    early = post(client, f"{url}/feedback", {"feedback": "已处理"})
    assert early.status_code == 422 and "请先开始办理" in early.json()["detail"]
    assert (
        post(client, f"{url}/close", {"outcome": "false", "handling": "经查不属实", "feedback": "不属实"}).status_code
        == 200
    )
    again = post(client, f"{url}/feedback", {"feedback": "经核查不属实，已当面告知", "version": 1})
    assert again.status_code == 200, again.content
    assert again.json()["status"] == "closed" and again.json()["feedback"] == "经核查不属实，已当面告知"
    assert [c["label"] for c in again.json()["changes"]] == ["登记", "办结", "反馈"]


def test_second_steps_and_stale_versions_answer_409_and_write_nothing(county, household_a):
    complaint = record(county, household=household_a)
    client, url = api(county), f"/api/v1/complaints/{complaint.pk}"
    assert post(client, f"{url}/take-up", {}).status_code == 200
    twice = post(client, f"{url}/take-up", {})
    assert twice.status_code == 409 and "不能办理此环节" in twice.json()["detail"]
    for step, body in [("take-up", {}), ("feedback", {"feedback": "已处理"}), ("to-lead", {"summary": "困难"})]:
        stale = post(client, f"{url}/{step}", {**body, "version": 0})
        assert stale.status_code == 409 and "请刷新后重试" in stale.json()["detail"], step
    assert post(client, f"{url}/to-lead", {"summary": "困难", "version": 1}).status_code == 200
    second = post(client, f"{url}/to-lead", {"summary": "又一次", "channel": "petition"})
    assert second.status_code == 409 and second.json()["detail"] == "该投诉举报已转为风险线索，请刷新后查看"
    assert Lead.objects.count() == 1
    assert [c.label for c in complaint.changes.order_by("at", "id")] == ["登记", "开始办理", "转为风险线索"]


BODIES = {"take-up": {}, "feedback": {"feedback": "已处理"}, "to-lead": {"summary": "困难"}}


@pytest.mark.parametrize("step", STEPS)
def test_nobody_outside_the_area_reaches_a_step(step, township, county, village_a, committee_a, clerk, outsider):
    """A complaint of another township (盘信镇) is not the 盘石镇 reviewer's; village roles, a clerk and another
    county see no complaint at all. Every step answers 404 and nothing changes."""
    elsewhere = record(county, township=Region.objects.get(code=TOWNSHIP_C), village=None)
    own = record(township)
    cases = [(township, elsewhere), *((user, own) for user in (village_a, committee_a, clerk, outsider))]
    for user, complaint in cases:
        response = post(api(user), f"/api/v1/complaints/{complaint.pk}/{step}", BODIES[step])
        assert response.status_code == 404 and response.json()["detail"] == "未找到", user.username
    assert post(api(township), f"/api/v1/complaints/{own.pk}/nothing", {}).status_code == 404
    for complaint in (elsewhere, own):
        complaint.refresh_from_db()
        assert complaint.version == 0 and complaint.changes.count() == 1
    assert not Lead.objects.exists()


FUTURE = (TODAY + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("step", "body", "field", "message"),
    [
        ("take-up", {"on": "2026-02-30"}, "on", "应为 YYYY-MM-DD 格式的日期"),
        ("take-up", {"on": FUTURE}, "on", "开始办理日期"),
        ("take-up", {"on": "2020-01-01"}, "on", "不能早于收到日期"),
        ("take-up", {"version": -1}, "version", "版本不能小于0"),
        ("take-up", {"handled_by": "x"}, "handled_by", "不认识的字段"),
        ("feedback", {"feedback": "已\x00处理"}, "feedback", "反馈内容含有不可见的空字符"),
        ("feedback", {"feedback": "长" * 2001}, "feedback", "不能超过2000个字符"),
        ("feedback", {"feedback": "  "}, "feedback", "请填写反馈内容"),
        ("feedback", {"feedback": "已处理", "on": "昨天"}, "on", "应为 YYYY-MM-DD 格式的日期"),
        ("feedback", {"feedback": "已处理", "on": FUTURE}, "on", "反馈日期"),
        ("feedback", {"feedback": "已处理", "feedback_on": TODAY.isoformat()}, "feedback_on", "不认识的字段"),
        ("to-lead", {"summary": "困\x00难"}, "summary", "线索内容含有不可见的空字符"),
        ("to-lead", {"summary": "长" * 2001}, "summary", "不能超过2000个字符"),
        ("to-lead", {"summary": ""}, "summary", "请填写线索内容"),
        ("to-lead", {"summary": "困难", "channel": "department"}, "channel", "发现渠道不适用于投诉举报"),
        ("to-lead", {"summary": "困难", "channel": "\x00"}, "channel", "含有不可见的空字符"),
        ("to-lead", {"summary": "困难", "channel": "x" * 21}, "channel", "不能超过20个字符"),
        ("to-lead", {"summary": "困难", "household_id": "1"}, "household_id", "不是有效的编号"),
        ("to-lead", {"summary": "困难", "reporter_name": "王五"}, "reporter_name", "不认识的字段"),
    ],
)
def test_hostile_bodies_get_chinese_errors_and_write_nothing(county, household_a, step, body, field, message):
    complaint = record(county, household=household_a)
    if step == "feedback":
        post(api(county), f"/api/v1/complaints/{complaint.pk}/take-up", {})
    before = state(complaint)
    response = post(api(county), f"/api/v1/complaints/{complaint.pk}/{step}", body)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field and message in response.json()["detail"]
    assert state(complaint) == before and not Lead.objects.exists()


@pytest.mark.parametrize("step, body", [("feedback", {"feedback": "\ud800"}), ("to-lead", {"summary": "\ud800"})])
def test_a_lone_surrogate_is_an_unreadable_body(county, household_a, step, body):
    """Not storable text: the API's parser answers 400 before any step runs (api/tests/test_text.py)."""
    complaint = record(county, household=household_a)
    if step == "feedback":
        post(api(county), f"/api/v1/complaints/{complaint.pk}/take-up", {})
    before = state(complaint)
    response = post(api(county), f"/api/v1/complaints/{complaint.pk}/{step}", body)
    assert response.status_code == 400 and "请求内容无法解析" in response.json()["detail"]
    assert state(complaint) == before and not Lead.objects.exists()


def test_a_lead_needs_a_household_of_the_complaints_township_in_the_users_area(township, county, household_a):
    """Without a household on the complaint one must be named; it must lie in the complaint's township, and a
    household outside the user's area is "not found" on the field (as the page says of a 户编号)."""
    complaint = record(county)
    elsewhere = household_with_members(VILLAGE_C, size=1)  # 盘信镇: in the county, not in the complaint's township
    cases = [
        (county, {}, "该投诉举报未关联农户"),
        (county, {"household_id": str(elsewhere.pk)}, f"户 {elsewhere.number} 不在该投诉举报所属乡镇"),
        (township, {"household_id": str(elsewhere.pk)}, "涉及农户不存在或不在您负责的区域内"),
    ]
    for user, changes, message in cases:
        response = post(api(user), f"/api/v1/complaints/{complaint.pk}/to-lead", {"summary": "困难", **changes})
        assert response.status_code == 422 and response.json()["field"] == "household_id", response.content
        assert message in response.json()["detail"]
    assert not Lead.objects.exists()
    done = post(
        api(township),
        f"/api/v1/complaints/{complaint.pk}/to-lead",
        {"summary": "困难", "household_id": str(household_a.pk), "channel": "media"},
    )
    assert done.status_code == 200 and Lead.objects.get().channel == "media"
