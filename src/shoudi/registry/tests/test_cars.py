"""享受型轿车 is not every private car (issue 14): the household records a 享受型轿车 (an exclusion) apart from a car
judged a production or low-value vehicle, whose reason is required. Ways in here: the page form, the spreadsheet
import (and export); the API in ``api/tests/test_household_cars.py``."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from python_calamine import CalamineWorkbook

from shoudi.registry.io.columns import BY_HEADER, norm_header
from shoudi.registry.io.testing import household_rows, ids, write_rows
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db
REASON = "用于运输自家种植的蔬菜"


def _edit_data(household, **overrides):
    data = {
        "village": household.village_id,
        "status": household.status,
        "exit_year": household.exit_year or "",
        "housing_grade": "A",
        "water_safe": "on",
        "land_mu": "2",
        "debt": "0",
        "version": str(household.version),
    }
    data.update(overrides)
    return data


def _field_errors(html, field):
    match = re.search(rf'<ul class="field-error" role="alert" data-field="{field}">(.*?)</ul>', html, re.S)
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip() if match else ""


# ---- the page form ---------------------------------------------------------------------------------------


def test_the_form_asks_the_car_apart_from_the_leisure_car(client, village_a, household_a):
    client.force_login(village_a)
    page = client.get(reverse("registry:edit", args=[household_a.pk])).content.decode()
    assert "家庭成员拥有享受型轿车" in page and "非营运小汽车" not in page
    assert 'name="other_car"' in page and "生产经营用车（如农用运输、营运）" in page and "低值代步车" in page
    assert 'name="car_reason"' in page and "车辆认定理由" in page


def test_a_production_car_with_its_reason_is_saved_and_shown(client, village_a, household_a):
    client.force_login(village_a)
    url = reverse("registry:edit", args=[household_a.pk])
    response = client.post(url, _edit_data(household_a, other_car="production", car_reason=REASON))
    assert response.status_code == 302
    household_a.refresh_from_db()
    assert (household_a.leisure_car, household_a.other_car, household_a.car_reason) == (False, "production", REASON)
    page = client.get(response["Location"]).content.decode()
    assert "生产经营用车（如农用运输、营运），不属于享受型轿车" in page and f"认定理由：{REASON}" in page


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"other_car": "low_value", "car_reason": "  "}, "car_reason", "请填写“车辆认定理由”"),
        ({"other_car": "luxury", "car_reason": REASON}, "other_car", "luxury"),
        ({"other_car": "production", "car_reason": "车" * 201}, "car_reason", "200"),
    ],
)
def test_bad_car_facts_are_refused_at_the_field_and_nothing_changes(
    client, village_a, household_a, overrides, field, words
):
    client.force_login(village_a)
    response = client.post(reverse("registry:edit", args=[household_a.pk]), _edit_data(household_a, **overrides))
    assert response.status_code == 200
    assert words in _field_errors(response.content.decode(), field)
    household_a.refresh_from_db()
    assert (household_a.other_car, household_a.car_reason, household_a.version) == ("", "", 1)


# ---- the spreadsheet ---------------------------------------------------------------------------------------


def _import(path, user):
    out = io.StringIO()
    call_command("import", "households", str(path), "-v0", "--as", user.username, stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_import_reads_the_judgement_by_its_short_label(county, tmp_path):
    p = ids(3)
    rows = [
        *household_rows(f"{VILLAGE_A}0001", VILLAGE_A, p[:1], 其他小汽车认定="生产经营用车", 车辆认定理由=REASON),
        *household_rows(f"{VILLAGE_A}0002", VILLAGE_A, p[1:2], 其他小汽车认定="低值代步车", 车辆认定理由="旧车"),
        *household_rows(f"{VILLAGE_A}0003", VILLAGE_A, p[2:3], 拥有享受型轿车="是"),
    ]
    _import(write_rows(tmp_path / "cars.xlsx", rows), county)
    got = dict(Household.objects.values_list("number", "other_car"))
    assert got == {f"{VILLAGE_A}0001": "production", f"{VILLAGE_A}0002": "low_value", f"{VILLAGE_A}0003": ""}
    assert Household.objects.get(number=f"{VILLAGE_A}0003").leisure_car is True


def test_the_import_refuses_a_judgement_without_its_reason(county, tmp_path):
    rows = household_rows(f"{VILLAGE_A}0001", VILLAGE_A, ids(1), 其他小汽车认定="生产经营用车")
    with pytest.raises(CommandError):
        _import(write_rows(tmp_path / "no_reason.xlsx", rows), county)
    out = io.StringIO()
    path = tmp_path / "no_reason.xlsx"
    call_command("import", "households", str(path), "--as", "county", "--dry-run", "-v0", stdout=out)
    assert "第2行 车辆认定理由：填写了“其他小汽车认定”，须写明认定理由" in out.getvalue()
    assert Household.objects.count() == 0


def test_an_old_sheet_with_the_old_car_column_still_imports_it_as_a_leisure_car():
    assert BY_HEADER[norm_header("有非营运小汽车")].field == "leisure_car"


def test_the_export_writes_the_judgement_and_reimports_it_unchanged(county, regions, tmp_path):
    household = household_with_members(VILLAGE_A, size=1, other_car="production", car_reason=REASON)
    path = tmp_path / "out.xlsx"
    call_command("export", "households", str(path), "--area", VILLAGE_A, "--as", "county", "-v0", stdout=io.StringIO())
    rows = list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())
    header, row = rows[0], next(r for r in rows[1:] if household.number in r)
    assert row[header.index("拥有享受型轿车")] == "否"
    assert row[header.index("其他小汽车认定")] == "生产经营用车（如农用运输、营运）"
    assert row[header.index("车辆认定理由")] == REASON
    assert "无变化1户" in _import(path, county)
