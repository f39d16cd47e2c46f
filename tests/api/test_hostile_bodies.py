"""Hostile JSON bodies: a NUL byte in a text field (PostgreSQL cannot store it), huge or non-finite numbers on money
and count fields (``{"amount": "1e30"}`` answered 500 on asset incomes and values), 20-digit integers, impossible
dates. Each is refused 4xx in the documented shape with a Chinese ``detail``, and nothing is written."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shoudi.testing.hostile import assert_refused

HUGE_NUMBERS: list[Any] = ["1e30", 1e30, "1e308", 1e308, "-1", -1, "NaN", "Infinity", "-Infinity", 10**20, str(10**20)]


@pytest.fixture
def county_token(county, household_a) -> str:
    from shoudi.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=county, name="hostile")
    return raw


def _send(client: Any, method: str, path: str, token: str, body: Any) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return getattr(client, method)(
        path, data=raw, content_type="application/json", headers={"Authorization": f"Bearer {token}"}
    )


_refused = assert_refused


@pytest.fixture
def asset(regions, county):
    from shoudi.testing.assets import asset_made

    return asset_made()


@pytest.mark.django_db
@pytest.mark.parametrize("amount", HUGE_NUMBERS, ids=repr)
def test_a_huge_or_impossible_income_amount_is_refused(client, asset, county_token, amount):
    from shoudi.assets.models import AssetIncome

    body = {"received_on": "2026-01-05", "amount": amount, "payer": "合作社"}
    answer = _send(client, "post", f"/api/v1/assets/{asset.pk}/incomes", county_token, body)
    error = _refused(answer, f"amount={amount!r}")
    assert error["field"] == "amount" and "金额" in error["detail"]
    assert not AssetIncome.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("value", HUGE_NUMBERS, ids=repr)
def test_a_huge_or_impossible_asset_value_is_refused(client, regions, county_token, value):
    from shoudi.assets.models import Asset
    from shoudi.testing.factories import VILLAGE_A

    body = {"name": "光伏电站", "asset_class": "operating", "village_code": VILLAGE_A, "value": value}
    body["formed_on"] = "2020-06-01"
    answer = _send(client, "post", "/api/v1/assets/", county_token, body)
    error = _refused(answer, f"value={value!r}")
    assert error["field"] == "value"
    assert not Asset.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["debt", "land_mu"])
@pytest.mark.parametrize("value", ["1e30", 1e308, "NaN", "Infinity", 10**20], ids=repr)
def test_huge_household_figures_are_refused(client, household_a, county_token, field, value):
    before = household_a.version
    body = {field: value, "version": household_a.version}
    answer = _send(client, "patch", f"/api/v1/households/{household_a.pk}", county_token, body)
    error = _refused(answer, f"{field}={value!r}")
    assert error["field"] == field
    household_a.refresh_from_db()
    assert household_a.version == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value"),
    [("work_income", "1e30"), ("work_income", "NaN"), ("work_months", 10**20), ("disability_grade", 10**20)],
    ids=repr,
)
def test_huge_member_figures_are_refused(client, household_a, county_token, field, value):
    person = household_a.members.first()
    answer = _send(client, "patch", f"/api/v1/persons/{person.pk}", county_token, {field: value})
    error = _refused(answer, f"{field}={value!r}")
    assert error["field"] == field


@pytest.mark.django_db
@pytest.mark.parametrize("year", [0, -1, 99999, 10**20])
def test_an_impossible_exit_year_is_refused(client, household_a, county_token, year):
    body = {"exit_year": year, "version": household_a.version}
    answer = _send(client, "patch", f"/api/v1/households/{household_a.pk}", county_token, body)
    assert _refused(answer, f"exit_year={year}")["field"] == "exit_year"


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["0000-01-01", "99999-01-01", "2026-02-30", "\x00"], ids=repr)
def test_an_impossible_date_is_refused(client, asset, county_token, day):
    body = {"received_on": day, "amount": "100.00"}
    answer = _send(client, "post", f"/api/v1/assets/{asset.pk}/incomes", county_token, body)
    assert _refused(answer, f"received_on={day!r}")["field"] == "received_on"


# --- NUL in text -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_nul_in_a_text_field_is_refused_naming_the_field(client, asset, county_token):
    from shoudi.assets.models import AssetIncome

    body = {"received_on": "2026-01-05", "amount": "100.00", "payer": "合作\x00社"}
    error = _refused(_send(client, "post", f"/api/v1/assets/{asset.pk}/incomes", county_token, body), "payer")
    assert error["field"] == "payer" and "空字符" in error["detail"]
    assert not AssetIncome.objects.exists()


@pytest.mark.django_db
def test_a_nul_in_a_household_or_member_is_refused(client, household_a, county_token):
    body = {"address": "当造村\x00", "version": household_a.version}
    answer = _send(client, "patch", f"/api/v1/households/{household_a.pk}", county_token, body)
    assert _refused(answer, "address")["field"] == "address"
    person = household_a.members.first()
    answer = _send(client, "patch", f"/api/v1/persons/{person.pk}", county_token, {"name": "张\x00三"})
    assert _refused(answer, "name")["field"] == "name"
    body = {"number": "5206281012030099", "village_code": "520628101203", "address": "x", "members": []}
    body["members"] = [{"name": "李\x00四", "id_number": "", "relationship": "head"}]
    answer = _send(client, "post", "/api/v1/households/", county_token, body)
    error = _refused(answer, "members.0.name")
    assert error["field"] == "members.0.name" and "第1名成员" in error["detail"]


@pytest.mark.django_db
def test_a_nul_in_a_key_or_a_list_is_refused(client, household_a, county_token):
    answer = _send(client, "patch", f"/api/v1/households/{household_a.pk}", county_token, {"addr\x00ess": "x"})
    _refused(answer, "key")
    answer = _send(client, "post", "/api/v1/monitoring/leads", county_token, {"reasons": ["a", "b\x00"]})
    _refused(answer, "list")
