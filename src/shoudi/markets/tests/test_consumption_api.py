"""/api/v1/markets/ for 消费帮扶: the same gate and checks as the pages, bounded lists, hostile input answered 4xx in
Chinese, the year's figures."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import timezone

from shoudi.markets import testing as build
from shoudi.markets.models_consumption import Purchase, SupplierHousehold

pytestmark = pytest.mark.django_db
API = "/api/v1/markets"
TODAY = timezone.localdate()


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post(client: Client, url: str, body: dict, method: str = "post"):
    return getattr(client, method)(f"{API}{url}", json.dumps(body), content_type="application/json")


def test_purchases_and_figures(county, agri_clerk, leader, hr_clerk, outsider, household_a):
    supplier = build.supplier(phone="13812345678")
    product = build.product(supplier)
    buyer = build.buyer()
    build.budget(buyer, TODAY.year, "20000")
    client = login(agri_clerk)
    body = {
        "buyer_id": str(buyer.pk),
        "product_id": str(product.pk),
        "channel": "online",
        "platform": "832平台",
        "order_number": "O-1",
        "date": TODAY.isoformat(),
        "quantity": "12.5",
        "amount": "1500.00",
    }
    made = post(client, "/purchases", body)
    assert made.status_code == 201, made.content
    assert made.json()["supplier_name"] == supplier.name
    dup = post(client, "/purchases", body)
    assert dup.status_code == 422 and dup.json()["field"] == "order_number"
    huge = post(client, "/purchases", {**body, "order_number": "O-2", "amount": "1e30"})
    assert huge.status_code == 422
    nul = post(client, "/purchases", {**body, "order_number": "O-\x003"})
    assert nul.status_code == 422 and "空字符" in nul.json()["detail"]
    stranger = post(
        client, "/purchases", {**body, "order_number": "O-4", "buyer_id": "00000000-0000-0000-0000-000000000000"}
    )
    assert stranger.status_code == 422 and stranger.json()["field"] == "buyer_id"
    assert post(login(leader), "/purchases", {**body, "order_number": "O-5"}).status_code == 404
    assert Purchase.objects.count() == 1
    page = client.get(f"{API}/purchases?limit=1&offset=9999999").json()
    assert page["count"] == 1 and page["items"] == []
    assert client.get(f"{API}/purchases?limit=100000").status_code == 422
    assert client.get(f"{API}/purchases?year=99999999999999999999").status_code == 422
    assert client.get(f"{API}/purchases?channel=bogus").status_code == 422
    totals = login(leader).get(f"{API}/consumption/buyer-totals").json()
    assert totals[0]["reserved"] == "2000.00" and totals[0]["short_of_share"] is True
    county_totals = login(leader).get(f"{API}/consumption/totals").json()
    assert county_totals["total"] == "1500.00"
    assert {c["code"]: c["amount"] for c in county_totals["channels"]}["online"] == "1500.00"
    # phones are masked for a reader without REVEAL_ID; households appear by number only
    shown = login(leader).get(f"{API}/suppliers/{supplier.pk}").json()["phone"]
    assert shown != "13812345678" and shown.endswith("5678")
    link = post(
        client,
        f"/suppliers/{supplier.pk}/households",
        {"household_number": household_a.number, "kind": "employs", "year": TODAY.year},
    )
    assert link.status_code == 201 and "id_number" not in link.content.decode()
    assert login(leader).get(f"{API}/consumption/supplier-totals").json()[0]["former_poor"] == 1
    gone = client.delete(f"{API}/suppliers/{supplier.pk}/households/{link.json()['id']}")
    assert gone.status_code == 204 and not SupplierHousehold.objects.exists()
    for user in (hr_clerk, outsider):
        assert login(user).get(f"{API}/suppliers/{supplier.pk}").status_code == 404
    assert login(hr_clerk).get(f"{API}/purchases").status_code == 404
    assert login(outsider).get(f"{API}/purchases").json()["count"] == 0


def test_products_buyers_and_years(county):
    client = login(county)
    supplier = post(client, "/suppliers", {"name": "苗岭合作社", "kind": "cooperative", "village_code": "520628101203"})
    assert supplier.status_code == 201
    sid = supplier.json()["id"]
    bad_period = {
        "supplier_id": sid,
        "name": "红薯粉",
        "category": "processed",
        "certificate_number": "XF-1",
        "certified_from": "2026-06-01",
        "certified_to": "2026-01-01",
    }
    refused = post(client, "/products", bad_period)
    assert refused.status_code == 422 and refused.json()["field"] == "certified_to"
    made = post(client, "/products", {**bad_period, "certified_from": "2025-01-01", "certified_to": "2030-12-31"})
    assert made.status_code == 201 and made.json()["certificate_status"] == "valid"
    assert post(client, "/products", {**bad_period, "category": "x" * 20}).status_code == 422
    buyer = post(client, "/buyers", {"name": "东莞市某商贸公司", "kind": "partner_city", "location": "广东省东莞市"})
    assert buyer.status_code == 201
    year = post(
        client,
        f"/buyers/{buyer.json()['id']}/years",
        {"year": TODAY.year, "canteen_budget": "80000", "reserved_share": "0.15"},
        "put",
    )
    assert year.status_code == 200 and year.json()["years"][0]["reserved_share"] == "0.1500"
    assert (
        post(
            client,
            f"/buyers/{buyer.json()['id']}/years",
            {"year": TODAY.year, "canteen_budget": "1", "reserved_share": "2"},
            "put",
        ).status_code
        == 422
    )
    assert client.get(f"{API}/products/not-a-uuid").status_code in (404, 422)
