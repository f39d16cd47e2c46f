"""Every indicator on the hand-built October 2026 data (tests/data.py) with answers worked out by hand."""

from __future__ import annotations

import pytest

from shoudi.regions.models import Region
from shoudi.reports.generator import generate
from shoudi.reports.periods import Period
from shoudi.reports.tests.data import TODAY, D, build, finance
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A, VILLAGE_C

pytestmark = pytest.mark.django_db
OCT = Period.parse("2026-10")


@pytest.fixture
def data(regions):
    return build()


def gen(code: str = COUNTY, period: Period = OCT, **kw):
    return generate(Region.objects.get(pk=code), period, today=TODAY, **kw)


def test_monitoring_size_by_township_and_total(data):
    g = gen()
    assert [r.code for r in g.rows] == [TOWNSHIP_A, TOWNSHIP_C]
    # entered by 31 October: a1, a2, b1 (township A) and c1 (township C, entered on the last day); c2 entered 1 Nov
    assert g.value("monitored_households") == 4
    assert g.value("monitored_households", TOWNSHIP_A) == 3
    assert g.value("monitored_households", TOWNSHIP_C) == 1
    assert g.value("monitored_people") == 3 + 2 + 2 + 4
    # a2 eliminated on 20 October and b1 in September: still at risk are a1 and c1
    assert g.value("at_risk_households") == 2
    assert g.value("at_risk_people") == 3 + 4
    assert g.value("new_households") == 2
    assert g.value("eliminated_households", None, "assisted") == 1
    assert g.value("eliminated_households", None, "natural") == 0  # b1 was in September
    assert g.value("monitored_by_category", None, "unstable") == 1
    assert g.value("monitored_by_category", None, "marginal") == 2
    assert g.value("monitored_by_category", None, "sudden") == 1
    assert g.value("at_risk_by_risk", None, "illness") == 1
    assert g.value("at_risk_by_risk", None, "unstable_work") == 1
    assert g.value("at_risk_by_risk", None, "disaster") == 0  # a2's risk is eliminated
    assert g.value("returned_to_poverty") == 1  # a1: former poor, assessed 5,000 < 6,320
    assert g.value("newly_poor") == 0  # c1 assessed 7,000 ≥ 6,320


def test_previous_month_and_period_boundaries(data):
    g = gen(period=Period.parse("2026-09"))
    assert g.value("monitored_households") == 2  # a2 and b1
    assert g.value("at_risk_households") == 1  # b1 eliminated on 30 September, the month's last day
    assert g.value("eliminated_households", None, "natural") == 1
    nov = gen(period=Period.parse("2026-11"))
    assert nov.value("new_households") == 1  # c2 on 1 November
    year = gen(period=Period.parse("2026"))
    assert year.value("new_households") == 5  # a1, a2, b1, c1, c2
    assert year.value("eliminated_households", None, "assisted") == 1


def test_assistance_shares(data):
    g = gen()
    # a1: illness has a health measure but housing has none; c1: unstable work ↔ employment
    assert g.value("risk_matched_share") == 50.0
    assert g.value("risk_matched_share", TOWNSHIP_A) == 0.0
    assert g.value("risk_matched_share", TOWNSHIP_C) == 100.0
    assert g.value("development_share") == 50.0  # c1's employment measure
    assert g.value("problems_open", None, "housing") == 1
    assert g.value("no_labour_protected_share") is None  # nobody at risk is without labour


def test_identification_speed(data):
    g = gen()
    # decided in October: b3 not included after 4 days, a1 entered after 15, c1 after 30
    assert g.value("identification_days_median") == 15
    assert g.value("identification_days_p90") == 30
    assert g.value("identified_in_time_share") == 66.7  # 2 of 3 within 15 days
    assert g.value("identification_days_median", TOWNSHIP_A) == 4  # nearest-rank median of [4, 15]
    assert g.value("identification_overdue") == 1  # b2, deadline 16 October, still at village review


def test_leads_by_channel_and_department_rule(data):
    g = gen()
    assert g.value("leads_received_by_channel", None, "department") == 2
    assert g.value("leads_received_by_channel", None, "cadre_visit") == 1
    assert g.value("leads_received_by_channel", None, "application") == 1  # the September lead is not counted
    assert g.value("leads_checked_by_channel", None, "department") == 2
    assert g.value("leads_checked_by_channel", None, "cadre_visit") == 0
    assert g.value("leads_confirmed_by_channel", None, "department") == 1
    assert g.value("leads_rejected_by_channel", None, "department") == 1
    assert g.value("leads_confirmation_rate_by_channel", None, "department") == 50.0
    assert g.value("leads_confirmation_rate_by_channel", None, "application") == 100.0
    assert g.value("leads_confirmation_rate_by_channel", None, "cadre_visit") is None
    assert g.value("leads_confirmed_by_rule", None, "医保|medical_oop") == 1
    assert g.value("leads_rejected_by_rule", None, "民政|dibao_stop") == 1
    assert g.value("leads_received_by_rule", TOWNSHIP_C, "医保|medical_oop") == 0


def test_income_growth_against_rural_average_and_targets(data):
    g = gen()
    assert g.value("former_poor_income_pc") == 3600.0  # (12,000 − 1,200) / 3
    assert g.value("former_poor_income_growth") == 38.5  # 3,600 vs 2,600
    assert g.value("rural_income_growth") == 5.0  # parameter 20,000 → 21,000
    assert g.value("rural_income_growth", TOWNSHIP_C) == 5.0
    gap = g.results["target_income_growth_gap"]
    assert gap.value() == 33.5
    assert gap.indicator.target.year == 2025 and gap.indicator.target.met(gap.value()) is True
    assert g.results["target_rural_income_pc"].indicator.target.value == 17100


def test_rural_income_pc_counts_person_months_with_records_in_the_window(data):
    c1 = data["households"]["c1"]  # an ordinary household of 4 in township C
    finance(c1, D(2025, 11, 1), 6, income=2000, cost=0)  # 12,000 in the window, Nov 2025 – Apr 2026
    finance(data["households"]["b1"], D(2024, 1, 1), 3, income=9000, cost=0)  # only before both windows
    g = gen()
    rural = g.results["target_rural_income_pc"]
    # c1's 4 people have records in 6 of the 12 months: 2 persons; b1 has none in the window: out
    assert rural.value() == 4560.0  # (10,800 + 12,000) / (3 + 2)
    assert rural.value(TOWNSHIP_C) == 6000.0  # 2,000 a month is 24,000 a year for 4 people
    assert rural.value(TOWNSHIP_A) == 3600.0
    assert g.value("former_poor_income_pc", TOWNSHIP_C) is None  # c1 is not 脱贫户
    assert g.value("former_poor_income_pc") == 3600.0


def test_quality_failures_by_check(data):
    g = gen()
    assert g.value("quality_failures", None, "eliminated_too_soon") == 3
    assert g.value("quality_failures", TOWNSHIP_A, "eliminated_too_soon") == 2
    assert gen(TOWNSHIP_C).value("quality_failures", VILLAGE_C, "eliminated_too_soon") == 1


def test_empty_area_and_empty_period(data):
    g = gen(period=Period.parse("2021-01"))
    assert g.value("monitored_households") == 0
    assert g.value("risk_matched_share") is None
    assert g.value("identification_days_median") is None
    assert g.value("former_poor_income_pc") is None
    village = gen(VILLAGE_A)
    assert [r.code for r in village.rows] == [VILLAGE_A]
    assert village.value("monitored_households") == 2


def test_one_query_per_indicator_not_per_household(data, django_assert_max_num_queries):
    # 43 before 常态化帮扶; its eight indicators share five grouped queries (lowincome.counts); 就业帮扶's twelve
    # share eight grouped queries and one parameter look-up (employment.counts), the relocation target one check;
    # 东西部协作's seven and 消费帮扶's five indicators one grouped query each (less one shared look-up)
    with django_assert_max_num_queries(69):
        gen()


def test_period_parsing_rejects_bad_input():
    from django.core.exceptions import ValidationError

    assert Period.parse("2026-02").end.day == 28
    assert Period.parse("2026").kind == "year"
    with pytest.raises(ValidationError, match="报告期"):
        Period.parse("2026-13")
