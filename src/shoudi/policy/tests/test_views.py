"""Policy pages, as each persona sees them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shoudi.core.models import AuditEntry
from shoudi.policy.models import Parameter
from shoudi.testing.factories import VILLAGE_A, add_finance, household_with_members

PAGES = ["policy:index", "policy:add", "policy:history", "policy:simulate"]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["village_a", "clerk"])
def test_users_without_the_capability_get_404(client, builtin, persona, name, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse(name)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_county_officer_sees_which_level_each_value_comes_from(client, builtin, county):
    Parameter.objects.create(
        key="notice_days",
        region_code="520628",
        valid_from="2021-01-01",
        value_type="integer",
        value="7",
        source="松桃县文件",
    )
    client.force_login(county)
    response = client.get(reverse("policy:index"), {"region": "520628", "date": "2021-06-15"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="value-monitoring_line"><strong>6320.00' in html
    assert 'data-testid="level-monitoring_line">省级' in html
    assert 'data-testid="level-notice_days">县级' in html
    assert 'data-testid="level-min_monitoring_months">全国默认' in html
    assert "铜仁市" in html
    assert "政策参数" in html  # the nav link


def test_a_year_with_no_line_shows_it_as_missing_and_marks_the_change(client, builtin, county):
    client.force_login(county)
    html = client.get(reverse("policy:index"), {"region": "520628", "date": "2022-06-15"}).content.decode()
    assert 'data-testid="value-monitoring_line" colspan="4"><em>未设定' in html
    assert "有变化" in html


def test_a_region_outside_the_users_area_is_404(client, builtin, county, township):
    client.force_login(county)
    assert client.get(reverse("policy:index"), {"region": "520627"}).status_code == 404
    client.force_login(township)
    assert client.get(reverse("policy:index"), {"region": "520628"}).status_code == 404
    assert client.get(reverse("policy:index"), {"region": "520628101"}).status_code == 200


def test_the_county_officer_adds_next_years_line(client, builtin, county):
    client.force_login(county)
    form = {"key": "monitoring_line", "region": "520628", "year": "2022", "value": "6600", "source": "松桃县2022年通知"}
    response = client.post(reverse("policy:add"), form)
    assert response.status_code == 302
    param = Parameter.objects.get(region_code="520628", key="monitoring_line")
    assert (param.value, param.set_by, param.source) == ("6600", county, "松桃县2022年通知")
    html = client.get(response["Location"]).content.decode()
    assert "6600.00" in html and "县级" in html and "刘洋" in html
    history = client.get(reverse("policy:history")).content.decode()
    assert "刘洋" in history and "6600" in history


def test_the_form_reports_errors_in_chinese_and_saves_nothing(client, builtin, county):
    client.force_login(county)
    response = client.post(reverse("policy:add"), {"key": "monitoring_line", "region": "520628", "source": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写年度" in html and "取值和公式必须且只能填写一个" in html
    response = client.post(
        reverse("policy:add"), {"key": "monitoring_line", "region": "52", "year": "2022", "value": "1", "source": "x"}
    )
    assert "“52”不在可选项中" in response.content.decode()
    assert not Parameter.objects.filter(region_code__in=["52", "520628"], valid_from__year=2022).exists()


def test_a_service_error_is_shown_on_the_form(client, builtin, county):
    client.force_login(county)
    form = {"key": "monitoring_line", "region": "520628", "year": "2022", "formula": "2 * dibao_standard_monthly * 12"}
    response = client.post(reverse("policy:add"), {**form, "source": "县文件"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "dibao_standard_monthly" in html.split('data-field="formula"', 1)[1]  # next to the formula
    assert not Parameter.objects.filter(region_code="520628").exists()


def test_an_overlapping_period_is_said_next_to_the_year(client, builtin, county):
    client.force_login(county)
    form = {"key": "monitoring_line", "region": "520628", "year": "2022", "value": "6600", "source": "县文件"}
    assert client.post(reverse("policy:add"), form).status_code == 302
    again = client.post(reverse("policy:add"), {**form, "valid_from": "2022-06-01", "year": ""})
    html = again.content.decode()
    assert again.status_code == 200 and "重叠" in html.split('data-field="valid_from"', 1)[1]
    assert Parameter.objects.filter(region_code="520628").count() == 1


def test_a_province_administrator_may_set_the_province(client, builtin, province_admin):
    client.force_login(province_admin)
    form = {"key": "monitoring_line", "region": "52", "year": "2022", "value": "6600", "source": "贵州省2022年通知"}
    assert client.post(reverse("policy:add"), form).status_code == 302
    assert AuditEntry.objects.filter(object_type="parameter", actor=province_admin, area_code="52").exists()


def test_leaders_read_but_cannot_add(client, builtin, leader):
    client.force_login(leader)
    html = client.get(reverse("policy:index")).content.decode()
    assert "新增参数值" not in html
    assert client.get(reverse("policy:add")).status_code == 404


def test_the_simulation_page(client, builtin, county):
    h = household_with_members(VILLAGE_A, size=2)
    add_finance(h, "2021-01", "migrant_work", "13000.00")  # 6,500 a head
    client.force_login(county)
    page = client.get(reverse("policy:simulate"))
    assert page.status_code == 200 and "测算" in page.content.decode()
    response = client.get(
        reverse("policy:simulate"), {"region": "520628", "as_of": "2021-06-15", "monitoring_line": "6600"}
    )
    html = response.content.decode()
    assert 'data-testid="simulation"' in html
    assert "盘石镇" in html and "6600.00" in html
    assert "0 → <strong>1</strong>" in html


def test_the_simulation_page_refuses_an_area_outside_the_user(client, builtin, township):
    client.force_login(township)
    response = client.get(
        reverse("policy:simulate"), {"region": "520628", "as_of": "2021-06-15", "monitoring_line": "1"}
    )
    assert response.status_code == 200
    assert 'data-testid="simulation"' not in response.content.decode()
