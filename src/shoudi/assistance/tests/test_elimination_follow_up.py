"""The risk-elimination check counts the case's visits in its monitoring period (assistance provides them through
``monitoring.extensions.provide_visits``) against ``elimination_min_visits`` and asks for a 帮扶责任人 (issue 14)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.monitoring import policy_bridge, services
from shoudi.monitoring.testing.builders import days_ago, monthly_income
from shoudi.testing import assistance

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(driver, household_a, township):
    """Monitored for 250 days with an income above the line and a health measure: only the follow-up is missing."""
    monthly_income(household_a, per_month=Decimal("2000"))
    case = driver.identify(driver.lead(household_a, days_ago(260)), days_ago(259))
    assistance.measure(case, township, start=days_ago(240))
    return case


def check(case, on=None):
    case.refresh_from_db()
    return policy_bridge.check_elimination(case, on or days_ago(1), "assisted")


def test_without_visits_or_helper_elimination_is_refused_with_reasons(monitored):
    result = check(monitored)
    assert result.eligible is False
    assert result.failing == ("too_few_visits", "no_helper")
    assert any("入户走访 0 次，不足 3 次" in r for r in result.reasons)
    assert "尚未指定帮扶责任人，请先在监测对象页指定帮扶责任人" in result.reasons
    assert result.result["failing"] == ["too_few_visits", "no_helper"]


def test_visits_in_the_monitoring_period_and_a_helper_make_it_eligible(monitored, village_a, township, helper_cadre):
    # during identification (before the case was entered): not in the monitoring period
    assistance.visit(monitored, village_a, on=monitored.opened_on + dt.timedelta(days=1))
    for days in (200, 120):
        assistance.visit(monitored, village_a, on=days_ago(days))
    result = check(monitored)
    assert "too_few_visits" in result.failing
    assert any("入户走访 2 次，不足 3 次" in r for r in result.reasons)

    assistance.visit(monitored, village_a, on=days_ago(30))
    services.case_assign(by=township, case=monitored, helper=helper_cadre)
    result = check(monitored)
    assert result.eligible is True, result.reasons
    assert check(monitored, on=days_ago(40)).failing == ("too_few_visits",)  # the third came later


def test_the_minimum_is_the_countys_parameter(monitored, village_a, township, helper_cadre):
    services.case_assign(by=township, case=monitored, helper=helper_cadre)
    assistance.visit(monitored, village_a, on=days_ago(10))
    assert check(monitored).failing == ("too_few_visits",)
    policy_bridge.store_param("elimination_min_visits", "520628", 1, valid_from=dt.date(2021, 1, 1), source="测试")
    assert check(monitored).eligible is True


def test_the_builder_walks_a_case_to_elimination_with_its_follow_up(monitored, village_a, township, county):
    from shoudi.accounts.roles import Role
    from shoudi.monitoring.testing.builders import Driver
    from shoudi.testing.factories import VILLAGE_A, make_user

    committee = make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村两委（当造村）")
    driver = Driver(contact=village_a, township=township, county=county, committee=committee)
    case = driver.eliminate(monitored, days_ago(30))
    assert case.status == "eliminated"
    assert case.helper_id is not None and case.visits.count() == 3
