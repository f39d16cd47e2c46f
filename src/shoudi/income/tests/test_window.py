"""The assessment reads 收入核算表: one rule (income.window) for one household (monitoring.policy_bridge) and for
a whole area (policy.batch), each checked against the other."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.income import services, window
from shoudi.income.inputs import LineInput
from shoudi.monitoring.policy_bridge import assess_household
from shoudi.policy.batch import load_area
from shoudi.testing.factories import COUNTY, VILLAGE_A, add_finance, household_with_members

pytestmark = pytest.mark.django_db
D = Decimal
DEC_2026 = dt.date(2026, 12, 15)  # window: December 2025 – November 2026


def _sheet(by, household, year, *lines):
    return services.sheet_save(by=by, household=household, year=year, lines=list(lines), source="page")


def _window_total(household, as_of, flow="income"):
    start, end = _window(as_of)
    rows = window.household_rows(household, start, end)
    return sum((r.amount for r in rows if r.flow == flow), D(0))


def _window(as_of):
    from shoudi.policy.facts import income_window

    return income_window(as_of)


def _area_total(household, as_of, listed="income"):
    facts = {h.id: h.facts for h in load_area(COUNTY, as_of)}[household.pk]
    return sum((e.amount for e in getattr(facts, listed)), D(0))


def test_spread_twelfths_to_the_fen_december_takes_the_rest():
    assert window.spread(D("1000")) == [D("83.33")] * 11 + [D("83.37")]
    assert sum(window.spread(D("1000.01")), D(0)) == D("1000.01")
    assert window.spread(D("12"), ["0"] * 11 + ["12"]) == [D(0)] * 11 + [D(12)]


def test_nearest_sheet_year():
    assert window.sheet_year(2025, [2024, 2026]) == 2024
    assert window.sheet_year(2023, [2024, 2026]) == 2024
    assert window.sheet_year(2027, [2024, 2026]) == 2026
    assert window.sheet_year(2026, [2024, 2026]) == 2026
    assert window.sheet_year(2026, []) is None


@pytest.fixture
def household(regions, builtin):
    return household_with_members(VILLAGE_A, size=3)


def test_a_2026_sheet_of_36000_wages_counts_36000_in_december(village_a, household, line_2026):
    head = household.members.get(relationship="head")
    _sheet(village_a, household, 2026, LineInput("migrant_work", D("36000"), head.pk, "out_province", 12))
    assert _window_total(household, DEC_2026) == D("36000")
    assert _area_total(household, DEC_2026) == D("36000")
    result = assess_household(household, DEC_2026)
    assert result.get("per_capita_net_income") == "12000.00", result.get("error")


def test_monthly_amounts_place_the_money_in_their_months(village_a, household):
    monthly = (D(0),) * 11 + (D("12000"),)
    _sheet(village_a, household, 2026, LineInput("crops", D("12000"), monthly=monthly))
    # December 2026 is outside the window; December 2025 takes the 2026 sheet's December (nearest year)
    assert _window_total(household, DEC_2026) == D("12000")
    assert _window_total(household, dt.date(2026, 12, 1)) == D("12000")
    _sheet(village_a, household, 2025, LineInput("crops", D("0")))
    assert _window_total(household, DEC_2026) == D("0")  # now 2025 has its own sheet: nothing in December 2025
    assert _area_total(household, DEC_2026) == D("0")


def test_a_year_without_a_sheet_takes_the_nearest_years(village_a, household):
    _sheet(village_a, household, 2024, LineInput("pension", D("2400")))
    _sheet(village_a, household, 2026, LineInput("pension", D("12000")))
    as_of = dt.date(2026, 7, 1)  # July 2025 – June 2026: 6 months of 2025 (→ 2024's sheet) + 6 of 2026
    assert _window_total(household, as_of) == D("1200") + D("6000")
    assert _area_total(household, as_of) == D("7200")


def test_finance_records_of_an_item_the_sheet_has_are_not_counted_twice(village_a, household):
    _sheet(village_a, household, 2026, LineInput("dibao", D("6000")), LineInput("medical", D("1200")))
    add_finance(household, "2026-03", "dibao", "500.00")  # the sheet has dibao: not counted
    add_finance(household, "2026-03", "crops", "700.00")  # the sheet has no crops: counted
    add_finance(household, "2026-04", "medical", "9000.00")  # not counted
    assert _window_total(household, DEC_2026) == D("6000") + D("700")
    assert _window_total(household, DEC_2026, flow="rigid") == D("1200")
    assert _area_total(household, DEC_2026) == D("6700")
    assert _area_total(household, DEC_2026, listed="rigid") == D("1200")


def test_a_sheet_without_lines_still_stands_for_its_year(village_a, household):
    _sheet(village_a, household, 2025, LineInput("crops", D("12000")))
    _sheet(village_a, household, 2026)
    add_finance(household, "2026-05", "crops", "800.00")
    # 2026 months read the finance records (the empty 2026 sheet, not 2025's); December 2025 reads 2025's sheet
    assert _window_total(household, DEC_2026) == D("1000") + D("800")
    assert _area_total(household, DEC_2026) == D("1800")


def test_households_without_sheets_keep_their_finance_records(village_a, household, regions):
    other = household_with_members(VILLAGE_A, size=2)
    add_finance(other, "2026-02", "crops", "5000.00")
    _sheet(village_a, household, 2026, LineInput("crops", D("1200")))
    assert _area_total(other, DEC_2026) == D("5000")
    assert _window_total(other, DEC_2026) == D("5000")


def test_area_and_household_readers_agree_on_the_recent_six_months(village_a, household):
    monthly = tuple(D(m * 100) for m in range(1, 13))
    _sheet(village_a, household, 2026, LineInput("local_work", sum(monthly, D(0)), monthly=monthly))
    add_finance(household, "2026-10", "production_cost", "300.00")
    area = {h.id: h.facts for h in load_area(COUNTY, DEC_2026)}[household.pk]
    recent = sum((e.amount for e in area.income if e.month >= dt.date(2026, 6, 1)), D(0))
    assert recent == sum((D(m * 100) for m in range(6, 12)), D(0))
    assert sum((e.amount for e in area.costs), D(0)) == D("300.00")
