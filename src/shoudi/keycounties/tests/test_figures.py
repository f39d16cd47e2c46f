"""A key county's figures: computed from the system's own data, entered with a source (replacing a computed
figure only with a source, shown as such), missing ones flagged; the evaluation sheet in HTML and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from shoudi.cooperation.models import Fund
from shoudi.cooperation.testing import pairing
from shoudi.employment.testing import work
from shoudi.keycounties.models import IndicatorValue, SupportMeasure
from shoudi.keycounties.testing import key_county, measure, value
from shoudi.monitoring import policy_bridge as pb
from shoudi.testing.factories import COUNTY

pytestmark = pytest.mark.django_db
API = "/api/v1/key-counties/"


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def kc(regions):
    pb.store_param("rural_disposable_income", "52", Decimal("20000"), valid_from=dt.date(2024, 1, 1), source="统计局")
    pb.store_param("rural_disposable_income", "52", Decimal("21000"), valid_from=dt.date(2025, 1, 1), source="统计局")
    return key_county(COUNTY)


def figures(client, kc, year=2025):
    body = client.get(f"{API}{kc.pk}/indicators?year={year}").json()
    return {f["code"]: f for f in body["figures"]}


def test_computed_figures_and_an_entered_override_with_its_source(client, county, kc, household_a):
    head = household_a.members.get(relationship="head")
    head.birth_date = dt.date(1985, 5, 1)  # of working age (the factory's people are born in 1950)
    head.save(update_fields=["birth_date"])
    work(head, started_on=dt.date(2024, 3, 1), place="in_county")
    client.force_login(county)
    found = figures(client, kc)
    assert found["rural_income_growth"]["value"] == "5.0" and found["rural_income_growth"]["origin"] == "computed"
    assert found["former_poor_employed"]["value"] == "1" and found["former_poor_employed"]["origin"] == "computed"
    assert found["east_west_funds"]["origin"] == "missing"  # nothing in the cooperation ledger yet
    ledger = pairing()
    Fund.objects.create(
        pairing=ledger, received_on=dt.date(2025, 4, 1), year=2025, amount=Decimal("3200000"), source="fiscal"
    )
    Fund.objects.create(
        pairing=ledger, received_on=dt.date(2025, 5, 1), year=2025, amount=Decimal("50000"), source="social"
    )
    assert figures(client, kc)["east_west_funds"]["value"] == "320.00"  # 万元, fiscal aid only
    # an override needs a source: refused beside the field on the page, nothing written
    page = client.post(
        reverse("keycounties:value_enter", args=[kc.pk]),
        {"year": "2025", "code": "rural_income_growth", "value": "6.5"},
    )
    assert page.status_code == 400 and 'data-field="source"' in page.content.decode() and "6.5" in page.content.decode()
    assert not IndicatorValue.objects.exists()
    saved = post(
        client,
        f"{API}{kc.pk}/values",
        {"year": 2025, "code": "rural_income_growth", "value": "6.5", "source": "松桃调查队农民收入监测调查"},
    )
    assert saved.status_code == 200
    found = figures(client, kc)
    grown = found["rural_income_growth"]
    assert grown["value"] == "6.50" and grown["computed"] == "5.0" and grown["origin"] == "overridden"
    assert "替代系统计算值：5.0%" in grown["source"] and "松桃调查队" in grown["source"]
    html = client.get(reverse("keycounties:indicators", args=[kc.pk]) + "?year=2025").content.decode()
    assert "填报替代" in html and "缺数据" in html
    gap = found["income_growth_gap"]  # derived from the final figures: no former-poor income records, so missing
    assert gap["origin"] == "missing" and gap["goal"]


def test_entered_values_are_checked_and_only_the_county_records(client, county, clerk, regions, kc):
    client.force_login(county)
    url = f"{API}{kc.pk}/values"
    body = {"year": 2025, "code": "farmers_income_survey", "value": "-5", "source": "县统计局调查"}
    assert "不能为负数" in post(client, url, body).json()["detail"]
    assert post(client, url, {**body, "code": "income_growth_gap"}).status_code == 422  # derived: not enterable
    assert post(client, url, {**body, "value": "1e30"}).status_code == 422
    assert post(client, url, {**body, "year": 2030}).status_code == 422
    first = post(client, url, {**body, "value": "3200"}).json()
    stale = post(client, url, {**body, "value": "3300", "version": first["version"] + 5})
    assert stale.status_code == 409
    assert IndicatorValue.objects.get().value == Decimal("3200.00")
    client.force_login(clerk)
    assert post(client, url, {**body, "value": "1"}).status_code == 404


def test_measures_added_and_their_status_updated(client, county, kc):
    client.force_login(county)
    response = client.post(
        reverse("keycounties:measure_create", args=[kc.pk]),
        {
            "year": "2025",
            "category": "finance",
            "title": "小额信贷应贷尽贷",
            "responsible_unit": "人民银行县支行",
            "status": "planned",
        },
    )
    assert response.status_code == 302
    row = SupportMeasure.objects.get()
    update = {"year": 2025, "category": "finance", "title": "小额信贷应贷尽贷", "responsible_unit": "人民银行县支行"}
    done = client.put(
        f"{API}measures/{row.pk}",
        json.dumps({**update, "status": "done", "progress_note": "已发放1200户", "version": row.version}),
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status_label"] == "已完成"
    detail = client.get(reverse("keycounties:detail", args=[kc.pk])).content.decode()
    assert "小额信贷应贷尽贷" in detail and "已完成" in detail


def test_evaluation_sheet_judges_against_last_year_and_exports_xlsx(client, county, kc):
    value(kc, 2024, "farmers_income_survey", "13480", "松桃调查队2024")
    value(kc, 2025, "farmers_income_survey", "14520", "松桃调查队2025")
    value(kc, 2024, "consumption_sales", "80")
    value(kc, 2025, "consumption_sales", "50")
    measure(kc, status="done")
    client.force_login(county)
    sheet = client.get(f"{API}{kc.pk}/evaluation/2025").json()
    rows = {r["figure"]["code"]: r for r in sheet["rows"]}
    survey = rows["farmers_income_survey"]
    assert survey["verdict"] == "met" and survey["previous"] == "13480.00"
    assert rows["consumption_sales"]["verdict"] == "not_met"
    assert rows["monitored_households"]["verdict"] == "reference"
    assert rows["income_growth_gap"]["verdict"] == "unknown"  # no income records: growth missing
    html = client.get(reverse("keycounties:evaluation", args=[kc.pk, 2025])).content.decode()
    assert "keycounties/print.css" in html and "<script>" not in html.split("<main")[1].split("</main>")[0]
    xlsx = client.get(reverse("keycounties:evaluation_xlsx", args=[kc.pk, 2025]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    cells = [[c for c in row] for row in book["年度评价"].iter_rows(values_only=True)]
    assert "松桃苗族自治县2025年度省级乡村振兴重点帮扶县评价表" in cells[0][0]
    survey = next(r for r in cells if r[0] == "农民人均可支配收入（监测调查）")
    assert survey[2] == 14520 and survey[3] == "填报：松桃调查队2025" and survey[4] == 13480 and survey[7] == "达到"
    sales = next(r for r in cells if r[0] == "消费帮扶销售额")
    assert sales[3] == "填报：县统计局（替代系统计算值：无）" and sales[7] == "未达到"
    assert any(r[1] == "衔接资金向重点帮扶县倾斜" for r in book["支持措施"].iter_rows(values_only=True))
    assert client.get(reverse("keycounties:evaluation", args=[kc.pk, 2099])).status_code == 404
