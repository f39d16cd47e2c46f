"""转介 through the pages and the API: the township refers a household to 民政 on its page, a second referral of the
same layer is refused in Chinese, the 民政 clerk finds it first in the queue and decides it (不予纳入 needs a
reason; 予以纳入 opens the membership), staff may withdraw a pending one, recording the layer decides it too."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from shoudi.core.models import AuditEntry
from shoudi.lowincome import codes, referrals
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.testing import membership
from shoudi.monitoring.testing.builders import setup_policy

from .sweep import civil_clerk

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate().isoformat()


@pytest.fixture
def clerk_civil(regions):
    return civil_clerk()


@pytest.fixture(autouse=True)
def _policy(regions):
    setup_policy()


def _refer(client, household, layer="dibao_edge", reasons="人均纯收入低于低保标准的1.5倍\n户主患慢性病"):
    return client.post(
        reverse("lowincome:household_act", args=[household.pk, "refer"]), {"layer": layer, "reasons": reasons}
    )


def _decide(client, referral, **fields):
    data = {
        "decision": "accept",
        "decided_on": TODAY,
        "decision_note": "",
        "started_on": TODAY,
        "deciding_body": "松桃县民政局",
        "document_no": "松民〔2026〕30号",
        "dibao_class": "",
        "monthly_amount": "",
        "income_pattern": "stable",
        **fields,
    }
    return client.post(reverse("lowincome:referral_act", args=[referral.pk, "decide"]), data)


def test_township_refers_and_civil_affairs_accepts(client, township, clerk_civil, household_a):
    client.force_login(township)
    assert _refer(client, household_a).status_code == 302
    referral = Referral.objects.get()
    assert (referral.status, referral.source, referral.created_by) == ("pending", "staff", township)
    assert referral.reasons == ["人均纯收入低于低保标准的1.5倍", "户主患慢性病"]
    again = _refer(client, household_a)  # the layer is pending: no longer offered
    assert again.status_code == 400 and 'data-field="layer"' in again.content.decode()
    assert Referral.objects.count() == 1

    client.force_login(clerk_civil)
    queue = client.get(reverse("lowincome:referrals")).content.decode()
    assert household_a.number in queue and 'data-testid="pending-count">1<' in queue
    page = client.get(reverse("lowincome:referral", args=[referral.pk])).content.decode()
    assert 'data-form="lowincome.referral_decide"' in page and "户主患慢性病" in page
    assert _decide(client, referral).status_code == 302
    referral.refresh_from_db()
    held = Membership.objects.get(household=household_a)
    assert (referral.status, referral.membership, referral.decided_by) == ("accepted", held, clerk_civil)
    assert (held.layer, held.source, held.document_no) == ("dibao_edge", "referral", "松民〔2026〕30号")
    assert AuditEntry.objects.filter(object_id=str(referral.pk), action="update").exists()
    # decided: no more forms, and a second decision is a conflict said on the page
    again = _decide(client, referral)
    assert again.status_code == 400 and "已纳入" in again.content.decode()
    assert Membership.objects.count() == 1


def test_declining_needs_a_reason(client, county, clerk_civil, household_a):
    client.force_login(county)
    assert _refer(client, household_a, layer="dibao").status_code == 302
    referral = Referral.objects.get()
    client.force_login(clerk_civil)
    response = _decide(client, referral, decision="decline")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-field="decision_note"' in page and "不予纳入的理由" in page
    assert Referral.objects.get().status == "pending"
    assert _decide(client, referral, decision="decline", decision_note="经入户核查，家庭有商品房").status_code == 302
    referral.refresh_from_db()
    assert (referral.status, referral.decision_note) == ("declined", "经入户核查，家庭有商品房")
    assert not Membership.objects.exists()
    # declined: the layer may be referred again
    client.force_login(county)
    assert _refer(client, household_a, layer="dibao").status_code == 302


def test_staff_withdraw_and_roles(client, township, village_a, clerk_civil, household_a, outsider):
    client.force_login(village_a)  # reads the queue of the village, does not refer
    assert _refer(client, household_a).status_code == 404
    client.force_login(township)
    _refer(client, household_a)
    referral = Referral.objects.get()
    workbench = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-lowincome_referrals_pending">1<' in workbench
    client.force_login(clerk_civil)  # 民政 decides, does not withdraw
    workbench = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-lowincome_referrals_pending">1<' in workbench  # the clerk's queue
    url = reverse("lowincome:referral_act", args=[referral.pk, "withdraw"])
    assert client.post(url, {"reason": "误转介", "on": TODAY}).status_code == 404
    client.force_login(village_a)
    assert client.get(reverse("lowincome:referral", args=[referral.pk])).status_code == 200
    assert _decide(client, referral).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("lowincome:referral", args=[referral.pk])).status_code == 404
    client.force_login(township)
    response = client.post(url, {"reason": "", "on": TODAY})
    assert response.status_code == 400 and "请填写撤回理由" in response.content.decode()
    assert client.post(url, {"reason": "已迁出本县", "on": TODAY}).status_code == 302
    assert Referral.objects.get().status == "withdrawn"


def test_recording_the_layer_decides_the_referral(client, township, clerk_civil, household_a):
    client.force_login(township)
    _refer(client, household_a, layer="dibao_edge")
    _refer(client, household_a, layer="dibao")
    edge, dibao = Referral.objects.get(layer="dibao_edge"), Referral.objects.get(layer="dibao")
    client.force_login(clerk_civil)
    response = client.post(
        reverse("lowincome:household_act", args=[household_a.pk, "record"]),
        {"layer": "dibao", "started_on": TODAY, "deciding_body": "县民政局", "income_pattern": "stable"},
    )
    assert response.status_code == 302
    dibao.refresh_from_db()
    edge.refresh_from_db()
    assert dibao.status == "accepted" and dibao.membership.layer == "dibao"
    # 低保 rules out 低保边缘: that referral is settled with the reason
    assert edge.status == "declined" and "已纳入最低生活保障对象" in edge.decision_note


def test_a_held_layer_is_not_referred_and_the_constraint_is_said_in_chinese(township, household_a):
    membership(household_a, codes.StoredLayer.DIBAO)
    with pytest.raises(ValidationError) as held:
        referrals.referral_create(by=township, household=household_a, layer="dibao", reasons=["收入低"])
    assert "已是最低生活保障对象" in str(held.value)
    referrals.referral_create(by=township, household=household_a, layer="tekun", reasons=["无劳动能力"])
    with pytest.raises(ValidationError) as twice:
        referrals.referral_create(by=township, household=household_a, layer="tekun", reasons=["无劳动能力"])
    assert "已有待民政认定的特困人员转介" in str(twice.value)


def test_api_referrals(client, township, clerk_civil, village_b, household_a):
    base = "/api/v1/low-income"

    def post(url, body):
        return client.post(url, json.dumps(body), content_type="application/json")

    client.force_login(township)
    body = {"household_id": str(household_a.pk), "layer": "dibao_edge", "reasons": ["人均纯收入 8400 元"]}
    made = post(f"{base}/referrals", body)
    assert made.status_code == 201 and made.json()["status"] == "pending"
    again = post(f"{base}/referrals", body)
    assert again.status_code == 422 and "已有待民政认定" in again.json()["detail"]
    for bad in ({**body, "reasons": []}, {**body, "reasons": ["x\x00"]}, {**body, "layer": "lead"}):
        response = post(f"{base}/referrals", bad)
        assert response.status_code == 422 and response.json()["field"] in ("reasons", "layer"), response.json()
    referral_id = made.json()["id"]
    assert post(f"{base}/referrals/{referral_id}/decide", {"accepted": True}).status_code == 404  # not 民政

    client.force_login(clerk_civil)
    listing = client.get(f"{base}/referrals").json()
    assert listing["count"] == 1 and listing["items"][0]["id"] == referral_id
    refused = post(f"{base}/referrals/{referral_id}/decide", {"accepted": False})
    assert refused.status_code == 422 and refused.json()["field"] == "decision_note"
    accepted = post(f"{base}/referrals/{referral_id}/decide", {"accepted": True, "monthly_amount": "0"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    assert post(f"{base}/referrals/{referral_id}/decide", {"accepted": True}).status_code == 409
    assert client.get(f"{base}/referrals/not-a-uuid").status_code in (404, 422)

    client.force_login(village_b)
    assert client.get(f"{base}/referrals/{referral_id}").status_code == 404
    assert client.get(f"{base}/referrals").json()["count"] == 0
