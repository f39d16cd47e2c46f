"""The pure assessment, table-driven from the seeds' own numbers (Guizhou 2021: 6,320 元)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.policy.assessment import (
    Category,
    HouseholdDataError,
    Labour,
    Measure,
    Member,
    Method,
    Problem,
    assess,
    check_elimination,
    income_window,
    whole_months,
)
from shoudi.policy.tests.helpers import (
    AS_OF,
    eligible_household,
    entry,
    household,
    members,
    monthly,
    rules,
)

# ---- window ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "first", "last"),
    [
        (dt.date(2021, 6, 15), dt.date(2020, 6, 1), dt.date(2021, 5, 1)),
        (dt.date(2021, 6, 1), dt.date(2020, 6, 1), dt.date(2021, 5, 1)),
        (dt.date(2021, 6, 30), dt.date(2020, 6, 1), dt.date(2021, 5, 1)),
        (dt.date(2021, 1, 10), dt.date(2020, 1, 1), dt.date(2020, 12, 1)),
        (dt.date(2021, 12, 31), dt.date(2020, 12, 1), dt.date(2021, 11, 1)),
    ],
)
def test_window_is_the_twelve_calendar_months_before_the_month_of_as_of(as_of, first, last):
    assert income_window(as_of) == (first, last)


@pytest.mark.parametrize(
    ("month", "counted"),
    [("2020-05", False), ("2020-06", True), ("2021-05", True), ("2021-06", False), ("2019-12", False)],
)
def test_income_outside_the_window_is_ignored(month, counted):
    facts = household(income=(entry(month, "9000"),))
    result = assess(facts, AS_OF, rules())
    assert result.measures.net_income == (Decimal("9000") if counted else Decimal("0"))
    assert result.verdict.within_range is not counted


@pytest.mark.parametrize("flow", ["costs", "rigid", "payouts"])
def test_costs_rigid_spending_and_payouts_outside_the_window_are_ignored(flow):
    kind = {"costs": "production_cost", "rigid": "medical", "payouts": "insurance_claim"}[flow]
    inside = household(income=monthly("1000"), **{flow: (entry("2021-05", "3000", kind),)})
    outside = household(income=monthly("1000"), **{flow: (entry("2021-06", "3000", kind),)})
    a_in, a_out = assess(inside, AS_OF, rules()), assess(outside, AS_OF, rules())
    assert a_out.measures.net_income == Decimal("12000")
    assert a_out.measures.rigid == a_out.measures.payouts == 0
    assert (a_in.measures.costs, a_in.measures.rigid, a_in.measures.payouts) != (0, 0, 0)


# ---- within the range: strictly below --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("people", "net", "within", "shown"),
    [
        (1, "6320.00", False, "6320.00"),  # exactly the line: not within
        (1, "6319.99", True, "6319.99"),
        (1, "6320.01", False, "6320.01"),
        (3, "18960.00", False, "6320.00"),
        (3, "18959.99", True, "6320.00"),  # 6319.9966… is below the line though it shows as 6320.00
        (4, "25279.96", True, "6319.99"),
        (2, "0.00", True, "0.00"),
    ],
)
def test_within_range_means_strictly_below_the_line(people, net, within, shown):
    facts = household(members=members(people), income=(entry("2021-01", net),))
    result = assess(facts, AS_OF, rules())
    assert result.verdict.within_range is within
    assert str(result.per_capita_net_income) == shown


def test_net_income_is_the_four_kinds_of_income_less_production_costs():
    facts = household(
        members=members(2),
        income=(
            entry("2020-09", "3000.00", "wage"),
            entry("2020-10", "2000.00", "business"),
            entry("2020-11", "500.00", "property"),
            entry("2020-12", "1200.00", "transfer"),
        ),
        costs=(entry("2020-09", "500.00", "production_cost"),),
    )
    result = assess(facts, AS_OF, rules())
    assert result.measures.net_income == Decimal("6200.00")
    assert result.per_capita_net_income == Decimal("3100.00")


def test_per_capita_is_rounded_half_up_for_display_only():
    facts = household(members=members(3), income=(entry("2021-01", "100.01"),))  # 33.336666…
    assert str(assess(facts, AS_OF, rules()).per_capita_net_income) == "33.34"
    facts = household(members=members(2), income=(entry("2021-01", "0.05"),))  # 0.025 → 0.03
    assert str(assess(facts, AS_OF, rules()).per_capita_net_income) == "0.03"


# ---- members counted ----------------------------------------------------------------------------------------


def test_only_members_living_in_the_household_are_counted():
    facts = household(
        members=(Member(living_in=True), Member(living_in=True), Member(living_in=False)),
        income=(entry("2021-01", "13000"),),
    )
    result = assess(facts, AS_OF, rules())
    assert result.measures.members_counted == 2
    assert result.per_capita_net_income == Decimal("6500.00")
    assert result.verdict.within_range is False  # with 3 counted it would be 4,333.33, within
    assert any("1 人不在家共同生活" in r for r in result.reasons)


def test_no_member_counted_is_an_error_for_that_household():
    facts = household(members=(Member(living_in=False),), income=(entry("2021-01", "1000"),))
    with pytest.raises(HouseholdDataError, match="计入人数为0"):
        assess(facts, AS_OF, rules())
    with pytest.raises(HouseholdDataError):
        assess(household(members=()), AS_OF, rules())


# ---- exclusions ----------------------------------------------------------------------------------------------

EXCLUSIONS = [
    ({"leisure_car": True}, "享受型轿车"),
    ({"truck_or_excavator": True}, "大中型货车或挖机"),
    ({"commercial_property": True}, "商品房或门面房"),
    ({"business": True}, "经商办企业"),
    ({"members": (Member(), Member(public_payroll=True))}, "财政供养人员"),
]


@pytest.mark.parametrize(("fields", "words"), EXCLUSIONS)
def test_each_exclusion_keeps_a_poor_household_out(fields, words):
    facts = household(income=(entry("2021-01", "1000"),), former_poor=True, **fields)
    result = assess(facts, AS_OF, rules())
    assert result.verdict.within_range is True
    assert result.verdict.excluded is True
    assert result.verdict.category is None
    assert len(result.measures.exclusion_reasons) == 1
    assert words in result.measures.exclusion_reasons[0]
    assert any("不纳入监测" in r for r in result.reasons)


@pytest.mark.parametrize(("fields", "words"), EXCLUSIONS)
def test_the_assembly_override_lets_the_household_in_and_still_reports_the_reason(fields, words):
    facts = household(
        income=(entry("2021-01", "1000"),),
        former_poor=True,
        assembly_override=True,
        assembly_note="2021年3月村民代表大会评议",
        **fields,
    )
    result = assess(facts, AS_OF, rules())
    assert result.verdict.excluded is False
    assert result.verdict.category == Category.UNSTABLE
    assert words in result.measures.exclusion_reasons[0]
    assert any("村民代表大会评议决定仍予纳入" in r and "2021年3月" in r for r in result.reasons)


def test_several_exclusions_are_all_reported():
    facts = household(leisure_car=True, business=True, income=(entry("2021-01", "1000"),))
    assert len(assess(facts, AS_OF, rules()).measures.exclusion_reasons) == 2


def test_a_payroll_member_who_does_not_live_in_the_household_does_not_exclude_it():
    facts = household(
        members=(Member(), Member(living_in=False, public_payroll=True)), income=(entry("2021-01", "100"),)
    )
    assert assess(facts, AS_OF, rules()).verdict.excluded is False


# ---- categories ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("former_poor", "income", "rigid", "payouts", "risks", "category"),
    [
        (True, "6000", "0", "0", ("因病",), Category.UNSTABLE),
        (False, "6000", "0", "0", ("因学",), Category.MARGINAL),
        (True, "20000", "20000", "5000", ("因病",), Category.SUDDEN),  # 20,000 − 15,000 = 5,000 < 6,320
        (False, "20000", "20000", "5000", ("因病",), Category.SUDDEN),
        (False, "20000", "13680", "0", ("因灾",), None),  # 20,000 − 13,680 = 6,320: not below
        (False, "20000", "13680.01", "0", ("因灾",), Category.SUDDEN),
        (False, "20000", "20000", "20000", ("因病",), None),  # payouts cover the spending
        (False, "20000", "0", "0", ("因病",), None),
        (True, "6000", "0", "0", (), None),  # no risk recorded
        (False, "6000", "0", "0", (), None),
    ],
)
def test_category(former_poor, income, rigid, payouts, risks, category):
    facts = household(
        former_poor=former_poor,
        risks=risks,
        income=(entry("2020-08", income),),
        rigid=(entry("2021-03", rigid, "medical"),),
        payouts=(entry("2021-04", payouts, "insurance_claim"),),
    )
    assert assess(facts, AS_OF, rules()).verdict.category == category


def test_without_a_risk_the_category_it_would_take_is_still_known():
    result = assess(household(risks=(), former_poor=True, income=(entry("2021-01", "100"),)), AS_OF, rules())
    assert result.verdict.category is None
    assert result.verdict.potential_category == Category.UNSTABLE
    assert any("未登记返贫致贫风险" in r and "脱贫不稳定户" in r for r in result.reasons)


def test_rigid_spending_path_uses_payouts_and_never_adds_negative_spending():
    facts = household(
        members=members(3),
        income=(entry("2020-09", "21000"),),  # 7,000 a head: above 6,320
        rigid=(entry("2021-03", "15000", "medical"), entry("2021-04", "2000", "education")),
        payouts=(entry("2021-04", "5000", "insurance_claim"),),
    )
    result = assess(facts, AS_OF, rules())
    assert result.verdict.within_range is False
    assert result.per_capita_after_rigid == Decimal("3000.00")  # (21,000 − 12,000) ÷ 3
    assert result.verdict.category == Category.SUDDEN
    surplus = household(income=(entry("2020-09", "7000"),), payouts=(entry("2021-04", "90000", "insurance_claim"),))
    assert assess(surplus, AS_OF, rules()).per_capita_after_rigid == Decimal("7000.00")


def test_every_result_names_the_line_and_its_source():
    result = assess(household(income=(entry("2021-01", "100"),)), AS_OF, rules())
    assert result.line.record.source == "测试依据"
    assert any("6320.00" in r and "测试依据" in r for r in result.reasons)
    assert result.params[0].key == "monitoring_line"


# ---- risk elimination --------------------------------------------------------------------------------------


def test_the_baseline_household_is_eligible():
    check = check_elimination(eligible_household(), AS_OF, rules())
    assert check.eligible is True
    assert check.failing == ()
    assert any("符合风险消除条件" in r for r in check.reasons)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"identified_on": dt.date(2021, 1, 10)}, "months_monitored"),  # 5 whole months
        ({"measures": ()}, "no_measure"),
        ({"measures": (Measure("产业帮扶", dt.date(2021, 7, 1)),)}, "no_measure"),  # starts after as_of
        ({"income": monthly("700", first="2020-12", months=6)}, "income_below_line"),  # 4,200 / yr; 8,400 × 2
        ({"income": monthly("1100", months=6)}, "income_unstable"),  # 6,600 / yr, none in the last 6 months
        ({"rigid": (entry("2021-02", "6000", "medical"),)}, "rigid_spending"),  # 12,000 − 6,000 < 6,320
        ({"problems": (Problem.HOUSING,)}, "open_problems"),
        ({"problems": (Problem.DROPOUT, Problem.WATER)}, "open_problems"),
        ({"problems": (Problem.NO_MEDICAL_INSURANCE,)}, "open_problems"),
        ({"members": members(2, Labour.LOST)}, "no_labour_household"),
        ({"members": (Member(labour=Labour.NONE), Member(labour=Labour.LOST))}, "no_labour_household"),
    ],
)
def test_each_elimination_condition_alone(changes, code):
    if code == "no_labour_household":
        changes = {**changes, "income": monthly("2000")}
    check = check_elimination(eligible_household(**changes), AS_OF, rules())
    assert check.eligible is False
    assert check.failing == (code,)
    assert len(check.reasons) == 1


def test_natural_elimination_needs_no_measure():
    check = check_elimination(eligible_household(method=Method.NATURAL, measures=()), AS_OF, rules())
    assert check.eligible is True


def test_a_household_with_one_working_member_is_not_a_no_labour_household():
    facts = eligible_household(members=(Member(labour=Labour.LOST), Member(labour=Labour.WEAK)), income=monthly("2000"))
    assert check_elimination(facts, AS_OF, rules()).eligible is True


def test_an_absent_worker_does_not_count_for_labour():
    facts = eligible_household(
        members=(Member(labour=Labour.NONE), Member(living_in=False, labour=Labour.SKILLED)), income=monthly("1000")
    )
    assert check_elimination(facts, AS_OF, rules()).failing == ("no_labour_household",)


def test_elimination_conditions_together():
    facts = eligible_household(
        identified_on=dt.date(2021, 3, 1),
        measures=(),
        income=monthly("300", months=6),
        problems=(Problem.HOUSING,),
        members=members(1, Labour.LOST),
    )
    check = check_elimination(facts, AS_OF, rules())
    assert check.failing == (
        "months_monitored",
        "no_measure",
        "income_below_line",
        "income_unstable",
        "open_problems",
        "no_labour_household",
    )
    assert len(check.reasons) == 6


def test_min_monitoring_months_is_a_parameter():
    facts = eligible_household(identified_on=dt.date(2021, 3, 1))  # 3 whole months
    assert check_elimination(facts, AS_OF, rules(months=6)).failing == ("months_monitored",)
    assert check_elimination(facts, AS_OF, rules(months=3)).eligible is True


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (dt.date(2021, 1, 15), dt.date(2021, 7, 14), 5),
        (dt.date(2021, 1, 15), dt.date(2021, 7, 15), 6),
        (dt.date(2020, 12, 1), dt.date(2021, 6, 15), 6),
        (dt.date(2021, 1, 31), dt.date(2021, 2, 28), 0),
        (dt.date(2021, 7, 1), dt.date(2021, 6, 15), -1),
    ],
)
def test_whole_months(start, end, months):
    assert whole_months(start, end) == months


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"identified_on": None}, "identified_on"), ({"method": None}, "method")],
)
def test_elimination_needs_identification_date_and_method(changes, message):
    with pytest.raises(HouseholdDataError, match=message):
        check_elimination(eligible_household(**changes), AS_OF, rules())
