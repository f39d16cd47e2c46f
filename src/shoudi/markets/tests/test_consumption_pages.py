"""消费帮扶 pages, as the people who use them: the county and its 农业农村 clerk keep the ledgers; township staff and
the city leader read; a village contact, another department's clerk and another county see nothing (404)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from shoudi.markets import testing as build
from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Purchase, Supplier, SupplierHousehold

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_who_sees_the_ledgers(county, township, leader, agri_clerk, village_a, hr_clerk, outsider):
    supplier = build.supplier()
    for user in (county, township, leader, agri_clerk):
        page = login(user).get("/markets/")
        assert page.status_code == 200
        assert "消费帮扶" in page.content.decode()
        assert login(user).get(f"/markets/suppliers/{supplier.pk}/").status_code == 200
    for user in (village_a, hr_clerk):
        assert login(user).get("/markets/").status_code == 404
        assert login(user).get(f"/markets/suppliers/{supplier.pk}/").status_code == 404
    assert login(outsider).get(f"/markets/suppliers/{supplier.pk}/").status_code == 404
    assert supplier.name not in login(outsider).get("/markets/suppliers/").content.decode()
    # readers get no forms; a POST is 404
    assert login(township).get("/markets/suppliers/new/").status_code == 404
    assert login(leader).post(f"/markets/suppliers/{supplier.pk}/", {"household": "x"}).status_code == 404


def test_supplier_drives_households_counted_without_ids(county, township, household_a, household_b):
    client = login(county)
    response = client.post(
        "/markets/suppliers/new/",
        {
            "name": "苗岭生态合作社",
            "kind": "cooperative",
            "village": "520628101203",
            "phone": "13800001111",
            "active": "on",
        },
    )
    supplier = Supplier.objects.get(name="苗岭生态合作社")
    assert response.status_code == 302 and supplier.county_id == "520628"
    url = f"/markets/suppliers/{supplier.pk}/"
    ok = client.post(url, {"household": household_a.number, "kind": "buys_from", "year": YEAR, "amount": "3200"})
    assert ok.status_code == 302
    client.post(url, {"household": household_b.number, "kind": "employs", "year": YEAR})
    again = client.post(url, {"household": household_a.number, "kind": "buys_from", "year": YEAR})
    assert again.status_code == 400 and "不能重复登记" in again.content.decode()
    unknown = client.post(url, {"household": "999999", "kind": "buys_from", "year": YEAR, "note": "保留的说明"})
    text = unknown.content.decode()
    assert "没有户编号为“999999”的农户" in text and "保留的说明" in text
    assert SupplierHousehold.objects.filter(supplier=supplier).count() == 2
    page = client.get(url).content.decode()
    assert household_a.number in page
    for person in household_a.members.all():
        assert person.id_number not in page and person.name not in page
    listing = client.get(f"/markets/suppliers/?year={YEAR}").content.decode()
    assert 'data-figure="households">2<' in listing
    # household_a is a 脱贫户 (former_poor): one of the two
    row = next(r for r in listing.split('data-testid="supplier-row"')[1:] if "苗岭生态合作社" in r)
    assert "<td>1</td>" in row
    # a township reader sees only the households of its own township (both are in 盘石镇)
    assert household_b.number in login(township).get(url).content.decode()
    book = openpyxl.load_workbook(io.BytesIO(login(township).get(f"/markets/suppliers/export/?year={YEAR}").content))
    rows = [[c.value for c in row] for row in book.active.iter_rows()]
    assert rows[2] == ["苗岭生态合作社", "农民专业合作社", "当造村", 0, 0, 0, 2, 1, 0, 3200]
    hostile = client.get("/markets/suppliers/?year=99999999999999999999&kind=bogus")
    assert hostile.status_code == 200 and "苗岭生态合作社" in hostile.content.decode()
    assert client.get("/markets/suppliers/?q=%00").status_code == 400  # the request guard, in Chinese


def test_product_certificate_period(county, agri_clerk):
    supplier = build.supplier()
    client = login(agri_clerk)
    bad = client.post(
        "/markets/products/new/",
        {
            "supplier": str(supplier.pk),
            "name": "松桃绿茶",
            "category": "tea",
            "unit": "盒",
            "certificate_number": "XF-1",
            "certified_from": "2026-06-01",
            "certified_to": "2026-01-01",
        },
    )
    assert bad.status_code == 400 and "不能早于起" in bad.content.decode()
    assert not Product.objects.exists()
    good = client.post(
        "/markets/products/new/",
        {
            "supplier": str(supplier.pk),
            "name": "松桃绿茶",
            "category": "tea",
            "unit": "盒",
            "certificate_number": "XF-1",
            "certified_from": (TODAY - dt.timedelta(days=10)).isoformat(),
            "certified_to": (TODAY + dt.timedelta(days=300)).isoformat(),
        },
    )
    assert good.status_code == 302
    build.product(supplier, name="过期腊肉", certified_from=dt.date(2021, 1, 1), certified_to=dt.date(2022, 12, 31))
    listing = login(county).get("/markets/products/").content.decode()
    assert 'data-status="valid">认定有效' in listing and "已过期" in listing


def test_buyer_reserved_share_and_flag(county, leader):
    supplier = build.supplier()
    product = build.product(supplier)
    hospital = build.buyer("松桃县人民医院")
    union = build.buyer("松桃县总工会", kind="union")
    dongguan = build.buyer("东莞市某商贸公司", kind="partner_city", location="广东省东莞市")
    build.budget(hospital, YEAR, "100000.00")  # the county parameter: 10% → 10 000
    build.budget(union, YEAR, "50000.00", share="0.04")  # its own share: 2 000
    build.purchase(hospital, product, "6000.00", TODAY)
    build.purchase(union, product, "2500.00", TODAY, channel="counter")
    build.purchase(dongguan, product, "9000.00", TODAY, channel="hall")
    client = login(county)
    listing = client.get(f"/markets/buyers/?year={YEAR}").content.decode()
    rows = {
        name: r
        for r in listing.split('data-testid="buyer-row"')[1:]
        for name in ("人民医院", "总工会", "东莞")
        if name in r
    }
    assert "未达预留份额" in rows["人民医院"] and "10000.00" in rows["人民医院"] and "60.0%" in rows["人民医院"]
    assert "未达预留份额" not in rows["总工会"] and "125.0%" in rows["总工会"]
    assert "未达预留份额" not in rows["东莞"]
    home = login(leader).get(f"/markets/?year={YEAR}").content.decode()
    assert 'data-figure="total">17500.00<' in home
    assert 'data-figure="reserving">1 / 2<' in home
    # a year's budget set on the buyer page, with its own share in percent
    client.post(f"/markets/buyers/{hospital.pk}/", {"year": YEAR, "canteen_budget": "50000", "reserved_share": "12"})
    assert BuyerYear.objects.get(buyer=hospital, year=YEAR).reserved_share == Decimal("0.1200")
    wrong = client.post(f"/markets/buyers/{hospital.pk}/", {"year": YEAR, "canteen_budget": "1e30"})
    assert wrong.status_code == 400
    # the exports carry the same figures
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/markets/buyers/export/?year={YEAR}").content))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "松桃县人民医院" in values and "已达到" in values


def test_purchase_entry_and_duplicate_order(county, agri_clerk):
    product = build.product()
    buyer = build.buyer()
    client = login(agri_clerk)
    data = {
        "buyer": str(buyer.pk),
        "product": str(product.pk),
        "channel": "online",
        "platform": "832平台",
        "order_number": "832-0001",
        "date": TODAY.isoformat(),
        "quantity": "20",
        "amount": "360.00",
    }
    assert client.post("/markets/purchases/new/", data).status_code == 302
    again = client.post("/markets/purchases/new/", data)
    assert again.status_code == 400 and "已登记" in again.content.decode()
    future = client.post("/markets/purchases/new/", {**data, "order_number": "", "date": "2099-01-01"})
    assert future.status_code == 400 and "不能晚于今天" in future.content.decode()
    assert Purchase.objects.count() == 1
    listing = login(county).get(f"/markets/purchases/?year={YEAR}&kind=online").content.decode()
    assert "832-0001" in listing and "360.00" in listing


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


def test_imports_all_or_nothing_and_idempotent(county, django_capture_on_commit_callbacks, settings, tmp_path):
    """Each upload is a background job; its page says what was written, or lists every bad row."""
    settings.MEDIA_ROOT = str(tmp_path)
    client = login(county)

    def upload(url: str, rows: list[list[str]]) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": _xlsx(rows)})
        assert response.status_code == 302 and "/jobs/" in response["Location"]
        return client.get(response["Location"]).content.decode()

    assert client.get("/markets/products/import/template/").status_code == 200
    products = [
        ["供应商", "主体类型", "产品名称", "产品类别", "规格", "认定编号", "认定有效期起", "认定有效期止"],
        ["苗岭合作社", "农民专业合作社", "红薯粉", "加工食品", "500克/袋", "XF-9", "2026-01-01", "2027-12-31"],
        ["苗岭合作社", "", "绿茶", "茶叶", "", "", "", ""],
    ]
    assert "已导入 2 个产品，新登记 1 个供应商" in upload("/markets/products/import/", products)
    assert "2 个已登记的产品跳过" in upload("/markets/products/import/", products)
    head = ["采购方", "采购方类型", "产品名称", "销售渠道", "平台/门店", "订单号", "采购日期", "数量", "金额（元）"]
    day = TODAY.isoformat()
    good = [
        ["松桃县人民医院", "预算单位", "红薯粉", "电商平台", "832平台", "A-1", day, "10", "180"],
        ["松桃县人民医院", "", "绿茶", "单位采购", "", "A-2", day, "2", "240.50"],
        ["东莞某公司", "东西部协作城市", "红薯粉", "专馆", "东莞专馆", "A-1", day, "5", "90"],
    ]
    bad = [*good, ["新单位", "", "野生菌", "直销", "", "A-9", "2026-13-01", "-1", "abc"]]
    text = upload("/markets/purchases/import/", [head, *bad])
    assert "任务失败" in text and "未导入任何数据" in text
    assert (
        "第5行 采购方类型" in text
        and "第5行 产品名称" in text
        and "第5行 销售渠道" in text
        and "第5行 采购日期" in text
    )
    assert not Purchase.objects.exists() and not Buyer.objects.exists()
    assert "已导入 3 条采购记录，新登记 2 个采购方" in upload("/markets/purchases/import/", [head, *good])
    again = upload("/markets/purchases/import/", [head, *good])
    assert "已导入 0 条采购记录" in again and "3 条重复订单跳过" in again
    assert Purchase.objects.count() == 3
    assert sum(p.amount for p in Purchase.objects.all()) == Decimal("510.50")
    assert "缺少列" in upload("/markets/purchases/import/", [["采购方", "订单号"], ["某单位", "X-1"]])


def test_list_pages_query_count_is_constant(county, django_assert_max_num_queries):
    supplier = build.supplier()
    product = build.product(supplier)
    for i in range(6):
        buyer = build.buyer(f"单位{i}")
        build.budget(buyer, YEAR, "1000")
        build.purchase(buyer, product, "10", TODAY)
        build.supplier(f"供应商{i}")
    client = login(county)
    for url in ("/markets/buyers/", "/markets/suppliers/", "/markets/purchases/", "/markets/products/", "/markets/"):
        with django_assert_max_num_queries(22):
            assert client.get(url).status_code == 200


def test_import_job_runner_writes_all_or_reports_rows(county, settings, tmp_path):
    """The background runner (used once the job kind ``import_consumption`` is declared) runs the same import."""
    from django.core.files.base import ContentFile

    from shoudi.jobs.models import Job
    from shoudi.jobs.services import JobError
    from shoudi.markets.jobs import IMPORT_KIND, import_run

    settings.MEDIA_ROOT = str(tmp_path)
    rows = [["供应商", "主体类型", "产品名称", "产品类别"], ["山谷家庭农场", "家庭农场", "高山大米", "粮油"]]

    def job(content: bytes) -> Job:
        made = Job(
            kind=IMPORT_KIND, area_code="520628", params={"what": "products"}, created_by=county, input_name="p.xlsx"
        )
        made.input_file.save("p.xlsx", ContentFile(content), save=True)
        return made

    done = import_run(job(_xlsx(rows).getvalue()), lambda *a: None)
    assert done["products"] == 1 and Product.objects.filter(name="高山大米").exists()
    with pytest.raises(JobError, match="第2行 产品类别"):
        import_run(job(_xlsx([rows[0], ["山谷家庭农场", "", "小米", "杂粮"]]).getvalue()), lambda *a: None)
    assert not Product.objects.filter(name="小米").exists()
