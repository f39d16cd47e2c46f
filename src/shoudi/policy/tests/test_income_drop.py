"""突发严重困难户 through 收入大幅缩减 (issue 14): the last months' income against the same months a year earlier,
and the projected per-capita net income against the line. Pure assessment; AS_OF 2021-06-15 (window 2020-06 …
2021-05, last three months 2021-03 … 2021-05, a year earlier 2020-03 … 2020-05)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from shoudi.policy.assessment import Category, Rules, assess
from shoudi.policy.income_drop import percent
from shoudi.policy.records import ParameterError
from shoudi.policy.tests.helpers import AS_OF, entry, household, members, monthly, resolved, rules


def drop_rules(share: str = "0.5", months: int = 3, line: str = "6320") -> Rules:
    return replace(
        rules(line),
        income_drop_share=resolved("income_drop_share", share, "00"),
        income_drop_months=resolved("income_drop_months", str(months), "00", "integer"),
    )


def fallen(recent: str = "100", before: str = "1000", **kw) -> object:
    """1,000 a month from 2020-06 to 2021-02, then ``recent`` a month; ``before`` a month in 2020-03 … 2020-05."""
    return household(
        income=(*monthly("1000", first="2020-06", months=9), *monthly(recent, first="2021-03", months=3)),
        income_before=monthly(before, first="2020-03", months=3),
        **kw,
    )


def test_a_sharp_fall_with_a_projection_below_the_line_is_a_sudden_hardship():
    result = assess(fallen(), AS_OF, drop_rules())  # 9,300 over the year: above the 6,320 line
    assert result.verdict.within_range is False
    assert result.verdict.after_rigid_below is False
    assert result.verdict.income_drop_below is True
    assert result.verdict.category == Category.SUDDEN
    drop = next(r for r in result.reasons if r.startswith("收入大幅缩减"))
    assert "近3个月（2021年3月至2021年5月）收入 300.00 元" in drop
    assert "较上年同期（2020年3月至2020年5月）3000.00 元下降 90%（达到 50%）" in drop
    assert "按近3个月月均纯收入推算全年，人均纯收入 1200.00 元，低于监测范围 6320.00 元" in drop
    assert any("收入大幅缩减、推算全年人均纯收入低于监测范围" in r and "突发严重困难户" in r for r in result.reasons)


@pytest.mark.parametrize(
    ("recent", "sudden"),
    [
        ("500.00", True),  # 1,500 against 3,000: exactly 50%
        ("500.01", False),  # 1,500.03: 49.999%
    ],
)
def test_fell_by_the_share_or_more(recent, sudden):
    result = assess(fallen(recent), AS_OF, drop_rules())
    assert (result.verdict.category == Category.SUDDEN) is sudden
    assert any(r.startswith("收入大幅缩减") for r in result.reasons) is sudden


def test_a_sharp_fall_whose_projection_stays_above_the_line_is_not_a_category():
    result = assess(fallen("530", before="2000"), AS_OF, drop_rules())  # 1,590 × 4 = 6,360 a head
    assert result.verdict.income_drop_below is False
    assert result.verdict.potential_category is None
    assert any("推算全年，人均纯收入 6360.00 元，不低于监测范围" in r for r in result.reasons)


def test_the_projection_is_net_of_production_costs_and_per_member_counted():
    costs = (entry("2021-04", "600", "production_cost"),)
    # 1,800 − 600 = 1,200 in three months → 4,800 a year: below; without the costs 7,200 would not be
    with_costs = household(
        income=(*monthly("2000", months=9), *monthly("600", first="2021-03", months=3)),
        income_before=monthly("2000", first="2020-03", months=3),
        costs=costs,
    )
    assert assess(with_costs, AS_OF, drop_rules()).verdict.category == Category.SUDDEN
    assert assess(replace(with_costs, costs=()), AS_OF, drop_rules()).verdict.category is None
    # 800 a month for the last three (against 3,000): 9,600 a year, 4,800 a head for two (below), 9,600 for one
    two = household(
        members=members(2),
        income=(*monthly("2000", months=9), *monthly("800", first="2021-03", months=3)),  # 10,200 a head
        income_before=monthly("3000", first="2020-03", months=3),
    )
    assert assess(two, AS_OF, drop_rules()).verdict.category == Category.SUDDEN
    assert assess(replace(two, members=members(1)), AS_OF, drop_rules()).verdict.category is None


def test_nothing_a_year_earlier_cannot_fall():
    result = assess(fallen(before="0"), AS_OF, drop_rules())
    assert result.verdict.category is None
    assert not any(r.startswith("收入大幅缩减") for r in result.reasons)


def test_within_the_range_or_excluded_the_fall_changes_nothing():
    poor = household(
        former_poor=True,
        income=monthly("100", first="2021-03", months=3),
        income_before=monthly("1000", first="2020-03", months=3),
    )
    assert assess(poor, AS_OF, drop_rules()).verdict.category == Category.UNSTABLE
    assert assess(fallen(business=True), AS_OF, drop_rules()).verdict.category is None


def test_share_and_months_are_parameters():
    assert assess(fallen(), AS_OF, drop_rules(share="0.95")).verdict.category is None  # it fell 90%
    # six months: 2020-12 … 2021-05 (1,000 × 3 + 10 × 3 = 3,030) against 2019-12 … 2020-05 (2,000 × 6 = 12,000)
    six = fallen("10", before="0")
    six = replace(six, income_before=monthly("2000", first="2019-12", months=6))
    result = assess(six, AS_OF, drop_rules(months=6))
    assert result.verdict.category == Category.SUDDEN  # 3,030 × 12 ÷ 6 = 6,060 a year, below 6,320
    drop = next(r for r in result.reasons if r.startswith("收入大幅缩减"))
    assert "近6个月（2020年12月至2021年5月）收入 3030.00 元" in drop and "下降 74.8%" in drop
    assert "人均纯收入 6060.00 元" in drop


def test_without_the_parameters_the_path_is_not_taken():
    result = assess(fallen(), AS_OF, rules())
    assert result.verdict.category is None and result.measures.drop is None


def test_the_parameters_used_are_reported():
    keys = [p.key for p in assess(fallen(), AS_OF, drop_rules()).params]
    assert keys == ["monitoring_line", "min_monitoring_months", "income_drop_share", "income_drop_months"]


@pytest.mark.parametrize(
    ("share", "months", "message"),
    [("1.5", 3, "income_drop_share"), ("0", 3, "income_drop_share"), ("0.5", 13, "income_drop_months")],
)
def test_a_parameter_out_of_its_range_is_refused(share, months, message):
    with pytest.raises(ParameterError, match=message):
        drop_rules(share=share, months=months)
    with pytest.raises(ParameterError, match="同时设定"):
        replace(rules(), income_drop_share=resolved("income_drop_share", "0.5", "00"))


def test_percent():
    assert percent(Decimal("0.5")) == "50%" and percent(Decimal("0.7125")) == "71.3%"


def test_months_not_yet_collected_are_not_a_fall():
    """No income at all in the last three months reads as "not collected yet", never as a 100% fall."""
    result = assess(fallen("0"), AS_OF, drop_rules())
    assert not any(r.startswith("收入大幅缩减") for r in result.reasons)
