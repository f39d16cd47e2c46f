"""The unsold-produce pages as their users meet them: the 农业农村 clerk registers a product, enters a week, imports a
series (a background job, all or nothing), links a grower household; the check raises a warning that the warning page explains
with the parameter, the growers (masked households, marked 脱贫户/监测对象; villages also from industry projects),
and a response moves it to 处置中, closing it needs a note. Who may not see it gets 404."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.utils import timezone

from shoudi.markets import codes
from shoudi.markets import testing_produce as build
from shoudi.markets.models_produce import Commodity, Grower, Observation, ProduceWarning

pytestmark = pytest.mark.django_db


def _xlsx(rows: list[list[str]]) -> io.BytesIO:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["重点农产品", "期初日期", "价格", "产量", "库存量", "销量"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "series.xlsx"
    return buffer


@pytest.fixture
def upload(django_capture_on_commit_callbacks, settings, tmp_path):
    """Post a file to an import page: the upload becomes a job (run at once here); the job page's text."""
    settings.MEDIA_ROOT = str(tmp_path)

    def post(client, url: str, file: io.BytesIO) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"file": file})
        assert response.status_code == 302 and "/jobs/" in response["Location"], response.status_code
        return client.get(response["Location"]).content.decode()

    return post


def test_clerk_keeps_a_product_and_its_series(client, agri_clerk, household_a, upload):
    client.force_login(agri_clerk)
    page = client.post(
        "/markets/produce/commodities/new/",
        {
            "name": "猕猴桃",
            "category": "fruit",
            "frequency": "week",
            "unit": "吨",
            "price_unit": "元/公斤",
            "active": "on",
        },
    )
    kiwi = Commodity.objects.get(name="猕猴桃")
    assert page.status_code == 302 and kiwi.county_id == "520628"
    bad = client.post(f"/markets/produce/commodities/{kiwi.pk}/entry/", {"period_start": "2026-13-01", "price": "-1"})
    assert bad.status_code == 400 and "请按“年-月-日”填写日期" in bad.text and Observation.objects.count() == 0
    wednesday = timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday()) + dt.timedelta(days=2)
    day = min(wednesday, timezone.localdate())
    assert (
        client.post(
            f"/markets/produce/commodities/{kiwi.pk}/entry/", {"period_start": day.isoformat(), "price": "8.5"}
        ).status_code
        == 302
    )
    client.post(
        f"/markets/produce/commodities/{kiwi.pk}/entry/", {"period_start": day.isoformat(), "price": "9", "stock": "3"}
    )
    row = Observation.objects.get()
    assert row.period_start.weekday() == 0 and str(row.price) == "9.00"  # one row per period, normalised to Monday

    broken = _xlsx([["猕猴桃", "2025-03-03", "8"], ["芒果", "2025-03-10", "8"], ["猕猴桃", "2025-03-12", "abc"]])
    refused = upload(client, "/markets/produce/import/", broken)
    assert "任务失败" in refused and "第3行 重点农产品" in refused and "第4行 价格" in refused
    assert Observation.objects.count() == 1  # nothing of the file
    good = _xlsx([["猕猴桃", "2025-03-03", "8", "10", "2", "9"], ["红心猕猴桃", "2025-03-05", "7"]])
    Commodity.objects.filter(pk=kiwi.pk).update(keywords="红心猕猴桃")
    assert "与第2行是同一期" in upload(client, "/markets/produce/import/", good)  # same week twice
    assert "已导入 1 期数据" in upload(client, "/markets/produce/import/", _xlsx([["红心猕猴桃", "2025-03-05", "7"]]))
    assert Observation.objects.get(period_start=dt.date(2025, 3, 3)).source == codes.ObservationSource.IMPORTED
    assert client.get("/markets/produce/import/template/")["Content-Type"].startswith("application/vnd.openxml")

    unknown = client.post(f"/markets/produce/commodities/{kiwi.pk}/growers/", {"household_number": "nope"})
    assert unknown.status_code == 400 and "本县没有户编号" in unknown.text
    client.post(
        f"/markets/produce/commodities/{kiwi.pk}/growers/",
        {"household_number": household_a.number, "scale": "5", "scale_unit": "亩"},
    )
    assert Grower.objects.get().village_id == household_a.village_id
    detail = client.get(f"/markets/produce/commodities/{kiwi.pk}/")
    assert detail.status_code == 200 and "脱贫户" in detail.text and household_a.number[-4:] in detail.text
    assert household_a.number not in detail.text  # masked


def test_warning_page_response_and_close(client, county, township, household_a):
    from shoudi.projects.models import Project

    kiwi = build.commodity(keywords="奇异果")
    build.grower(kiwi, household_a, scale=5)
    Project.objects.create(
        code="P-1",
        name="当造村奇异果基地",
        year=2025,
        level="county",
        area_id="520628101204",
        kind="industry",
        implementing_unit="县农业农村局",
    )
    warning = build.warning(kiwi)
    client.force_login(township)
    page = client.get(f"/markets/produce/warnings/{warning.pk}/")
    assert page.status_code == 200 and "低于前三年同期均价" in page.text and "0.8" in page.text
    assert "响水洞村" in page.text and "当造村" in page.text  # the project's village and the grower's
    assert "markets.produce_response" not in page.text
    assert client.post(f"/markets/produce/warnings/{warning.pk}/responses/", {}).status_code == 404

    client.force_login(county)
    empty = client.post(
        f"/markets/produce/warnings/{warning.pk}/responses/", {"kind": "purchase_drive", "date": "2026-03-05"}
    )
    assert empty.status_code == 400 and "此项必填" in empty.text
    client.post(
        f"/markets/produce/warnings/{warning.pk}/responses/",
        {
            "kind": "purchase_drive",
            "date": "2026-03-05",
            "quantity": "12.5",
            "amount": "80000",
            "note": "县直机关以购代捐",
        },
    )
    warning.refresh_from_db()
    assert warning.status == codes.WarningStatus.RESPONDING and warning.responses.count() == 1
    no_note = client.post(
        f"/markets/produce/warnings/{warning.pk}/close/", {"closed_on": "2026-03-20", "version": warning.version}
    )
    assert no_note.status_code == 400 and ProduceWarning.objects.get().status == "responding"
    client.post(
        f"/markets/produce/warnings/{warning.pk}/close/",
        {"closed_on": "2026-03-20", "note": "价格回升", "version": warning.version},
    )
    assert ProduceWarning.objects.get().status == codes.WarningStatus.CLOSED
    listing = client.get("/markets/produce/warnings/?status=closed&kind=price_fall")
    assert listing.status_code == 200 and "共 1 条预警" in listing.text
    assert client.get("/markets/produce/warnings/?status=bogus").status_code == 200


def test_home_chart_and_who_sees_it(client, agri_clerk, clerk, village_a, outsider, leader, county, township):
    kiwi = build.commodity()
    for week in range(1, 11):
        build.observe(kiwi, build.iso_monday(2026, week), price="8", stock="2", sales="1")
    warning = build.warning(kiwi)
    client.force_login(agri_clerk)
    home = client.get("/markets/produce/")
    assert home.status_code == 200 and 'id="produce-charts"' in home.text and "produce.js" in home.text
    assert "预警 1" in home.text
    client.force_login(leader)
    assert client.get(f"/markets/produce/commodities/{kiwi.pk}/").status_code == 200
    assert client.get(f"/markets/produce/commodities/{kiwi.pk}/entry/").status_code == 404
    for who in (clerk, village_a, outsider):
        client.force_login(who)
        home = client.get("/markets/produce/")
        assert home.status_code == (200 if who == outsider else 404) and "猕猴桃" not in home.text
        assert client.get(f"/markets/produce/warnings/{warning.pk}/").status_code == 404
        assert client.get(f"/markets/produce/commodities/{kiwi.pk}/").status_code == 404
    client.force_login(county)
    workbench = client.get("/")
    assert "农副产品滞销预警" in workbench.text
    for who, code in ((county, "520628"), (leader, "5206"), (township, "520628101")):  # the county's charts
        client.force_login(who)
        dashboard = client.get(f"/reports/dashboard/{code}/")
        assert dashboard.status_code == 200 and 'data-testid="produce-dashboard"' in dashboard.text
        assert "猕猴桃" in dashboard.text and "预警 1" in dashboard.text


def test_check_from_the_page(client, county):
    kiwi = build.commodity()
    today = timezone.localdate()
    for back in (1, 2, 3):
        year, week, _ = (today - dt.timedelta(weeks=52 * back)).isocalendar()
        if week < 53:
            build.observe(kiwi, build.iso_monday(year, week), price="10")
    year, week, _ = today.isocalendar()
    build.observe(kiwi, build.iso_monday(year, week), price="2")
    client.force_login(county)
    response = client.post("/markets/produce/check/", {})
    assert response.status_code == 302
    assert ProduceWarning.objects.filter(commodity=kiwi, kind="price_fall").count() == 1
