"""The monitoring procedure's assessment (frozen on each step and shown on the case page) reads the sheets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from shoudi.income import services
from shoudi.income.inputs import LineInput
from shoudi.monitoring.testing.builders import Driver, days_ago, load_rules, setup_policy
from shoudi.testing.factories import VILLAGE_A, household_with_members, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def driver(village_a, township, county, tmp_path, settings):
    from shoudi.accounts.roles import Role

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()
    committee = make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村两委（当造村）")
    return Driver(contact=village_a, township=township, county=county, committee=committee)


def test_the_case_assessment_counts_the_sheet(driver, village_a, client):
    household = household_with_members(VILLAGE_A, size=2)
    this_year = timezone.localdate().year
    for year in (this_year - 1, this_year):
        services.sheet_save(
            by=village_a,
            household=household,
            year=year,
            lines=[LineInput("local_work", Decimal("9600"))],
            source="page",
        )
    case = driver.identify(driver.lead(household, days_ago(20)), days_ago(19))
    case.refresh_from_db()
    assert case.assessed_income_pc == Decimal("4800.00")  # 9,600 a year over 2 people, not 0
    client.force_login(village_a)
    assert "4800.00" in client.get(f"/monitoring/{case.pk}/").content.decode()
