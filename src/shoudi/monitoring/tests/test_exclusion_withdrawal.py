"""Withdrawing an exclusion decision recorded by mistake (wrong votes, wrong facts, the wrong household): the
village committee withdraws it on the exclusion page or through the API while the case has not passed 民主评议;
it stays listed as 已撤回 with its reason, covers nothing any more (the gate stops 民主评议 again), is audited,
and is never frozen into the assessment as a 村民代表大会 decision."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from shoudi.core.access import NotVisible
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, exclusions, transitions
from shoudi.monitoring.models import Case
from shoudi.monitoring.models_checks import ExclusionDecision
from shoudi.monitoring.testing.builders import days_ago, jpeg
from shoudi.testing.monitoring import case_at, household

S = codes.Status
BUSINESS = "家庭成员经商办企业"
REVIEW = {"attendance": "15", "attendees": "村两委、村民代表", "passed": "1", "votes_for": "15", "votes_against": "0"}


@pytest.fixture
def at_review(team):
    """At 待民主评议; the registry says a member runs a business (an exclusion of seed 001)."""
    return case_at(S.ID_REVIEW, team=team, household_=household(business=True))


def _decide(by, case: Case, kind: str = "assembly", note: str = "小卖部年收入不足万元") -> ExclusionDecision:
    votes = {"attendance": 20, "votes_for": 17, "votes_against": 1} if kind == "assembly" else {}
    return exclusions.exclusion_decide(
        by=by, case=case, kind=kind, decided_on=None, note=note, document=jpeg(), **votes
    )


def _page_url(case: Case) -> str:
    return reverse("monitoring:exclusion_decide", args=[case.pk])


def _withdraw_url(case: Case, decision: ExclusionDecision | uuid.UUID) -> str:
    return reverse("monitoring:exclusion_withdraw", args=[case.pk, getattr(decision, "pk", decision)])


def _review(client, case: Case):
    case.refresh_from_db()
    url = reverse("monitoring:act", args=[case.pk, "id_review"])
    return client.post(url, {"version": case.version, "on": days_ago(0).isoformat(), **REVIEW})


def test_the_committee_withdraws_a_wrong_decision_on_the_page_and_the_gate_stops_the_review_again(
    client, at_review, committee_a
):
    client.force_login(committee_a)
    decided = client.post(
        _page_url(at_review),
        {
            "kind": "assembly",
            "decided_on": days_ago(0).isoformat(),
            "attendance": "20",
            "votes_for": "11",
            "votes_against": "9",
            "note": "小卖部年收入不足万元",
            "document": jpeg(),
        },
    )
    assert decided.status_code == 302
    decision = ExclusionDecision.objects.get(case=at_review)
    page = client.get(_page_url(at_review)).content.decode()
    assert 'data-form="monitoring.exclusion_withdraw"' in page and _withdraw_url(at_review, decision) in page
    assert "该户目前没有尚未认定的不纳入情形" in page
    case_page = client.get(reverse("monitoring:case", args=[at_review.pk])).content.decode()
    assert f'href="{_page_url(at_review)}"' in case_page and 'data-testid="exclusion-manage"' in case_page

    url = _withdraw_url(at_review, decision)
    empty = client.post(url, {"on": days_ago(0).isoformat(), "reason": "  "})
    assert empty.status_code == 400
    assert 'data-field="reason"' in empty.content.decode()
    future = client.post(url, {"on": (days_ago(0) + dt.timedelta(days=1)).isoformat(), "reason": "票数录错"})
    assert future.status_code == 400 and "晚于今天" in future.content.decode()
    early = client.post(url, {"on": days_ago(3).isoformat(), "reason": "票数录错"})
    assert early.status_code == 400 and "早于认定日期" in early.content.decode()
    assert "票数录错" in early.content.decode()  # what was typed is kept
    decision.refresh_from_db()
    assert not decision.is_withdrawn

    done = client.post(url, {"on": days_ago(0).isoformat(), "reason": "同意票实为9票，录入有误"})
    assert done.status_code == 302 and done.url == _page_url(at_review)
    page = client.get(done.url).content.decode()
    assert "已撤回不纳入情形认定" in page
    assert 'data-testid="exclusion-withdrawn"' in page and "撤回原因：同意票实为9票，录入有误" in page
    assert "村两委（当造村）撤回" in page
    assert 'data-form="monitoring.exclusion_withdraw"' not in page  # nothing left to withdraw
    assert BUSINESS in page.split('data-testid="exclusion-facts"')[1].split("</section>")[0]
    case_page = client.get(reverse("monitoring:case", args=[at_review.pk])).content.decode()
    assert 'data-testid="exclusion-open"' in case_page and "已撤回" in case_page
    assert "撤回原因：同意票实为9票，录入有误" in case_page

    entry = AuditEntry.objects.filter(object_type="exclusiondecision", object_id=str(decision.pk)).latest("at")
    assert entry.actor == committee_a and entry.action == AuditEntry.Action.UPDATE
    assert entry.changes["撤回原因"] == ["", "同意票实为9票，录入有误"]
    assert entry.changes["撤回日期"] == [None, days_ago(0).isoformat()]
    assert "同意票实为9票" in entry.reason and entry.area_code == at_review.village_id

    refused = _review(client, at_review)
    assert "须先在监测对象页面录入“村民代表大会评议认定”" in refused.content.decode()
    assert Case.objects.get(pk=at_review.pk).status == S.ID_REVIEW

    again = client.post(url, {"on": days_ago(0).isoformat(), "reason": "再撤一次"})
    assert again.status_code == 400 and "不能重复撤回" in again.content.decode()

    _decide(committee_a, at_review, kind="not_fact", note="个体户已于2024年注销")
    assert _review(client, at_review).status_code == 302
    assert Case.objects.get(pk=at_review.pk).status == S.ID_NOTICE


def test_the_api_withdraws_and_answers_each_refusal(client, bearer, at_review, committee_a):
    decision = _decide(committee_a, at_review)
    headers = bearer(committee_a)
    base = f"/api/v1/monitoring/cases/{at_review.pk}/exclusions"
    listed = client.get(base, **headers).json()
    assert listed["open"] == [] and listed["decisions"][0]["withdrawn"] is False

    url = f"{base}/{decision.pk}/withdraw"

    def post(body, target: str = url):
        return client.post(target, body, content_type="application/json", **headers)

    empty = post({"reason": " "})
    assert empty.status_code == 422 and "请填写撤回原因" in empty.json()["detail"]
    nul = post({"reason": "录错\x00"})
    assert nul.status_code == 422 and "撤回原因含有不可见的空字符" in nul.json()["detail"]
    long = post({"reason": "长" * 501})
    assert long.status_code == 422 and "撤回原因不能超过 500 个字" in long.json()["detail"]
    future = post({"reason": "录错", "on": (days_ago(0) + dt.timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and future.json()["field"] == "on"
    assert post({"reason": "录错", "extra": 1}).status_code == 422
    assert post({"reason": "录错", "on": "2026-13-45"}).status_code == 422
    assert post({"reason": 12345678901234567890}).status_code == 422
    assert post({"reason": "录错"}, f"{base}/{uuid.uuid4()}/withdraw").status_code == 404
    assert post({"reason": "录错"}, f"{base}/not-a-uuid/withdraw").status_code in (404, 422)
    assert not ExclusionDecision.objects.get(pk=decision.pk).is_withdrawn

    done = post({"reason": "录到了别的农户"})
    assert done.status_code == 200
    body = done.json()
    assert body["withdrawn"] is True and body["withdrawn_reason"] == "录到了别的农户"
    assert body["withdrawn_on"] == days_ago(0).isoformat() and body["withdrawn_by_name"] == "村两委（当造村）"
    listed = client.get(base, **headers).json()
    assert listed["open"] == [BUSINESS] and listed["decisions"][0]["withdrawn"] is True

    twice = post({"reason": "再撤一次"})
    assert twice.status_code == 409 and "不能重复撤回" in twice.json()["detail"]


def test_a_decision_of_another_case_is_not_found_under_this_one(client, bearer, team, at_review, committee_a):
    other = case_at(S.ID_REVIEW, team=team, household_=household(business=True))
    decision = _decide(committee_a, other)
    client.force_login(committee_a)
    assert client.post(_withdraw_url(at_review, decision), {"on": days_ago(0), "reason": "x"}).status_code == 404
    url = f"/api/v1/monitoring/cases/{at_review.pk}/exclusions/{decision.pk}/withdraw"
    response = client.post(url, {"reason": "x"}, content_type="application/json", **bearer(committee_a))
    assert response.status_code == 404
    assert not ExclusionDecision.objects.get(pk=decision.pk).is_withdrawn


@pytest.mark.parametrize("persona", ["township", "village_b"])
def test_the_township_and_another_village_get_404(request, client, bearer, at_review, committee_a, persona):
    user = request.getfixturevalue(persona)
    decision = _decide(committee_a, at_review)
    client.force_login(user)
    assert client.get(_page_url(at_review)).status_code == 404
    form = {"on": days_ago(0).isoformat(), "reason": "录入有误"}
    assert client.post(_withdraw_url(at_review, decision), form).status_code == 404
    url = f"/api/v1/monitoring/cases/{at_review.pk}/exclusions/{decision.pk}/withdraw"
    response = client.post(url, {"reason": "录入有误"}, content_type="application/json", **bearer(user))
    assert response.status_code == 404
    assert not ExclusionDecision.objects.get(pk=decision.pk).is_withdrawn
    with pytest.raises(NotVisible):
        exclusions.exclusion_withdraw(by=user, decision=decision, reason="录入有误")


def test_after_the_review_has_passed_the_decision_stays(client, bearer, at_review, committee_a):
    decision = _decide(committee_a, at_review)
    client.force_login(committee_a)
    assert _review(client, at_review).status_code == 302
    case = Case.objects.get(pk=at_review.pk)
    assert case.status == S.ID_NOTICE
    page = client.get(_page_url(case)).content.decode()
    assert 'data-testid="exclusion-decision"' in page and 'data-form="monitoring.exclusion_withdraw"' not in page

    refused = client.post(_withdraw_url(case, decision), {"on": days_ago(0).isoformat(), "reason": "录入有误"})
    assert refused.status_code == 400 and "只有识别程序民主评议通过之前可以撤回" in refused.content.decode()
    url = f"/api/v1/monitoring/cases/{case.pk}/exclusions/{decision.pk}/withdraw"
    response = client.post(url, {"reason": "录入有误"}, content_type="application/json", **bearer(committee_a))
    assert response.status_code == 409 and "民主评议通过之前" in response.json()["detail"]
    assert not ExclusionDecision.objects.get(pk=decision.pk).is_withdrawn


def test_a_withdrawn_assembly_decision_is_not_frozen_into_the_assessment(at_review, committee_a):
    assembly = _decide(committee_a, at_review)
    exclusions.exclusion_withdraw(by=committee_a, decision=assembly, reason="票数录错")
    _decide(committee_a, at_review, kind="not_fact", note="个体户已于2024年注销")
    case = transitions.case_village_review(
        by=committee_a, case=Case.objects.get(pk=at_review.pk), attendance=15, attendees="村民代表", passed=True
    )
    assert case.status == S.ID_NOTICE
    assert case.assessment["excluded"]  # the registry still says so; no 村民代表大会 decision stands
    assert not any("经村民代表大会评议决定仍予纳入" in r for r in case.assessment["reasons"])
