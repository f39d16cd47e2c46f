"""The 收入核算 page through the HTTP client, with the fields a browser posts (strings)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shoudi.core.models import AuditEntry
from shoudi.income import selectors, services
from shoudi.income.inputs import LineInput
from shoudi.income.models import IncomeLine, IncomeSheet
from shoudi.testing.factories import VILLAGE_A, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def household(regions):
    return household_with_members(VILLAGE_A, size=3)


def _url(household, year=2026):
    return f"/income/{household.pk}/{year}/"


def _post(household, **fields):
    head = household.members.get(relationship="head")
    key = f"p{head.pk.hex}"
    data = {"version": "0", f"{key}_place": "out_province", f"{key}_months": "10", f"{key}_amount": "30000"}
    data.update({k.replace("HEAD", key): v for k, v in fields.items()})
    return data


def test_page_shows_members_fields_and_live_totals(client, village_a, household):
    client.force_login(village_a)
    page = client.get(_url(household))
    html = page.content.decode()
    assert page.status_code == 200
    for member in household.members.all():
        assert member.name in html
    assert 'inputmode="decimal"' in html and "按月填写" in html and 'data-form="income.sheet"' in html
    assert "/static/income/sheet.js" in html and "cdn" not in html.lower()
    assert "人均纯收入" in html


def test_post_saves_lines_and_shows_them_again(client, village_a, household):
    client.force_login(village_a)
    data = _post(household, crops="3000", production_cost="1000", dibao="", medical="800.50")
    data.update({f"pension_m{m}": "100" for m in range(1, 13)})
    response = client.post(_url(household), data)
    assert response.status_code == 302
    sheet = IncomeSheet.objects.get(household=household, year=2026)
    lines = {line.item: line for line in sheet.lines.all()}
    assert lines["migrant_work"].amount == D("30000") and lines["migrant_work"].work_months == 10
    assert lines["pension"].amount == D("1200") and lines["pension"].monthly == ["100.00"] * 12
    assert "dibao" not in lines
    summary = selectors.sheet_summary(sheet)
    assert summary.net == D("30000") + D("3000") + D("1200") - D("1000")
    page = client.get(_url(household)).content.decode()
    assert 'value="3000' in page and "第1版" in page
    assert AuditEntry.objects.filter(household_id=household.pk, object_type="incomesheet").count() == 1
    detail = client.get(f"/households/{household.pk}/").content.decode()
    assert "2026年收入核算表" in detail  # the change shows in 变更记录


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("crops", "abc", "请填写数字"),
        ("crops", "-5", "不能小于"),
        ("crops", "1e30", ""),
        ("crops", "1.234", "最多保留 2 位小数"),
        ("crops", "12\x0034", "请填写数字"),
        ("crops", "9" * 300, ""),
        ("HEAD_months", "13", "不能大于"),
        ("HEAD_place", "mars", "不在可选项中"),
        ("dibao_m3", "x", "请填写数字"),
    ],
)
def test_hostile_input_is_refused_next_to_the_field_and_kept(client, village_a, household, field, value, message):
    client.force_login(village_a)
    data = _post(household, crops="100")
    data.update(
        {f.replace("HEAD", next(k for k in data if k.endswith("_place"))[:-6]): v for f, v in {field: value}.items()}
    )
    key = next(k for k in data if k.endswith(field.replace("HEAD", "")) and data[k] == value)
    response = client.post(_url(household), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert f'data-field="{key}"' in html
    assert message in html
    assert 'value="30000"' in html  # the other input is kept
    assert not IncomeSheet.objects.exists() and not IncomeLine.objects.exists()


def test_monthly_sum_must_match_the_annual_amount(client, village_a, household):
    client.force_login(village_a)
    data = _post(household, crops="500", crops_m1="100")
    response = client.post(_url(household), data)
    assert (
        response.status_code == 400 and "12个月合计 100.00 元，与全年金额 500.00 元不一致" in response.content.decode()
    )
    data = _post(household, crops_m1="100", crops_m7="50")  # annual left blank: their sum
    assert client.post(_url(household), data).status_code == 302
    assert IncomeLine.objects.get(item="crops").amount == D("150")


def test_wage_without_place_is_refused(client, village_a, household):
    client.force_login(village_a)
    response = client.post(_url(household), _post(household, HEAD_place=""))
    assert response.status_code == 400 and "请选择务工地点" in response.content.decode()


def test_stale_version_says_someone_else_changed_it(client, village_a, household):
    services.sheet_save(by=village_a, household=household, year=2026, lines=[LineInput("crops", D(1))], source="page")
    client.force_login(village_a)
    response = client.post(_url(household), _post(household, crops="5"))
    assert response.status_code == 400 and "已被他人修改" in response.content.decode()
    assert IncomeLine.objects.get().amount == D(1)


def test_someone_elses_household_is_404(client, village_a, village_b, household, regions):
    other = household_with_members(VILLAGE_C, size=1)
    client.force_login(village_b)
    assert client.get(_url(household)).status_code == 404
    assert client.post(_url(household), _post(household)).status_code == 404
    client.force_login(village_a)
    assert client.get(_url(other)).status_code == 404
    assert client.get(_url(household, 1999)).status_code == 404
    assert client.get(f"/income/{household.pk}/").status_code == 302
    assert not IncomeSheet.objects.exists()


def test_household_page_panel_links_and_shows_department_lines(client, village_a, county, household):
    services.feed_lines_replace(
        by=county,
        household=household,
        year=2026,
        department="medical_insurance",
        batch_ref="batch-123",
        amounts={"medical": D("32800")},
    )
    client.force_login(village_a)
    html = client.get(f"/households/{household.pk}/").content.decode()
    assert "收入核算" in html and f"/income/{household.pk}/" in html
    assert "医保" in html and "32800.00" in html and "batch-123" in html
    sheet_page = client.get(_url(household)).content.decode()
    assert "部门数据：医保 32800.00 元" in sheet_page
