"""The village monthly summary (reports.income) counts 收入核算表 as the assessment does, without counting a
household-month-item twice, and `shoudi report refresh-income` keeps working."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from shoudi.income import services
from shoudi.income.inputs import LineInput
from shoudi.reports.models import IncomeMonth
from shoudi.reports.tests.data import build
from shoudi.reports.tests.test_income_summary import income_pc
from shoudi.testing.factories import COUNTY

pytestmark = pytest.mark.django_db


def test_a_sheet_replaces_the_records_of_its_items_in_the_summary(village_a, django_capture_on_commit_callbacks):
    a1 = build()["households"]["a1"]
    assert income_pc() == 3600.0
    with django_capture_on_commit_callbacks(execute=True):
        services.sheet_save(
            by=village_a, household=a1, year=2026, lines=[LineInput("migrant_work", Decimal("24000"))], source="page"
        )
    # Nov–Dec 2025 from records (900 a month); Jan–Oct 2026: the sheet's 2,000 wages, the records' 100 cost
    assert income_pc() == pytest.approx((2 * 900 + 10 * 1900) / 3, abs=0.01)


def test_refresh_command_counts_sheets(village_a, regions):
    a1 = build()["households"]["a1"]
    services.sheet_save(
        by=village_a, household=a1, year=2026, lines=[LineInput("migrant_work", Decimal("12000"))], source="page"
    )
    call_command("report", "refresh-income", area=COUNTY, stdout=io.StringIO())
    march = IncomeMonth.objects.get(village_id=a1.village_id, month="2026-03-01", former_poor=True)
    assert march.net == Decimal("1000") - Decimal("100")  # sheet wage, record cost; not the record's 1,000 wage too
    assert march.person_months == 3
