import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shoudi.assets import codes, selectors, services
from shoudi.assets.models import ApprovalStep
from shoudi.assets.services import Decision, OwnerInput, PlanItemInput
from shoudi.assets.tests.builders import add_income, make_asset
from shoudi.core.access import NotVisible
from shoudi.core.errors import ConflictError
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db

DECISION = Decision(body="representatives_assembly", decided_on=dt.date(2025, 2, 10), attendees=40, votes_for=36)
NOTICE = {"notice_from": dt.date(2025, 2, 11), "notice_to": dt.date(2025, 2, 18)}


def item(use, amount, **kw):
    return PlanItemInput(use=use, amount=Decimal(amount), **kw)


@pytest.fixture
def earning_asset(regions):
    asset = make_asset(VILLAGE_A)
    add_income(asset, dt.date(2024, 12, 31), "20000.00")
    return asset


ITEMS = [
    item("collective_economy", "5000", description="入股合作社"),
    item("no_labor", "8000", beneficiaries=12, description="无劳动能力脱贫人口"),
]


def test_full_chain_village_township_county(committee_a, township, county, earning_asset):
    plan = services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=ITEMS)
    # allowed uses kept in the national priority order
    assert [i.use for i in plan.items.all()] == ["no_labor", "collective_economy"]
    assert str(plan.amount) == "13000.00"
    with pytest.raises(ConflictError, match="不能办理此环节"):
        services.income_plan_approve(by=township, plan=plan)
    plan = services.income_plan_propose(by=committee_a, plan=plan, decision=DECISION, **NOTICE)
    with pytest.raises(NotVisible):
        services.income_plan_approve(by=county, plan=plan)
    with pytest.raises(ValidationError) as exc:
        services.income_plan_reject(by=township, plan=plan, reason=" ")
    assert exc.value.message_dict["reason"] == ["请填写不予通过的理由"]
    plan = services.income_plan_approve(by=township, plan=plan, reason="同意")
    with pytest.raises(NotVisible):
        services.income_plan_file(by=township, plan=plan)
    plan = services.income_plan_file(by=county, plan=plan, reason="已备案")
    assert plan.status == "filed"
    steps = ApprovalStep.objects.filter(plan=plan).order_by("at", "id")
    assert [s.action for s in steps] == ["propose", "approve", "file"]
    approved = steps[1]
    assert approved.actor == township
    assert approved.snapshot["收益分配方案"]["分配总额（元）"] == "13000.00"
    assert approved.snapshot["收益分配方案"]["用途"][0].startswith("1. 无劳动能力人口帮扶 8000.00元")
    assert list(selectors.notice_plans(committee_a)) == [plan]


@pytest.mark.parametrize("banned", codes.BannedUse.values)
def test_banned_uses_are_refused(committee_a, earning_asset, banned):
    with pytest.raises(ValidationError) as exc:
        services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=[item(banned, "100")])
    assert f"资产收益不得用于“{codes.BannedUse(banned).label}”" in exc.value.message_dict["items"][0]


def test_banned_use_by_its_label_is_refused(committee_a, earning_asset):
    with pytest.raises(ValidationError, match="不得用于“修建楼堂馆所”"):
        services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=[item("修建楼堂馆所", "100")])


def test_unknown_use_and_overspending_refused(committee_a, earning_asset):
    with pytest.raises(ValidationError, match="不在可选范围内"):
        services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=[item("party", "1")])
    with pytest.raises(ValidationError, match=r"超过本村集体2024年可分配收益20000.00元"):
        services.income_plan_create(
            by=committee_a, asset=earning_asset, year=2024, items=[item("no_labor", "20000.01")]
        )
    services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=[item("no_labor", "15000")])
    with pytest.raises(ValidationError, match=r"可分配收益5000.00元"):
        services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=[item("no_labor", "6000")])


def test_failed_vote_refused(committee_a, earning_asset):
    plan = services.income_plan_create(by=committee_a, asset=earning_asset, year=2024, items=ITEMS)
    with pytest.raises(ValidationError) as exc:
        services.income_plan_propose(by=committee_a, plan=plan, decision=replace(DECISION, votes_for=20), **NOTICE)
    assert "半数" in exc.value.message_dict["votes_for"][0]


def test_state_and_unconfirmed_assets_have_no_collective_plan(committee_a):
    state = make_asset(VILLAGE_A, owner="state")
    with pytest.raises(ValidationError, match="国有资产"):
        services.income_plan_create(by=committee_a, asset=state, year=2024, items=ITEMS)
    loose = make_asset(VILLAGE_A, owner="")
    with pytest.raises(ValidationError, match="尚未确权"):
        services.income_plan_create(by=committee_a, asset=loose, year=2024, items=ITEMS)


def test_co_owner_distributes_its_share_only(county, committee_b, earning_asset):
    earning_asset.owners.all().delete()
    services.asset_confirm_ownership(
        by=county,
        asset=earning_asset,
        owner_type="collectives",
        owners=[
            OwnerInput(village_code=VILLAGE_A, share=Decimal(75)),
            OwnerInput(village_code=VILLAGE_B, share=Decimal(25)),
        ],
        confirmed_on=dt.date(2024, 1, 1),
    )
    with pytest.raises(ValidationError, match=r"可分配收益5000.00元"):
        services.income_plan_create(by=committee_b, asset=earning_asset, year=2024, items=[item("no_labor", "5001")])
    plan = services.income_plan_create(
        by=committee_b, asset=earning_asset, year=2024, items=[item("welfare_posts", "5000")]
    )
    assert plan.village_id == VILLAGE_B
