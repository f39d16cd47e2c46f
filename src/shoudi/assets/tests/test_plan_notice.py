"""The notice of a distribution plan (seed 001: 收益分配 "履行民主决策和公告公示"; issue 14): no shorter than the
``notice_days_asset_income`` parameter, and never starting before the democratic decision it announces — on
the page, in the service and in the API."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from shoudi.assets import services
from shoudi.assets.models import IncomePlan
from shoudi.assets.services import Decision, PlanItemInput
from shoudi.assets.tests.builders import add_income, make_asset
from shoudi.monitoring import policy_bridge
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DECIDED = TODAY - dt.timedelta(days=10)


def _day(n: int) -> str:
    return (DECIDED + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def asset(regions):
    made = make_asset(VILLAGE_A)
    add_income(made, dt.date(TODAY.year - 1, 6, 30), "20000.00")
    return made


def _form(**changes: str) -> dict[str, str]:
    data = {
        "year": str(TODAY.year - 1),
        "no_labor_amount": "6000",
        "no_labor_beneficiaries": "12",
        "no_labor_description": "无劳动能力脱贫人口每人500元",
        "decision_body": "representatives_assembly",
        "decided_on": DECIDED.isoformat(),
        "attendees": "40",
        "votes_for": "36",
        "notice_from": _day(1),
        "notice_to": _day(5),  # five days, the default
    }
    data.update(changes)
    return data


def _post(client, asset, **changes: str):
    return client.post(reverse("assets:plan_create", args=[asset.pk]), _form(**changes))


def test_a_notice_shorter_than_the_parameter_is_refused_on_the_page(client, committee_a, asset):
    client.force_login(committee_a)
    response = _post(client, asset, notice_to=_day(4))
    html = response.content.decode()
    assert response.status_code == 400
    assert "共 4 天，少于规定的 5 天" in html and "资产收益分配方案公示最少天数" in html
    assert f"公示结束日期最早为 {_day(5)}" in html
    assert not IncomePlan.objects.exists()  # the draft is not left behind either

    assert _post(client, asset).status_code == 302
    plan = IncomePlan.objects.get()
    assert (plan.status, plan.notice_from.isoformat(), plan.notice_to.isoformat()) == ("proposed", _day(1), _day(5))


def test_the_county_sets_the_length(client, committee_a, asset):
    policy_bridge.store_param("notice_days_asset_income", "520628", 7, valid_from=dt.date(2021, 1, 1), source="县文件")
    client.force_login(committee_a)
    assert "少于规定的 7 天" in _post(client, asset).content.decode()
    assert _post(client, asset, notice_to=_day(7)).status_code == 302


def test_a_notice_before_the_decision_is_refused(client, committee_a, asset):
    client.force_login(committee_a)
    response = _post(client, asset, notice_from=_day(-1), notice_to=_day(8))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"公示开始日期 {_day(-1)} 早于民主决策日期 {DECIDED.isoformat()}" in html
    assert not IncomePlan.objects.exists()
    assert _post(client, asset, notice_from=_day(0), notice_to=_day(4)).status_code == 302  # the same day is fine


def test_hostile_notice_dates_write_nothing(client, committee_a, asset):
    client.force_login(committee_a)
    for changes in (
        {"notice_from": "2026-02-30"},
        {"notice_to": "明天"},
        {"notice_from": _day(5), "notice_to": _day(1)},
        {"notice_from": "", "notice_to": ""},
        {"decided_on": "9999-12-31", "notice_from": "9999-12-31", "notice_to": "9999-12-31"},
    ):
        assert _post(client, asset, **changes).status_code == 400, changes
    assert not IncomePlan.objects.exists()


def test_the_service_checks_the_same(committee_a, asset):
    item = PlanItemInput(use="no_labor", amount=Decimal("3000"), beneficiaries=6)
    plan = services.income_plan_create(by=committee_a, asset=asset, year=TODAY.year - 1, items=[item])
    decision = Decision(body="villagers_assembly", decided_on=DECIDED, attendees=50, votes_for=40)
    with pytest.raises(ValidationError) as short:
        services.income_plan_propose(
            by=committee_a, plan=plan, decision=decision, notice_from=DECIDED, notice_to=DECIDED
        )
    assert "少于规定的 5 天" in short.value.message_dict["notice_to"][0]
    with pytest.raises(ValidationError) as early:
        services.income_plan_propose(
            by=committee_a,
            plan=plan,
            decision=decision,
            notice_from=DECIDED - dt.timedelta(days=1),
            notice_to=DECIDED + dt.timedelta(days=9),
        )
    assert "早于民主决策日期" in early.value.message_dict["notice_from"][0]
    plan.refresh_from_db()
    assert plan.status == "draft" and plan.notice_from is None


def test_the_api_answers_the_same_in_json(client, committee_a, asset):
    client.force_login(committee_a)
    body = {
        "asset_id": str(asset.pk),
        "year": TODAY.year - 1,
        "items": [{"use": "welfare_posts", "amount": "6000", "beneficiaries": 6}],
        "decision_body": "villagers_assembly",
        "decided_on": DECIDED.isoformat(),
        "attendees": 50,
        "votes_for": 40,
        "notice_from": _day(-2),
        "notice_to": _day(8),
    }

    def post(**changes):
        return client.post(
            "/api/v1/assets/plans/", data=json.dumps({**body, **changes}), content_type="application/json"
        )

    early = post()
    assert early.status_code == 422 and early.json()["field"] == "notice_from"
    short = post(notice_from=_day(1), notice_to=_day(2))
    assert short.status_code == 422 and "少于规定的 5 天" in short.json()["detail"]
    assert not IncomePlan.objects.exists()
    assert post(notice_from=_day(1), notice_to=_day(5)).status_code == 201
