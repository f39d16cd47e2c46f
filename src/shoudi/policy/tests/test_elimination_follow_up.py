"""Elimination needs at least ``elimination_min_visits`` visits in the monitoring period and an assigned 帮扶责任人
(issue 14), besides the income conditions. Pure check; the monitoring workflow always gives both facts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from shoudi.policy.assessment import check_elimination
from shoudi.policy.tests.helpers import AS_OF, eligible_household, resolved, rules


def follow_up_rules(visits: int = 3):
    return replace(rules(), elimination_min_visits=resolved("elimination_min_visits", str(visits), "00", "integer"))


@pytest.mark.parametrize(("visits", "eligible"), [(3, True), (4, True), (2, False), (0, False)])
def test_visits_in_the_monitoring_period_against_the_parameter(visits, eligible):
    check = check_elimination(eligible_household(visits=visits, helper=True), AS_OF, follow_up_rules())
    assert check.eligible is eligible
    if not eligible:
        assert check.failing == ("too_few_visits",)
        assert f"监测期内（2020-12-01 至 2021-06-15）入户走访 {visits} 次，不足 3 次" in check.reasons[0]
        assert "风险消除前监测期内最少走访次数 3" in check.reasons[0]


def test_the_minimum_is_a_parameter():
    facts = eligible_household(visits=1, helper=True)
    assert check_elimination(facts, AS_OF, follow_up_rules(1)).eligible is True
    assert check_elimination(facts, AS_OF, follow_up_rules(2)).failing == ("too_few_visits",)


def test_no_helper_fails_whatever_the_way():
    for method in ("assisted", "natural"):
        facts = eligible_household(visits=3, helper=False, method=method)
        check = check_elimination(facts, AS_OF, follow_up_rules())
        assert check.failing == ("no_helper",)
        assert check.reasons == ("尚未指定帮扶责任人，请先在监测对象页指定帮扶责任人",)


def test_both_fail_after_the_income_conditions():
    facts = eligible_household(visits=0, helper=False, problems=("housing",))
    assert check_elimination(facts, AS_OF, follow_up_rules()).failing == (
        "open_problems",
        "too_few_visits",
        "no_helper",
    )


def test_a_caller_that_does_not_know_them_is_not_checked():
    assert check_elimination(eligible_household(), AS_OF, follow_up_rules()).eligible is True
