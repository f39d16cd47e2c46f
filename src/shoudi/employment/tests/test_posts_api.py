"""公益性岗位 through the API (/api/v1/employment/), with a token: create, list, candidates, hire, the pay sheet
(all-or-nothing, rows named), exit, update with the version seen, abolish, the share; another village gets 404
and hostile input a Chinese 4xx."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.accounts.models import ApiToken
from shoudi.accounts.roles import Role
from shoudi.assistance.models import Measure
from shoudi.employment.models import PostHolding, PostPay, WelfarePost, Work
from shoudi.employment.tests.sweep_posts import labourer
from shoudi.monitoring.codes import MeasureKind
from shoudi.testing.factories import VILLAGE_A, make_user

pytestmark = pytest.mark.django_db
BASE = "/api/v1/employment"
TODAY = timezone.localdate()
THIS_MONTH = TODAY.replace(day=1)
LAST_MONTH = (THIS_MONTH - dt.timedelta(days=1)).replace(day=1)


def api(user):
    _, raw = ApiToken.issue(user=user, name="test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _post_body(**overrides):
    body = {
        "area_code": VILLAGE_A,
        "kind": "road",
        "title": "当造村护路员",
        "need": "通组公路无人养护",
        "monthly_subsidy": "500.00",
        "funding": "linkage",
        "created_on": (LAST_MONTH - dt.timedelta(days=31)).isoformat(),
        "term_months": 12,
    }
    body.update(overrides)
    return body


def test_the_whole_life_of_a_post(township, monitored, village_b):
    township_api = api(township)
    committee = api(make_user("committee_api", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村两委"))
    person = labourer(monitored.household)

    made = send(township_api, "post", f"{BASE}/posts", _post_body())
    assert made.status_code == 201, made.content
    post = made.json()
    assert post["status"] == "vacant" and post["version"] == 1
    listed = township_api.get(f"{BASE}/posts", {"status": "vacant"}).json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "当造村护路员"

    found = township_api.get(f"{BASE}/posts/{post['id']}/candidates").json()
    first = found["items"][0]
    assert first["person_id"] == str(person.pk) and first["group"] == "monitored"
    assert person.id_number not in json.dumps(found)  # masked

    hired = send(
        township_api,
        "post",
        f"{BASE}/posts/{post['id']}/hire",
        {"person_id": str(person.pk), "started_on": LAST_MONTH.isoformat(), "agreement_no": "松公岗〔2026〕3号"},
    )
    assert hired.status_code == 201, hired.content
    holding = hired.json()
    assert holding["priority"] == "monitored" and holding["work_id"]
    assert Measure.objects.filter(kind=MeasureKind.WELFARE_POST, person=person).count() == 1

    again = send(
        township_api,
        "post",
        f"{BASE}/posts/{post['id']}/hire",
        {"person_id": str(person.pk), "started_on": TODAY.isoformat()},
    )
    assert again.status_code == 422 and "在岗" in again.json()["detail"]

    sheet = committee.get(f"{BASE}/post-pay/{VILLAGE_A}", {"month": f"{LAST_MONTH:%Y-%m}"}).json()
    assert len(sheet["rows"]) == 1 and not sheet["rows"][0]["saved"]
    row = {"holding_id": holding["id"], "days_required": 20, "days_worked": 20, "amount_paid": "500.00"}
    row["paid_on"] = TODAY.isoformat()
    saved = send(committee, "put", f"{BASE}/post-pay/{VILLAGE_A}?month={LAST_MONTH:%Y-%m}", {"rows": [row]})
    assert saved.status_code == 200, saved.content
    assert saved.json()["rows"][0]["amount_due"] == "500.00" and saved.json()["rows"][0]["saved"]

    before = (LAST_MONTH - dt.timedelta(days=1)).replace(day=1)
    refused = send(
        committee,
        "put",
        f"{BASE}/post-pay/{VILLAGE_A}?month={before:%Y-%m}",
        {"rows": [{**row, "amount_paid": "0", "paid_on": None}]},
    )
    assert refused.status_code == 422
    assert refused.json()["detail"] == f"第 1 行（{person.name}）：该月不在岗，不能发放补贴"
    assert "rows-0-holding" in refused.json()["errors"]
    assert PostPay.objects.count() == 1

    other = api(village_b)
    assert other.get(f"{BASE}/posts/{post['id']}").status_code == 404
    assert other.get(f"{BASE}/post-pay/{VILLAGE_A}").status_code == 404
    assert (
        send(
            other,
            "post",
            f"{BASE}/post-holdings/{holding['id']}/exit",
            {"ended_on": TODAY.isoformat(), "exit_reason": "resigned"},
        ).status_code
        == 404
    )
    assert other.get(f"{BASE}/posts").json()["count"] == 0

    stale = send(township_api, "put", f"{BASE}/posts/{post['id']}", {**_post_body(title="改名"), "version": 1})
    assert stale.status_code == 422  # area_code is not part of an update
    body = {k: v for k, v in _post_body(title="当造村护路员（改）").items() if k != "area_code"}
    current = township_api.get(f"{BASE}/posts/{post['id']}").json()["version"]
    assert send(township_api, "put", f"{BASE}/posts/{post['id']}", {**body, "version": current - 1}).status_code == 409
    assert send(township_api, "put", f"{BASE}/posts/{post['id']}", {**body, "version": current}).status_code == 200

    early = send(
        township_api,
        "post",
        f"{BASE}/post-holdings/{holding['id']}/exit",
        {"ended_on": (LAST_MONTH - dt.timedelta(days=1)).isoformat(), "exit_reason": "resigned"},
    )
    assert early.status_code == 422 and early.json()["field"] == "ended_on"
    left = send(
        township_api,
        "post",
        f"{BASE}/post-holdings/{holding['id']}/exit",
        {"ended_on": TODAY.isoformat(), "exit_reason": "term_ended"},
    )
    assert left.status_code == 200 and left.json()["ended_on"] == TODAY.isoformat()
    assert Work.objects.get(pk=holding["work_id"]).ended_on == TODAY

    gone = send(township_api, "post", f"{BASE}/posts/{post['id']}/abolish", {"abolished_on": TODAY.isoformat()})
    assert gone.status_code == 200 and gone.json()["status"] == "abolished"

    share = township_api.get(f"{BASE}/post-share", {"year": LAST_MONTH.year}).json()
    assert (share["hires"], share["hires_relocated"], share["status"]) == (1, 0, "未达标")


def test_hostile_input_is_a_chinese_4xx(township, hr_clerk):
    client = api(township)
    for body in (
        _post_body(title="保洁\x00员"),
        _post_body(area_code="520628102202"),  # another township's village
        _post_body(kind="moon"),
        _post_body(kind="asset_care"),  # no asset
        _post_body(asset_id=str(uuid.uuid4())),  # an asset on a post that is not 资产管护
    ):
        answer = send(client, "post", f"{BASE}/posts", body)
        assert answer.status_code == 422, (body, answer.content)
        assert any("\u4e00" <= ch <= "\u9fff" for ch in answer.json()["detail"])
    assert send(client, "post", f"{BASE}/posts", _post_body(monthly_subsidy="1e30")).status_code == 422
    assert client.get(f"{BASE}/posts", {"offset": 10**12}).status_code == 422
    assert client.get(f"{BASE}/posts/not-a-uuid").status_code == 422
    assert client.get(f"{BASE}/post-pay/12345").status_code == 404
    assert client.get(f"{BASE}/post-pay/{VILLAGE_A}", {"month": "2026-13"}).status_code == 422
    assert not WelfarePost.objects.exists()
    post = send(api(hr_clerk), "post", f"{BASE}/posts", _post_body()).json()
    hire = send(
        client,
        "post",
        f"{BASE}/posts/{post['id']}/hire",
        {"person_id": str(uuid.uuid4()), "started_on": TODAY.isoformat()},
    )
    assert hire.status_code == 422 and not PostHolding.objects.exists()


def test_a_medical_clerk_sees_nothing(clerk, township):
    send(api(township), "post", f"{BASE}/posts", _post_body())
    client = api(clerk)
    assert client.get(f"{BASE}/posts").status_code == 404
    assert send(client, "post", f"{BASE}/posts", _post_body()).status_code == 404
    assert WelfarePost.objects.count() == 1
    assert WelfarePost.objects.get().monthly_subsidy == Decimal("500.00")
