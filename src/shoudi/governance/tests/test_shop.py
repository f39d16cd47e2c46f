"""The 积分超市: a redemption never exceeds the household's balance or the item's stock; it spends points and
takes stock; only the council records it; hostile API input answers 4xx in Chinese."""

from __future__ import annotations

import pytest
from django.utils import timezone

from shoudi.governance import testing as gt
from shoudi.governance.models import Redemption, ShopItem
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db
API = "/api/v1/governance"
TODAY = timezone.localdate().isoformat()


@pytest.fixture
def shop(household_a):
    book = gt.rulebook(VILLAGE_A)
    for _ in range(3):
        gt.entry(household_a, gt.rule_of(book, "red"), status="confirmed")  # 3 points
    return {"item": gt.item(VILLAGE_A, cost=2, stock=1), "household": household_a}


def redeem(client, shop, quantity=1, item=None):
    body = {"household_id": str(shop["household"].pk), "item_id": str((item or shop["item"]).pk)}
    body.update({"quantity": quantity, "redeemed_on": TODAY})
    return client.post(f"{API}/villages/{VILLAGE_A}/redemptions", body, content_type="application/json")


def test_redemption_within_balance_and_stock(client, committee_a, shop):
    client.force_login(committee_a)
    response = redeem(client, shop, quantity=2)
    assert response.status_code == 422 and "库存只有 1 件" in response.json()["detail"]
    big = gt.item(VILLAGE_A, name="电饭锅", cost=5, stock=3)
    response = redeem(client, shop, item=big)
    assert response.status_code == 422 and "余额只有 3 分" in response.json()["detail"]
    response = redeem(client, shop)
    assert response.status_code == 201 and response.json()["balance"] == 1
    assert ShopItem.objects.get(pk=shop["item"].pk).stock == 0
    assert redeem(client, shop).status_code == 422  # out of stock now
    text = client.get(f"/governance/households/{shop['household'].pk}/").content.decode()
    assert 'data-testid="balance">1<' in text and "洗衣粉一袋×1" in text


def test_redeem_page_keeps_input_and_refuses_forged_choice(client, committee_a, shop):
    client.force_login(committee_a)
    file = shop["household"].civility_file
    posted = {"file": str(file.pk), "item": str(shop["item"].pk), "quantity": "5", "redeemed_on": TODAY}
    response = client.post(f"/governance/village/{VILLAGE_A}/shop/redeem/", posted)
    assert response.status_code == 400 and "库存只有 1 件" in response.content.decode()
    other = gt.item(VILLAGE_B, name="外村物品")
    response = client.post(f"/governance/village/{VILLAGE_A}/shop/redeem/", {**posted, "item": str(other.pk)})
    assert response.status_code == 400 and not Redemption.objects.exists()


def test_only_the_council_runs_the_shop(client, village_a, township, village_b, shop):
    for user in (village_a, township):
        client.force_login(user)
        assert client.get(f"/governance/village/{VILLAGE_A}/shop/").status_code == 200
        assert redeem(client, shop).status_code == 404
        assert (
            client.post(f"/governance/village/{VILLAGE_A}/shop/", {"name": "x", "cost": "1", "stock": "1"}).status_code
            == 404
        )
    client.force_login(village_b)
    assert client.get(f"{API}/villages/{VILLAGE_A}/shop").status_code == 404


def test_hostile_api_input_is_4xx(client, committee_a, shop):
    client.force_login(committee_a)
    bad = [
        {"name": "a\x00b", "cost": 1, "stock": 1},
        {"name": "x", "cost": 10**20, "stock": 1},
        {"name": "x", "cost": 1e30, "stock": 1},
        {"name": "x" * 500, "cost": 1, "stock": 1},
    ]
    for body in bad:
        response = client.post(f"{API}/villages/{VILLAGE_A}/shop/items", body, content_type="application/json")
        assert 400 <= response.status_code < 500 and response.json()["detail"], body
    assert client.get(f"{API}/villages/52062810120x/shop").status_code == 404
    assert client.get(f"{API}/villages/{VILLAGE_A}/ranking?year=99999999999999999999").status_code == 422
    assert client.get(f"{API}/households/not-a-uuid/file").status_code in (404, 422)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_redemptions_at_once_cannot_overspend(committee_a, household_a):
    """On PostgreSQL two clerks redeeming the last points at the same moment: one wins, one is refused."""
    import threading

    from django.core.exceptions import ValidationError
    from django.db import connection

    from shoudi.governance import shop as service
    from shoudi.governance.entries import file_for

    book = gt.rulebook(VILLAGE_A)
    gt.entry(household_a, gt.rule_of(book, "red"), status="confirmed")  # 1 point
    gt.entry(household_a, gt.rule_of(book, "red"), status="confirmed")  # 2 points
    item = gt.item(VILLAGE_A, cost=2, stock=5)
    file = file_for(household_a)
    barrier, results = threading.Barrier(2), []

    def one() -> None:
        try:
            barrier.wait()
            service.redeem(by=committee_a, file=file, item=item, quantity=1, redeemed_on=timezone.localdate())
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused"]
    assert Redemption.objects.count() == 1 and ShopItem.objects.get(pk=item.pk).stock == 4
