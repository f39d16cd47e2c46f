import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shoudi.assets import services
from shoudi.assets.models import ApprovalStep, Asset
from shoudi.assets.services import Decision, DocumentInput
from shoudi.assets.tests.builders import make_asset
from shoudi.core.access import NotVisible
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import VILLAGE_A

pytestmark = pytest.mark.django_db

DECISION = Decision(body="representatives_assembly", decided_on=dt.date(2025, 3, 1), attendees=30, votes_for=25)


def propose(by, asset, decision=DECISION, **kw):
    return services.disposal_propose(by=by, asset=asset, reason="end_of_life", way="scrap", decision=decision, **kw)


@pytest.mark.parametrize(
    ("value", "route"),
    [("99999.99", "simplified"), ("100000.00", "simplified"), ("100000.01", "standard")],
)
def test_route_at_the_simplified_limit(regions, value, route):
    asset = make_asset(VILLAGE_A, value=value)
    chosen, limit = services.disposal_route(asset, on=dt.date(2025, 1, 1))
    assert chosen == route
    assert limit == Decimal("100000.00")


def test_route_by_owner_type(regions):
    assert services.disposal_route(make_asset(VILLAGE_A, value="100.00", owner="state"))[0] == "state"
    with pytest.raises(ValidationError, match="归农户所有"):
        services.disposal_route(make_asset(VILLAGE_A, asset_class="household", owner="household"))
    with pytest.raises(ValidationError, match="尚未确权"):
        services.disposal_route(make_asset(VILLAGE_A, owner=""))


def test_village_may_choose_the_standard_route_below_the_limit(regions):
    asset = make_asset(VILLAGE_A, value="80000.00")
    assert services.disposal_route(asset, simplified=False)[0] == "standard"


def test_limit_comes_from_the_stored_parameter(county):
    from shoudi.policy.services import parameter_load

    entry = {
        "key": "asset_simplified_disposal_limit",
        "region": "520628",
        "valid_from": "2024-01-01",
        "value": "50000",
        "source": "测试：县级文件",
    }
    parameter_load(by=county, data={"parameters": [entry]})
    asset = make_asset(VILLAGE_A, value="60000.00")
    assert services.disposal_route(asset, on=dt.date(2025, 1, 1)) == ("standard", Decimal("50000.00"))
    assert services.disposal_route(asset, on=dt.date(2023, 1, 1)) == ("simplified", Decimal("100000.00"))


def test_standard_route_end_to_end(committee_a, township, county):
    asset = make_asset(VILLAGE_A, value="250000.00")
    disposal = propose(committee_a, asset)
    assert disposal.route == "standard" and disposal.status == "proposed"
    # the county cannot skip the township's review
    with pytest.raises(ConflictError, match="不能办理此环节"):
        services.disposal_act(by=county, disposal=disposal, action="approve", approval=DocumentInput(title="批复"))
    disposal = services.disposal_act(by=township, disposal=disposal, action="review", reason="同意")
    with pytest.raises(ValidationError, match="审批文件"):
        services.disposal_act(by=county, disposal=disposal, action="approve")
    disposal = services.disposal_act(
        by=county,
        disposal=disposal,
        action="approve",
        approval=DocumentInput(title="关于同意报废的批复", number="松乡振〔2025〕3号"),
    )
    assert disposal.approval_document.number == "松乡振〔2025〕3号"
    assert disposal.approval_document.kind == "approval"
    disposal = services.disposal_act(
        by=county,
        disposal=disposal,
        action="publish",
        notice_from=dt.date(2025, 4, 1),
        notice_to=dt.date(2025, 4, 8),
    )
    with pytest.raises(ValidationError, match="不得分配给集体经济组织成员"):
        services.disposal_complete(
            by=committee_a,
            disposal=disposal,
            completed_on=dt.date.today(),
            proceeds=Decimal(3000),
            proceeds_use="member_payout",
        )
    with pytest.raises(ValidationError, match="重新安排用于"):
        services.disposal_complete(
            by=committee_a, disposal=disposal, completed_on=dt.date.today(), proceeds=Decimal(3000)
        )
    disposal = services.disposal_complete(
        by=committee_a,
        disposal=disposal,
        completed_on=dt.date.today(),
        proceeds=Decimal(3000),
        proceeds_use="industry",
    )
    assert disposal.status == "completed" and disposal.completed_on == dt.date.today()
    assert Asset.objects.get(pk=asset.pk).status == "disposed"
    steps = list(ApprovalStep.objects.filter(disposal=disposal).order_by("at", "id"))
    assert [s.action for s in steps] == ["propose", "review", "approve", "publish", "complete"]
    assert steps[0].on == dt.date(2025, 3, 1) and steps[0].from_status == ""
    assert steps[1].actor == township and steps[1].reason == "同意"
    assert steps[1].snapshot["资产"]["资产原值（元）"] == "250000.00"
    assert steps[1].snapshot["资产处置"]["状态"] == "乡镇审核通过待主管部门审批"
    assert {s.asset_id for s in steps} == {asset.pk}
    # one audit entry per step (the proposal's is its creation)
    assert AuditEntry.objects.filter(object_id=str(disposal.pk), action="transition").count() == 4
    assert AuditEntry.objects.filter(object_id=str(disposal.pk), action="create").count() == 1


def test_a_step_in_the_future_or_out_of_role_is_refused(committee_a, township, county):
    disposal = propose(committee_a, make_asset(VILLAGE_A, value="250000.00"))
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        services.disposal_act(by=township, disposal=disposal, action="review", on=tomorrow)
    assert "晚于今天" in exc.value.message_dict["on"][0]
    with pytest.raises(NotVisible):  # a village committee does not review
        services.disposal_act(by=committee_a, disposal=disposal, action="review")
    with pytest.raises(ValidationError) as exc:
        services.disposal_act(by=township, disposal=disposal, action="reject")
    assert "理由" in exc.value.message_dict["reason"][0]


def test_simplified_route_needs_the_notice_to_end_without_objection(committee_a, township):
    asset = make_asset(VILLAGE_A, value="100000.00")
    disposal = propose(committee_a, asset)
    assert disposal.route == "simplified"
    with pytest.raises(ConflictError, match="不能办理此环节"):
        services.disposal_act(by=township, disposal=disposal, action="review")
    today = dt.date.today()
    with pytest.raises(ValidationError) as exc:
        services.disposal_act(
            by=committee_a, disposal=disposal, action="notice", notice_from=today, notice_to=today - dt.timedelta(1)
        )
    assert "不能早于" in exc.value.message_dict["notice_to"][0]
    noticed = services.disposal_act(
        by=committee_a,
        disposal=disposal,
        action="notice",
        notice_from=today,
        notice_to=today + dt.timedelta(days=3),
    )
    with pytest.raises(ValidationError, match="公示期尚未结束"):
        services.disposal_act(by=committee_a, disposal=noticed, action="no_objection")
    noticed.notice_to = today - dt.timedelta(days=1)
    noticed.save()
    done = services.disposal_act(by=committee_a, disposal=noticed, action="no_objection")
    done = services.disposal_complete(by=committee_a, disposal=done, completed_on=today, proceeds=Decimal(0))
    assert done.status == "completed"


def test_a_stale_page_cannot_take_a_step_twice(committee_a, township):
    disposal = propose(committee_a, make_asset(VILLAGE_A, value="250000.00"))
    services.disposal_act(by=township, disposal=disposal, action="review")
    with pytest.raises(ConflictError, match="已被他人办理"):
        services.disposal_act(by=township, disposal=disposal, action="reject", reason="重复")


def test_state_assets_follow_the_state_route(committee_a, county):
    asset = make_asset(VILLAGE_A, value="5000.00", owner="state")
    with pytest.raises(ValidationError, match="由县级办理"):
        propose(committee_a, asset)
    disposal = services.disposal_propose(by=county, asset=asset, reason="replaced", way="transfer")
    assert disposal.route == "state"
    disposal = services.disposal_act(
        by=county, disposal=disposal, action="approve", approval=DocumentInput(title="国资处置批复")
    )
    assert disposal.status == "approved"


def test_failed_vote_cannot_open_a_disposal(committee_a):
    asset = make_asset(VILLAGE_A)
    failed = Decision(body="representatives_assembly", decided_on=dt.date(2025, 3, 1), attendees=30, votes_for=15)
    with pytest.raises(ValidationError) as exc:
        propose(committee_a, asset, decision=failed)
    assert "半数" in str(exc.value.message_dict["votes_for"])


def test_other_village_cannot_dispose(committee_b):
    asset = make_asset(VILLAGE_A)
    with pytest.raises(NotVisible):
        propose(committee_b, asset)


def test_without_the_parameter_only_the_standard_route_is_open(regions):
    from shoudi.policy.models import Parameter

    Parameter.objects.filter(key="asset_simplified_disposal_limit").delete()
    asset = make_asset(VILLAGE_A, value="500.00")
    assert services.disposal_route(asset, on=dt.date(2025, 1, 1)) == ("standard", None)
