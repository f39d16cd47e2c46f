"""收入大幅缩减 read from the registry: one household (``monitoring.policy_bridge``) and a whole area (``policy.batch``,
the simulation) give the same answer, from finance records and from 收入核算表, with the built-in parameters or a
county's own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.income import services as income_services
from shoudi.income.inputs import LineInput
from shoudi.monitoring.policy_bridge import assess_household, store_param
from shoudi.policy.assessment import Category
from shoudi.policy.batch import assess_area, load_area
from shoudi.policy.simulation import simulate
from shoudi.testing.factories import VILLAGE_A, add_finance, household_with_members

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2021, 6, 15)  # window 2020-06 … 2021-05; the last three months 2021-03 … 2021-05
D = Decimal


def _months(first: dt.date, count: int) -> list[str]:
    out = []
    for n in range(count):
        index = first.year * 12 + first.month - 1 + n
        out.append(f"{index // 12}-{index % 12 + 1:02d}")
    return out


@pytest.fixture
def fallen(builtin, regions):
    """1,000 a month of wages from 2020-01, then 100 a month from 2021-03: 9,300 over the window (above the
    6,320 line), 300 in the last three months against 3,000 a year earlier."""
    household = household_with_members(VILLAGE_A, size=1)
    for month in _months(dt.date(2020, 1, 1), 14):
        add_finance(household, month, "migrant_work", "1000.00")
    for month in _months(dt.date(2021, 3, 1), 3):
        add_finance(household, month, "migrant_work", "100.00")
    return household


@pytest.fixture
def steady(builtin, regions):
    household = household_with_members(VILLAGE_A, size=1)
    for month in _months(dt.date(2020, 1, 1), 17):
        add_finance(household, month, "migrant_work", "1000.00")
    return household


def _drop_sentence(reasons):
    return next((r for r in reasons if r.startswith("收入大幅缩减")), None)


def test_one_household_and_the_area_agree_on_a_sharp_fall(fallen, steady):
    one = assess_household(fallen, AS_OF, risks=("因务工就业不稳",))
    assert one["error"] == "" and one["category"] == "sudden" and one["income_drop_below"] is True
    sentence = _drop_sentence(one["reasons"])
    assert sentence and "收入 300.00 元" in sentence and "3000.00 元下降 90%" in sentence
    assert any(p.startswith("收入大幅缩减：近期收入较上年同期下降比例 0.5") for p in one["params"])

    area = {h.number: r for h, r in assess_area("520628", AS_OF)}
    assert area[fallen.number].verdict.potential_category == Category.SUDDEN
    assert _drop_sentence(area[fallen.number].reasons) == sentence
    assert area[steady.number].verdict.potential_category is None
    assert _drop_sentence(area[steady.number].reasons) is None
    assert assess_household(steady, AS_OF)["potential_category"] == ""


def test_the_area_keeps_the_window_and_the_comparison_apart(fallen):
    facts = {h.number: h.facts for h in load_area("520628", AS_OF)}[fallen.number]
    assert sum((e.amount for e in facts.income), D(0)) == D("9300.00")  # the window only
    assert sum((e.amount for e in facts.income_before), D(0)) == D("3000.00")  # 2020-03 … 2020-05
    assert sum((e.amount for e in facts.income if e.month >= dt.date(2021, 3, 1)), D(0)) == D("300.00")
    assert sum((e.amount for e in facts.income if e.month >= dt.date(2020, 12, 1)), D(0)) == D("3300.00")


@pytest.mark.parametrize("months", [2, 6, 8, 12])
def test_a_countys_own_months_are_summed_exactly(fallen, months):
    store_param("income_drop_months", "520628", months, valid_from=dt.date(2021, 1, 1), source="测试：县级设定")
    one = assess_household(fallen, AS_OF)
    area = {h.number: r for h, r in assess_area("520628", AS_OF)}[fallen.number]
    sentence = _drop_sentence(one["reasons"])
    assert _drop_sentence(area.reasons) == sentence
    assert area.measures.drop is not None and area.measures.drop.months == months
    if sentence:
        assert f"近{months}个月" in sentence


def test_sheets_are_read_the_same_way(village_a, builtin, regions):
    household = household_with_members(VILLAGE_A, size=1)
    spring = (D(0), D(0), D("3000"), D("3000"), D("3000"), *([D("1000")] * 7))
    income_services.sheet_save(
        by=village_a,
        household=household,
        year=2020,
        lines=[LineInput("crops", D("16000"), monthly=spring)],
        source="page",
    )
    late = (*([D("1500")] * 2), D("100"), D("100"), D("100"), *([D(0)] * 7))
    income_services.sheet_save(
        by=village_a, household=household, year=2021, lines=[LineInput("crops", D("3300"), monthly=late)], source="page"
    )
    add_finance(household, "2021-04", "production_cost", "50.00")  # in a month of the last three
    one = assess_household(household, AS_OF)
    area = {h.number: r for h, r in assess_area("520628", AS_OF)}[household.number]
    sentence = _drop_sentence(one["reasons"])
    assert sentence and "收入 300.00 元" in sentence and "9000.00 元" in sentence
    assert "人均纯收入 1000.00 元" in sentence  # (300 − 50) × 4
    assert _drop_sentence(area.reasons) == sentence
    assert area.verdict.income_drop_below is True


def test_the_simulation_counts_the_fall_and_takes_a_proposed_share(fallen, steady):
    report = simulate(region_code="520628", as_of=AS_OF, proposals={"income_drop_share": "0.95"})
    assert report.total.current.sudden.households == 1
    assert report.total.proposed.sudden.households == 0  # it fell 90%, less than 95%
