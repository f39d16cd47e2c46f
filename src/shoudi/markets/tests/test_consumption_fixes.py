"""Correcting the 消费帮扶 ledgers, as the county keeps them: a purchase edited (stale edits refused) or 撤销 with a
reason, a whole import batch 撤销, purchases of products outside their certificate period kept but counted apart
(其中认定产品; the reserved share counts only recognised products), a supplier, product or buyer registered by
mistake deleted — or, when something refers to it, only stopped (a stopped product takes no new purchase)."""

from __future__ import annotations

import datetime as dt
import io
import json

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from shoudi.core.models import AuditEntry
from shoudi.markets import testing as build
from shoudi.markets.models_consumption import Buyer, Product, Purchase, Supplier

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year
API = "/api/v1/markets"


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _edit_data(p: Purchase, **changes: object) -> dict:
    data = {
        "buyer": str(p.buyer_id),
        "product": str(p.product_id),
        "channel": p.channel,
        "platform": p.platform,
        "order_number": p.order_number,
        "date": p.date.isoformat(),
        "quantity": str(p.quantity),
        "amount": str(p.amount),
        "version": p.version,
    }
    return {**data, **changes}


def test_purchase_edit_and_withdraw_on_the_page(county, township, leader, outsider):
    product = build.product()
    buyer = build.buyer()
    build.budget(buyer, YEAR, "10000")  # reserved: 1 000
    wrong = build.purchase(buyer, product, "9000.00", TODAY, order_number="832-1", platform="832平台")
    other = build.purchase(buyer, product, "50.00", TODAY, order_number="832-2", platform="832平台")
    client = login(county)
    listing = client.get(f"/markets/purchases/?year={YEAR}").content.decode()
    assert 'data-form="markets.purchase_withdraw"' in listing and f"/markets/purchases/{wrong.pk}/edit/" in listing
    # readers and another county: no forms, and a POST is 404
    assert 'data-form="markets.purchase_withdraw"' not in login(township).get("/markets/purchases/").content.decode()
    for user in (township, leader, outsider):
        assert login(user).get(f"/markets/purchases/{wrong.pk}/edit/").status_code == 404
        gone = login(user).post(f"/markets/purchases/{wrong.pk}/withdraw/", {"reason": "x", "confirm": "on"})
        assert gone.status_code == 404
    url = f"/markets/purchases/{wrong.pk}/edit/"
    assert client.get(url).status_code == 200
    clash = client.post(url, _edit_data(wrong, order_number="832-2"))
    assert clash.status_code == 400 and "已登记" in clash.content.decode()
    assert client.post(url, _edit_data(wrong, amount="900.00")).status_code == 302
    wrong.refresh_from_db()
    assert str(wrong.amount) == "900.00" and wrong.version == 2
    # a second editor who opened the page before that save is refused, nothing written
    stale = client.post(url, _edit_data(wrong, amount="1.00", version=1))
    assert stale.status_code == 400 and "已被他人修改" in stale.content.decode()
    assert str(Purchase.objects.get(pk=wrong.pk).amount) == "900.00"
    # 撤销 needs a reason and the confirmation; the row's form shows the errors with the reason kept
    withdraw = f"/markets/purchases/{other.pk}/withdraw/"
    unconfirmed = client.post(withdraw, {"reason": "重复登记", "version": other.version})
    text = unconfirmed.content.decode()
    assert unconfirmed.status_code == 400 and "请勾选确认后再撤销" in text and "重复登记" in text
    done = client.post(withdraw, {"reason": "重复登记", "confirm": "on", "version": other.version})
    assert done.status_code == 302 and not Purchase.objects.filter(pk=other.pk).exists()
    entry = AuditEntry.objects.get(object_type="purchase", object_id=str(other.pk), action=AuditEntry.Action.DELETE)
    assert entry.reason == "重复登记"
    home = client.get(f"/markets/?year={YEAR}").content.decode()
    assert 'data-figure="total">900.00<' in home and 'data-figure="reserving">0 / 1<' in home


def test_purchases_outside_the_certificate_period_count_apart(county, agri_clerk):
    expired = build.product(name="过期腊肉", certified_from=dt.date(2020, 1, 1), certified_to=dt.date(2021, 12, 31))
    valid = build.product(expired.supplier, name="松桃红薯粉")
    hospital = build.buyer()
    build.budget(hospital, YEAR, "10000.00")  # reserved: 1 000
    build.purchase(hospital, expired, "5000.00", TODAY)
    build.purchase(hospital, valid, "600.00", TODAY)
    client = login(county)
    rows = client.get(f"/markets/buyers/?year={YEAR}").content.decode()
    assert 'data-figure="total">5600.00<' in rows and 'data-figure="recognised">600.00<' in rows
    assert "60.0%" in rows and "未达预留份额" in rows and 'data-testid="recognised-rule"' in rows
    listing = client.get(f"/markets/purchases/?year={YEAR}").content.decode()
    assert listing.count('data-testid="outside-period"') == 1 and 'data-figure="outside">1<' in listing
    home = client.get(f"/markets/?year={YEAR}").content.decode()
    assert 'data-figure="recognised">600.00<' in home and "其中非认定期内 1 条" in home
    totals = client.get(f"{API}/consumption/totals?year={YEAR}").json()
    assert totals["recognised"] == "600.00" and totals["outside_count"] == 1 and totals["reserving_met"] == 0
    page = client.get(f"{API}/purchases?year={YEAR}").json()
    assert page["recognised"] == "600.00" and sorted(p["recognised"] for p in page["items"]) == [False, True]
    # a stopped product cannot be chosen for a new purchase, on the page or in the API
    Product.objects.filter(pk=valid.pk).update(active=False)
    form = login(agri_clerk).get("/markets/purchases/new/").content.decode()
    assert str(valid.pk) not in form and str(expired.pk) in form
    body = {
        "buyer_id": str(hospital.pk),
        "product_id": str(valid.pk),
        "channel": "online",
        "date": TODAY.isoformat(),
        "quantity": "1",
        "amount": "10",
    }
    refused = login(agri_clerk).post(f"{API}/purchases", json.dumps(body), content_type="application/json")
    assert refused.status_code == 422 and refused.json()["field"] == "product" and "停用" in refused.json()["detail"]


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "orders.xlsx"
    return buffer


def test_import_counts_outside_rows_and_a_batch_is_withdrawn(
    county, township, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    old = build.product(
        name="过期腊肉", spec="", certified_from=dt.date(2020, 1, 1), certified_to=dt.date(2021, 12, 31)
    )
    kept = build.purchase(
        build.buyer("松桃县人民医院"), build.product(old.supplier, name="红薯粉", spec=""), "77.00", TODAY
    )
    head = ["采购方", "采购方类型", "产品名称", "销售渠道", "平台/门店", "订单号", "采购日期", "数量", "金额（元）"]
    day = TODAY.isoformat()
    rows = [
        ["松桃县人民医院", "", "红薯粉", "电商平台", "832平台", "B-1", day, "10", "180"],
        ["松桃县人民医院", "", "过期腊肉", "电商平台", "832平台", "B-2", day, "2", "240"],
        ["松桃县人民医院", "", "过期腊肉", "电商平台", "832平台", "B-3", day, "1", "120"],
    ]
    client = login(county)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/markets/purchases/import/", {"file": _xlsx([head, *rows])})
    report = client.get(response["Location"]).content.decode()
    assert "已导入 3 条采购记录" in report and "其中 2 条的采购日期不在产品认定有效期内" in report
    batch = Purchase.objects.exclude(batch="").values_list("batch", flat=True).first()
    assert f"?batch={batch}" in report
    page = client.get(f"/markets/purchases/?batch={batch}").content.decode()
    assert page.count('data-testid="purchase-row"') == 3 and 'data-form="markets.batch_withdraw"' in page
    url = f"/markets/purchases/batches/{batch}/withdraw/"
    assert login(township).post(url, {"reason": "导错文件", "confirm": "on"}).status_code == 404
    assert client.post(url, {"reason": "", "confirm": "on"}).status_code == 400
    assert client.post(url, {"reason": "导错了县", "confirm": "on"}).status_code == 302
    assert list(Purchase.objects.values_list("pk", flat=True)) == [kept.pk]
    entry = AuditEntry.objects.get(object_id=batch)
    assert entry.reason == "导错了县" and entry.changes["采购记录（条）"] == [3, 0]
    # the same file can be imported again once corrected
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post("/markets/purchases/import/", {"file": _xlsx([head, *rows[:1]])})
    assert "已导入 1 条采购记录" in client.get(again["Location"]).content.decode()


def test_delete_only_what_nothing_refers_to(county, household_a):
    supplier = build.supplier()
    used = build.product(supplier)
    spare = build.product(supplier, name="多登记的绿茶")
    buyer = build.buyer()
    idle = build.buyer("重复登记的单位")
    build.budget(idle, YEAR, "5000")
    build.purchase(buyer, used, "10.00", TODAY)
    client = login(county)
    edit = client.get(f"/markets/products/{used.pk}/edit/").content.decode()
    assert 'data-testid="delete-blocked"' in edit and "消费帮扶采购记录 1 条" in edit
    refused = client.post(f"/markets/products/{used.pk}/delete/", {"reason": "误登", "confirm": "on"})
    assert refused.status_code == 400 and "不能删除" in refused.content.decode()
    no_reason = client.post(f"/markets/products/{spare.pk}/delete/", {"confirm": "on"})
    assert no_reason.status_code == 400 and Product.objects.filter(pk=spare.pk).exists()
    assert client.post(f"/markets/products/{spare.pk}/delete/", {"reason": "误登", "confirm": "on"}).status_code == 302
    assert not Product.objects.filter(pk=spare.pk).exists()
    assert AuditEntry.objects.get(object_id=str(spare.pk), action=AuditEntry.Action.DELETE).reason == "误登"
    assert client.post(f"/markets/buyers/{idle.pk}/delete/", {"reason": "重复", "confirm": "on"}).status_code == 302
    assert not Buyer.objects.filter(pk=idle.pk).exists()
    assert client.post(f"/markets/buyers/{buyer.pk}/delete/", {"reason": "x", "confirm": "on"}).status_code == 400
    # a supplier driving households or selling products stays; it can only be marked 无效
    lone = build.supplier("只带动农户的合作社")
    build.link(lone, household_a, YEAR)
    blocked = client.post(f"/markets/suppliers/{lone.pk}/delete/", {"reason": "误登", "confirm": "on"})
    assert blocked.status_code == 400 and "联农带农农户 1 条" in blocked.content.decode()
    assert Supplier.objects.filter(pk=lone.pk).exists()


def test_api_corrections(county, agri_clerk, leader, outsider):
    product = build.product()
    buyer = build.buyer()
    made = build.purchase(buyer, product, "100.00", TODAY, order_number="A-1", platform="832平台")
    build.purchase(buyer, product, "30.00", TODAY, batch="b0123456789a")
    build.purchase(buyer, product, "20.00", TODAY, batch="b0123456789a")
    client = login(agri_clerk)

    def put(user_client: Client, body: dict):
        return user_client.put(f"{API}/purchases/{made.pk}", json.dumps(body), content_type="application/json")

    got = client.get(f"{API}/purchases/{made.pk}").json()
    body = {k: got[k] for k in ("buyer_id", "product_id", "channel", "platform", "order_number", "date", "quantity")}
    body |= {"amount": "120.00", "version": got["version"]}
    assert put(client, body).json()["amount"] == "120.00"
    stale = put(client, {**body, "amount": "1"})
    assert stale.status_code == 409 and stale.json()["detail"]
    assert put(client, {**body, "amount": "1e30", "version": 2}).status_code == 422
    for user in (leader, outsider):
        assert put(login(user), {**body, "version": 2}).status_code == 404
        assert login(user).delete(f"{API}/purchases/{made.pk}?reason=x").status_code == 404
    assert client.delete(f"{API}/purchases/{made.pk}").status_code == 422  # a reason is required
    assert (
        client.delete(f"{API}/purchases/{made.pk}?reason=%00").status_code == 400
    )  # the request guard: a NUL in the query string
    assert client.delete(f"{API}/purchases/99999999999999999999?reason=x").status_code in (404, 422)
    assert client.delete(f"{API}/purchases/{made.pk}?reason=录错&version=2").status_code == 204
    assert login(outsider).delete(f"{API}/purchases/batches/b0123456789a?reason=x").status_code == 404
    batch = client.delete(f"{API}/purchases/batches/b0123456789a?reason=导错文件")
    assert batch.status_code == 200 and batch.json() == {"batch": "b0123456789a", "count": 2, "amount": "50.00"}
    assert client.delete(f"{API}/purchases/batches/b0123456789a?reason=again").status_code == 404
    assert not Purchase.objects.exists()
    assert login(outsider).delete(f"{API}/products/{product.pk}?reason=x").status_code == 404
    assert client.delete(f"{API}/products/{product.pk}?reason=误登").status_code == 204
    assert client.delete(f"{API}/buyers/{buyer.pk}?reason=误登").status_code == 204
    assert client.delete(f"{API}/suppliers/{product.supplier_id}?reason=误登").status_code == 204
