"""The complaint API (/api/v1/complaints/) as other systems use it with a token: record, list, read, close —
the same checks as the pages, documented JSON errors in Chinese, masked phones, nothing outside the area."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.complaints.models import Complaint
from shoudi.testing.factories import TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A

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
