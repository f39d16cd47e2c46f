import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from shoudi.assets import selectors, services
from shoudi.assets.models import AssetOwner
from shoudi.assets.services import AssetInput, DocumentInput, OwnerInput, Rights
from shoudi.assets.tests.builders import make_asset
from shoudi.core.access import NotVisible
from shoudi.core.models import AuditEntry
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C

pytestmark = pytest.mark.django_db
ON = dt.date(2024, 1, 1)


def small(**kw):
    fields = {"name": "x", "asset_class": "public", "village_code": VILLAGE_A, "value": Decimal(100)}
    return AssetInput(**{**fields, "formed_on": dt.date(2020, 1, 1), **kw})


def shares(*rows):
    return [OwnerInput(village_code=v, share=Decimal(s)) for v, s in rows]


def test_asset_create_by_county_with_funds(county):
    asset = services.asset_create(
        by=county,
        asset=AssetInput(
            name="当造村茶叶加工厂",
            asset_class="operating",
            village_code=VILLAGE_A,
            value=Decimal("300000.00"),
            formed_on=dt.date(2019, 10, 1),
            fundings={"central": Decimal(200000), "east_west": Decimal(100000)},
        ),
    )
    assert asset.code == f"ZC{VILLAGE_A}0001"
    assert {f.source: f.amount for f in asset.fundings.all()} == {
        "central": Decimal("200000.00"),
        "east_west": Decimal("100000.00"),
    }
    assert AuditEntry.objects.filter(object_id=str(asset.pk), action="create").exists()


def test_asset_create_refuses_funds_not_matching_value(county):
    with pytest.raises(ValidationError) as exc:
        services.asset_create(by=county, asset=small(fundings={"central": Decimal(90)}))
    assert "不一致" in exc.value.message_dict["fundings"][0]


def test_only_the_county_registers_assets(committee_a):
    with pytest.raises(NotVisible):
        services.asset_create(by=committee_a, asset=small())


def test_a_bad_code_in_typed_input_names_its_field(county):
    with pytest.raises(ValidationError) as exc:
        services.asset_create(by=county, asset=small(asset_class="party", ledger_level="x"))
    assert set(exc.value.message_dict) == {"asset_class", "ledger_level"}


def test_cross_village_shares_must_sum_to_exactly_100(county):
    asset = make_asset(VILLAGE_A, owner="")
    with pytest.raises(ValidationError) as exc:
        services.asset_confirm_ownership(
            by=county,
            asset=asset,
            owner_type="collectives",
            owners=shares((VILLAGE_A, "60.00"), (VILLAGE_B, "39.99")),
            confirmed_on=ON,
        )
    assert "合计应为100.00%，当前为99.99%" in exc.value.message_dict["owners"][0]
    confirmed = services.asset_confirm_ownership(
        by=county,
        asset=asset,
        owner_type="collectives",
        owners=shares((VILLAGE_A, "60.00"), (VILLAGE_B, "40.00")),
        confirmed_on=ON,
        rights=Rights(supervision_holder="盘石镇人民政府"),
    )
    assert confirmed.owner_type == "collectives"
    assert sorted(AssetOwner.objects.filter(asset=asset).values_list("share", flat=True)) == [
        Decimal("40.00"),
        Decimal("60.00"),
    ]
    assert "（60.00%）" in confirmed.ownership_holder
    assert confirmed.income_holder == confirmed.ownership_holder
    assert confirmed.supervision_holder == "盘石镇人民政府"
    entry = AuditEntry.objects.filter(object_id=str(asset.pk), action="update").get()
    assert entry.reason == "确权" and len(entry.changes["权属"][1]) == 2  # the new owners are in the one entry


def test_shares_over_100_and_duplicates_refused(county):
    asset = make_asset(VILLAGE_A, owner="")
    with pytest.raises(ValidationError, match=r"100.01"):
        services.asset_confirm_ownership(
            by=county,
            asset=asset,
            owner_type="collectives",
            owners=shares((VILLAGE_A, "50.01"), (VILLAGE_B, "50")),
            confirmed_on=ON,
        )
    with pytest.raises(ValidationError, match="不能重复"):
        services.asset_confirm_ownership(
            by=county,
            asset=asset,
            owner_type="collectives",
            owners=shares((VILLAGE_A, "50"), (VILLAGE_A, "50")),
            confirmed_on=ON,
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
            owners=[OwnerInput(village_code=VILLAGE_A)],
            confirmed_on=ON,
        )
    confirmed = services.asset_confirm_ownership(
        by=county,
        asset=asset,
        owner_type="household",
        owners=[OwnerInput(household_number=household_a.number)],
        confirmed_on=ON,
    )
    assert confirmed.owners.get().household == household_a


def test_transfer_records_date_and_document(county):
    asset = make_asset(VILLAGE_A, asset_class="public", owner="state")
    asset = services.asset_transfer(
        by=county,
        asset=asset,
        transferred_on=dt.date(2024, 3, 1),
        document=DocumentInput(title="移交清单", number="YJ-01"),
    )
    assert asset.transfer_system == "state"
    assert asset.transferred_on == dt.date(2024, 3, 1)
    assert asset.documents.get(kind="transfer").number == "YJ-01"


def test_operation_and_care(committee_a):
    operating = make_asset(VILLAGE_A)
    lease = {
        "operation_mode": "lease",
        "operator": "某合作社",
        "operation_start": dt.date(2024, 1, 1),
        "operation_end": dt.date(2028, 12, 31),
        "agreed_return": Decimal(12000),
    }
    with pytest.raises(ValidationError, match="不能早于"):
        services.asset_set_operation(by=committee_a, asset=operating, **{**lease, "operation_end": dt.date(2023, 1, 1)})
    with pytest.raises(ValidationError) as exc:
        services.asset_set_operation(
            by=committee_a, asset=operating, **{**lease, "operator": "", "agreed_return": None}
        )
    assert set(exc.value.message_dict) == {"operator", "agreed_return"}
    operating = services.asset_set_operation(by=committee_a, asset=operating, **lease)
    assert operating.get_operation_mode_display() == "租赁"
    entry = AuditEntry.objects.filter(object_id=str(operating.pk), action="update").get()
    assert entry.reason == "落实运营" and entry.changes["经营方式"] == ["", "租赁"]
    public = make_asset(VILLAGE_A, asset_class="public")
    with pytest.raises(ValidationError, match="只有经营性资产"):
        services.asset_set_operation(by=committee_a, asset=public, **lease)
    public = services.asset_set_care(
        by=committee_a, asset=public, maintenance_owner="当造村委会", maintenance_person="张三"
    )
    # saving the same values again changes nothing and writes no entry
    services.asset_set_care(by=committee_a, asset=public, maintenance_owner="当造村委会", maintenance_person="张三")
    assert AuditEntry.objects.filter(object_id=str(public.pk), action="update").count() == 1
    post = services.post_add(
        by=committee_a, asset=public, holder_name="李四", category="former_poor", started_on=dt.date(2024, 2, 1)
    )
    assert post.get_category_display() == "脱贫户劳动力"
    ended = services.post_end(by=committee_a, post=post, ended_on=dt.date(2024, 12, 31))
    assert ended.ended_on == dt.date(2024, 12, 31)
    with pytest.raises(ValidationError, match="不能早于上岗日期"):
        services.post_end(by=committee_a, post=post, ended_on=dt.date(2023, 1, 1))


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
    with pytest.raises(NotVisible):
        services.income_add(by=committee_b, asset=a, received_on=ON, amount=Decimal(1))


def test_a_co_owning_village_sees_the_asset(county, committee_b):
    asset = make_asset(VILLAGE_A, owner="")
    services.asset_confirm_ownership(
        by=county,
        asset=asset,
        owner_type="collectives",
        owners=shares((VILLAGE_A, "70"), (VILLAGE_B, "30")),
        confirmed_on=ON,
    )
    assert selectors.access_asset_by_id(committee_b, asset.pk) == asset


def test_leader_and_village_contact_cannot_write(leader, village_a):
    asset = make_asset(VILLAGE_A)
    with pytest.raises(NotVisible):
        services.income_add(by=village_a, asset=asset, received_on=ON, amount=Decimal(1))
    assert not selectors.assets_visible(village_a).exists()
    assert selectors.assets_visible(leader).count() == 1
