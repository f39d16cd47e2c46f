import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from shoudi.assets import selectors, services
from shoudi.assets.models import AssetOwner
from shoudi.assets.tests.builders import make_asset
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C

pytestmark = pytest.mark.django_db


def test_asset_create_by_county_with_funds(county):
    asset = services.asset_create(
        by=county,
        data={
            "name": "当造村茶叶加工厂",
            "asset_class": "operating",
            "village_code": VILLAGE_A,
            "value": "300000.00",
            "formed_on": "2019-10-01",
            "ledger_level": "village",
        },
        fundings={"central": "200000", "east_west": "100000"},
    )
    assert asset.code == f"ZC{VILLAGE_A}0001"
    assert {f.source: f.amount for f in asset.fundings.all()} == {
        "central": Decimal("200000.00"),
        "east_west": Decimal("100000.00"),
    }
    assert AuditEntry.objects.filter(object_id=str(asset.pk), action="create").exists()


def test_asset_create_refuses_funds_not_matching_value(county):
    with pytest.raises(ValidationError) as exc:
        services.asset_create(
            by=county,
            data={
                "name": "x",
                "asset_class": "public",
                "village_code": VILLAGE_A,
                "value": "100",
                "formed_on": "2020-01-01",
            },
            fundings={"central": "90"},
        )
    assert "不一致" in exc.value.message_dict["fundings"][0]


def test_only_the_county_registers_assets(committee_a):
    with pytest.raises(ValidationError, match="无权"):
        services.asset_create(
            by=committee_a,
            data={
                "name": "x",
                "asset_class": "public",
                "village_code": VILLAGE_A,
                "value": "1",
                "formed_on": "2020-01-01",
            },
        )


def test_cross_village_shares_must_sum_to_exactly_100(county):
    asset = make_asset(VILLAGE_A, owner="")
    owners = [{"village_code": VILLAGE_A, "share": "60.00"}, {"village_code": VILLAGE_B, "share": "39.99"}]
    with pytest.raises(ValidationError) as exc:
        services.asset_confirm_ownership(
            by=county, asset=asset, owner_type="collectives", owners=owners, confirmed_on="2024-01-01"
        )
    assert "合计应为100.00%，当前为99.99%" in exc.value.message_dict["owners"][0]
    owners[1]["share"] = "40.00"
    confirmed = services.asset_confirm_ownership(
        by=county,
        asset=asset,
        owner_type="collectives",
        owners=owners,
        confirmed_on="2024-01-01",
        rights={"supervision_holder": "盘石镇人民政府"},
    )
    assert confirmed.owner_type == "collectives"
    assert sorted(AssetOwner.objects.filter(asset=asset).values_list("share", flat=True)) == [
        Decimal("40.00"),
        Decimal("60.00"),
    ]
    assert "（60.00%）" in confirmed.ownership_holder
    assert confirmed.income_holder == confirmed.ownership_holder
    assert confirmed.supervision_holder == "盘石镇人民政府"


def test_shares_over_100_and_duplicates_refused(county):
    asset = make_asset(VILLAGE_A, owner="")
    with pytest.raises(ValidationError, match=r"100.01"):
        services.asset_confirm_ownership(
            by=county,
            asset=asset,
            owner_type="collectives",
            owners=[{"village_code": VILLAGE_A, "share": "50.01"}, {"village_code": VILLAGE_B, "share": "50"}],
            confirmed_on="2024-01-01",
        )
    with pytest.raises(ValidationError, match="不能重复"):
        services.asset_confirm_ownership(
            by=county,
            asset=asset,
            owner_type="collectives",
            owners=[{"village_code": VILLAGE_A, "share": "50"}, {"village_code": VILLAGE_A, "share": "50"}],
            confirmed_on="2024-01-01",
        )


@pytest.mark.parametrize(
    ("investment", "expected"),
    [
        ({"A": 1, "B": 2}, {"A": "33.33", "B": "66.67"}),
        ({"A": 1, "B": 1, "C": 1}, {"A": "33.34", "B": "33.33", "C": "33.33"}),
        ({"A": "150000", "B": "50000"}, {"A": "75.00", "B": "25.00"}),
    ],
)
def test_shares_by_investment_sum_to_100(investment, expected):
    shares = services.shares_by_investment(investment)
    assert {k: str(v) for k, v in shares.items()} == expected
    assert sum(shares.values()) == Decimal("100.00")


def test_household_assets_belong_to_households(county, household_a):
    asset = make_asset(VILLAGE_A, asset_class="household", owner="")
    with pytest.raises(ValidationError, match="属于农户所有"):
        services.asset_confirm_ownership(
            by=county,
            asset=asset,
            owner_type="collective",
            owners=[{"village_code": VILLAGE_A}],
            confirmed_on="2024-01-01",
        )
    confirmed = services.asset_confirm_ownership(
        by=county,
        asset=asset,
        owner_type="household",
        owners=[{"household_number": household_a.number}],
        confirmed_on="2024-01-01",
    )
    assert confirmed.owners.get().household == household_a


def test_transfer_records_date_and_document(county):
    asset = make_asset(VILLAGE_A, asset_class="public", owner="state")
    asset = services.asset_transfer(
        by=county, asset=asset, transferred_on="2024-03-01", document={"title": "移交清单", "number": "YJ-01"}
    )
    assert asset.transfer_system == "state"
    assert asset.transferred_on == dt.date(2024, 3, 1)
    assert asset.documents.get(kind="transfer").number == "YJ-01"


def test_operation_and_care(committee_a):
    operating = make_asset(VILLAGE_A)
    with pytest.raises(ValidationError, match="不能早于"):
        services.asset_set_operation(
            by=committee_a,
            asset=operating,
            data={
                "operation_mode": "lease",
                "operator": "某合作社",
                "operation_start": "2024-01-01",
                "operation_end": "2023-01-01",
                "agreed_return": "12000",
            },
        )
    operating = services.asset_set_operation(
        by=committee_a,
        asset=operating,
        data={
            "operation_mode": "lease",
            "operator": "某合作社",
            "operation_start": "2024-01-01",
            "operation_end": "2028-12-31",
            "agreed_return": "12000",
        },
    )
    assert operating.get_operation_mode_display() == "租赁"
    public = make_asset(VILLAGE_A, asset_class="public")
    with pytest.raises(ValidationError, match="只有经营性资产"):
        services.asset_set_operation(by=committee_a, asset=public, data={"operation_mode": "lease"})
    public = services.asset_set_care(
        by=committee_a, asset=public, data={"maintenance_owner": "当造村委会", "maintenance_person": "张三"}
    )
    post = services.post_add(
        by=committee_a,
        asset=public,
        data={"holder_name": "李四", "category": "former_poor", "started_on": "2024-02-01"},
    )
    assert post.get_category_display() == "脱贫户劳动力"


def test_area_scoping_of_assets(committee_a, committee_b, committee_c, township, county):
    a = make_asset(VILLAGE_A)
    c = make_asset(VILLAGE_C)
    assert set(selectors.assets_visible(committee_a)) == {a}
    assert set(selectors.assets_visible(township)) == {a}
    assert set(selectors.assets_visible(county)) == {a, c}
    with pytest.raises(Http404):
        selectors.access_asset_by_id(committee_b, a.pk)
    with pytest.raises(Http404):
        selectors.access_asset_by_id(committee_c, a.pk)
    with pytest.raises(ValidationError, match="不在您负责的区域内"):
        services.income_add(by=committee_b, asset=a, data={"received_on": "2024-01-01", "amount": "1"})


def test_a_co_owning_village_sees_the_asset(county, committee_b):
    asset = make_asset(VILLAGE_A, owner="")
    services.asset_confirm_ownership(
        by=county,
        asset=asset,
        owner_type="collectives",
        owners=[{"village_code": VILLAGE_A, "share": "70"}, {"village_code": VILLAGE_B, "share": "30"}],
        confirmed_on="2024-01-01",
    )
    assert selectors.access_asset_by_id(committee_b, asset.pk) == asset


def test_leader_and_village_contact_cannot_write(leader, village_a):
    asset = make_asset(VILLAGE_A)
    with pytest.raises(ValidationError, match="无权"):
        services.income_add(by=village_a, asset=asset, data={"received_on": "2024-01-01", "amount": "1"})
    assert not selectors.assets_visible(village_a).exists()
    assert selectors.assets_visible(leader).count() == 1
