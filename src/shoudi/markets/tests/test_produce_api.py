"""The unsold-produce API as a client uses it: products, a period upserted and listed within bounds, growers
(masked), warnings with their rule and growers, a response, closing with the version seen (409 when stale),
starting the check; forbidden and hostile input answer 4xx in Chinese."""

from __future__ import annotations

import pytest

from shoudi.markets import codes
from shoudi.markets import testing_produce as build
from shoudi.markets.models_produce import Observation

pytestmark = pytest.mark.django_db
BASE = "/api/v1/markets/produce"


def test_products_series_and_growers(client, agri_clerk, township, household_a):
    client.force_login(agri_clerk)
    made = client.post(
        f"{BASE}/commodities", {"name": "生猪", "category": "livestock", "unit": "头"}, content_type="application/json"
    )
    assert made.status_code == 201
    pig = made.json()["id"]
    twice = client.post(
        f"{BASE}/commodities", {"name": "生猪", "category": "livestock"}, content_type="application/json"
    )
    assert twice.status_code == 422 and twice.json()["field"] == "name"
    url = f"{BASE}/commodities/{pig}/observations"
    for price in ("15.5", "14"):
        put = client.put(
            url, {"period_start": "2026-03-04", "price": price, "stock": "100"}, content_type="application/json"
        )
        assert put.status_code == 200 and put.json()["period_start"] == "2026-03-02"
    assert Observation.objects.count() == 1
    listed = client.get(url, {"start": "2026-03-01", "end": "2026-03-31"}).json()
    assert listed["count"] == 1 and listed["items"][0]["price"] == "14.00"
    assert client.get(url, {"start": "2027-01-01"}).json()["count"] == 0
    huge = client.put(url, {"period_start": "2026-03-04", "price": 1e30}, content_type="application/json")
    assert huge.status_code == 422
    grower = client.post(
        f"{BASE}/commodities/{pig}/growers",
        {"household_number": household_a.number, "scale": "20"},
        content_type="application/json",
    )
    assert grower.status_code == 201 and grower.json()["former_poor"] and household_a.number not in grower.text
    client.force_login(township)
    assert client.get(f"{BASE}/commodities/{pig}/growers").status_code == 200
    assert (
        client.put(url, {"period_start": "2026-03-04", "price": "1"}, content_type="application/json").status_code
        == 404
    )
    assert client.delete(f"{BASE}/growers/{grower.json()['id']}").status_code == 404


def test_warnings_response_close_and_check(client, county, clerk):
    kiwi = build.commodity()
    warning = build.warning(kiwi)
    client.force_login(county)
    listed = client.get(f"{BASE}/warnings", {"status": "active", "kind": "price_fall"}).json()
    assert listed["count"] == 1
    detail = client.get(f"{BASE}/warnings/{warning.pk}").json()
    assert "低于前三年同期均价" in detail["rule"] and detail["status"] == "open"
    answer = client.post(
        f"{BASE}/warnings/{warning.pk}/responses",
        {"kind": "buyer_contact", "date": "2026-03-04", "note": "联系东莞采购商", "quantity": "5"},
        content_type="application/json",
    )
    assert answer.status_code == 201
    stale = client.post(
        f"{BASE}/warnings/{warning.pk}/close", {"note": "已消纳", "version": 1}, content_type="application/json"
    )
    assert stale.status_code == 409  # the response moved it to 处置中 (version 2)
    closed = client.post(
        f"{BASE}/warnings/{warning.pk}/close", {"note": "已消纳", "version": 2}, content_type="application/json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == codes.WarningStatus.CLOSED
    assert client.post(f"{BASE}/check", {"full": True}, content_type="application/json").status_code == 202
    assert client.get(f"{BASE}/warnings", {"status": "x' OR 1=1"}).status_code == 422
    assert client.get(f"{BASE}/warnings/not-a-uuid").status_code in (404, 422)
    client.force_login(clerk)
    assert client.get(f"{BASE}/warnings/{warning.pk}").status_code == 404
    assert client.get(f"{BASE}/commodities").status_code == 404
