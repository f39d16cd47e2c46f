"""The verification cadence and the 渐退期 as policy parameters: quarterly for 兜底 households of 脱贫人口 (seed 003),
yearly for 特困 and stable 低保, half-yearly for 低保 with irregular income; 6 months of 渐退 (seed 000); a value
the county stores wins over the default, and the follow-up page says which value applied and where it came
from."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.lowincome import cadence
from shoudi.lowincome.codes import IncomePattern, StoredLayer
from shoudi.lowincome.testing import membership
from shoudi.monitoring.policy_bridge import store_param
from shoudi.testing.factories import VILLAGE_A, household_with_members

TODAY = timezone.localdate()
pytestmark = pytest.mark.django_db


@pytest.fixture
def ordinary(regions):
    return household_with_members(VILLAGE_A, size=2)


@pytest.mark.parametrize(
    ("layer", "pattern", "months"),
    [
        (StoredLayer.DIBAO, IncomePattern.STABLE, 12),
        (StoredLayer.DIBAO, IncomePattern.IRREGULAR, 6),
        (StoredLayer.TEKUN, IncomePattern.STABLE, 12),
        (StoredLayer.DIBAO_EDGE, IncomePattern.IRREGULAR, 12),
        (StoredLayer.RIGID_HARDSHIP, IncomePattern.STABLE, 12),
    ],
)
def test_cadence_of_an_ordinary_household_by_layer_and_income(ordinary, layer, pattern, months):
    m = membership(ordinary, layer, income_pattern=pattern)
    assert cadence.months_for(m, TODAY) == months


@pytest.mark.parametrize(
    ("layer", "months"),
    [(StoredLayer.DIBAO, 3), (StoredLayer.TEKUN, 3), (StoredLayer.DIBAO_EDGE, 12), (StoredLayer.RIGID_HARDSHIP, 12)],
)
def test_safety_net_of_former_poor_households_is_quarterly(household_a, layer, months):
    """household_a is a 脱贫户: its 低保 / 特困 (兜底保障) are visited quarterly, whatever the income pattern."""
    m = membership(household_a, layer, income_pattern=IncomePattern.IRREGULAR)
    assert cadence.months_for(m, TODAY) == months
    assert cadence.cadence(m, TODAY).parameter.record.region_code == "00"  # the built-in default


def test_a_stored_parameter_overrides_the_default_and_the_page_shows_its_source(client, ordinary, village_a):
    m = membership(ordinary, StoredLayer.DIBAO, income_pattern=IncomePattern.IRREGULAR)
    assert cadence.months_for(m, TODAY) == 6
    store_param("followup_months_irregular", "520628", 4, valid_from=dt.date(2021, 1, 1), source="松桃县民政局文件")
    assert cadence.months_for(m, TODAY) == 4
    assert cadence.next_due(m, dt.date(2026, 1, 10)) == dt.date(2026, 5, 10)
    client.force_login(village_a)
    html = client.get(f"/low-income/memberships/{m.pk}/follow-up/").content.decode()
    assert "每 4 个月核查一次" in html and "县级 520628" in html and "松桃县民政局文件" in html
    # a province value applies where the county has none
    store_param("followup_months_stable", "52", 24, valid_from=dt.date(2021, 1, 1), source="贵州省民政厅文件")
    tekun = membership(ordinary, StoredLayer.TEKUN)
    assert cadence.months_for(tekun, TODAY) == 24


def test_a_stored_cadence_that_is_not_a_number_of_months_is_refused_in_chinese(client, ordinary, village_a):
    m = membership(ordinary, StoredLayer.DIBAO)
    store_param("followup_months_stable", "520628", 0, valid_from=dt.date(2021, 1, 1), source="录入错误")
    with pytest.raises(ValidationError) as refused:
        cadence.months_for(m, TODAY)
    assert "followup_months_stable" in refused.value.messages[0] and "整数" in refused.value.messages[0]
    client.force_login(village_a)
    response = client.get(f"/low-income/memberships/{m.pk}/follow-up/")
    assert response.status_code == 200 and "请县级管理员在政策参数中修改" in response.content.decode()


def test_phase_out_lasts_six_months_unless_the_county_says_otherwise(regions):
    assert cadence.phase_out_until(VILLAGE_A, dt.date(2026, 3, 15)) == dt.date(2026, 9, 15)
    assert cadence.phase_out_until(VILLAGE_A, dt.date(2025, 8, 31)) == dt.date(2026, 2, 28)  # no 31 February
    store_param("dibao_phase_out_months", "520628", 3, valid_from=dt.date(2021, 1, 1), source="松桃县规定")
    assert cadence.phase_out_until(VILLAGE_A, dt.date(2026, 3, 15)) == dt.date(2026, 6, 15)


def test_due_state(ordinary):
    m = membership(ordinary, StoredLayer.DIBAO, next_due=TODAY + dt.timedelta(days=15))
    assert cadence.due_state(m, TODAY) == "due"
    m.next_due = TODAY + dt.timedelta(days=16)
    assert cadence.due_state(m, TODAY) == "ok"
    m.next_due = TODAY
    assert cadence.due_state(m, TODAY) == "due"
    m.next_due = TODAY - dt.timedelta(days=1)
    assert cadence.due_state(m, TODAY) == "overdue"
    m.ended_on = TODAY
    assert cadence.due_state(m, TODAY) == "ok"
