import datetime as dt
from decimal import Decimal

import pytest

from shoudi.assets.models import Disposal, WriteOff
from shoudi.assets.supervision import Kind, asset_warnings, warnings_for_actor
from shoudi.assets.tests.builders import add_income, make_asset
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 6, 30)


def _kinds(user, asset):
    return [w.kind for w in asset_warnings(user, as_of=TODAY) if w.asset_id == asset.pk]


def _healthy_operating(**kw):
    asset = make_asset(VILLAGE_A, formed_on=dt.date(2020, 1, 1), **kw)
    add_income(asset, dt.date(2024, 3, 1), "10000")
    add_income(asset, dt.date(2025, 3, 1), "9000")
    return asset


def test_healthy_asset_has_no_warning(county):
    assert _kinds(county, _healthy_operating()) == []


def test_no_owner_confirmed_goes_to_the_county(county):
    asset = _healthy_operating(owner="")
    [warning] = [w for w in asset_warnings(county, as_of=TODAY) if w.asset_id == asset.pk]
    assert warning.kind == Kind.NO_OWNER
    assert (warning.actor_role, warning.actor_area) == ("county_officer", COUNTY)
    assert warning.url.endswith(f"/assets/{asset.pk}/")


def test_public_asset_without_maintenance(county):
    asset = make_asset(VILLAGE_A, asset_class="public", maintenance_owner="当造村委会")
    [warning] = [w for w in asset_warnings(county, as_of=TODAY) if w.asset_id == asset.pk]
    assert warning.kind == Kind.NO_MAINTENANCE and "管护责任人" in warning.detail
    assert (warning.actor_role, warning.actor_area) == ("village_committee", VILLAGE_A)
    asset.maintenance_person = "张三"
    asset.save()
    assert _kinds(county, asset) == []


def test_operating_asset_without_income_for_12_months(county):
    silent = make_asset(VILLAGE_A, formed_on=dt.date(2020, 1, 1))
    add_income(silent, dt.date(2024, 6, 30), "5000")  # exactly 12 months before: outside the window
    assert _kinds(county, silent) == [Kind.NO_INCOME]
    young = make_asset(VILLAGE_A, formed_on=dt.date(2024, 12, 1))
    assert _kinds(county, young) == []
    add_income(silent, dt.date(2024, 7, 1), "5000")
    assert _kinds(county, silent) == []


def test_income_falling_by_more_than_half(county):
    asset = make_asset(VILLAGE_A, formed_on=dt.date(2020, 1, 1), ledger_level="township")
    add_income(asset, dt.date(2024, 1, 10), "10000")
    add_income(asset, dt.date(2025, 1, 10), "4999.99")
    [warning] = [w for w in asset_warnings(county, as_of=TODAY) if w.asset_id == asset.pk]
    assert warning.kind == Kind.INCOME_HALVED and "4999.99" in warning.detail
    assert (warning.actor_role, warning.actor_area) == ("township_reviewer", TOWNSHIP_A)
    add_income(asset, dt.date(2025, 2, 1), "0.01")  # exactly half: not "more than half"
    assert _kinds(county, asset) == []


def test_idle_asset(county):
    asset = make_asset(
        VILLAGE_A, asset_class="public", status="idle", maintenance_owner="村委", maintenance_person="甲"
    )
    assert _kinds(county, asset) == [Kind.IDLE]


def test_disposal_or_write_off_without_approval_or_document(county):
    disposed = make_asset(VILLAGE_A, status="disposed")
    written = make_asset(VILLAGE_A, status="written_off")
    assert _kinds(county, disposed) == [Kind.UNDOCUMENTED]
    assert _kinds(county, written) == [Kind.UNDOCUMENTED]
    Disposal.objects.create(
        asset=disposed, reason="end_of_life", way="scrap", route="standard", basis_value=Decimal(1), status="completed"
    )
    WriteOff.objects.create(  # approved but without its appraisal document: still a warning
        asset=written, cause="flood", occurred_on=TODAY, amount=Decimal(1), status="approved"
    )
    assert _kinds(county, disposed) == []
    assert _kinds(county, written) == [Kind.UNDOCUMENTED]


def test_workbench_shows_each_actor_their_own(county, township, committee_a, committee_b):
    make_asset(VILLAGE_A, asset_class="public")  # → village committee of A
    _healthy_operating(owner="")  # → county
    assert [w.kind for w in warnings_for_actor(committee_a, as_of=TODAY)] == [Kind.NO_MAINTENANCE]
    assert warnings_for_actor(committee_b, as_of=TODAY) == []
    assert warnings_for_actor(township, as_of=TODAY) == []
    assert [w.kind for w in warnings_for_actor(county, as_of=TODAY)] == [Kind.NO_OWNER]
