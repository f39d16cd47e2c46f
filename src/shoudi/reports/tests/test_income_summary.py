"""The village income summary follows the registry: a changed amount or member shows in the next report."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shoudi.regions.models import Region
from shoudi.registry import services as registry
from shoudi.reports.generator import generate
from shoudi.reports.models import IncomeDirty, IncomeMonth, IncomeRefresh
from shoudi.reports.periods import Period
from shoudi.reports.tests.data import TODAY, build
from shoudi.testing.factories import COUNTY, VILLAGE_A

pytestmark = pytest.mark.django_db
OCT = Period.parse("2026-10")


def income_pc(code: str = COUNTY):
    return generate(Region.objects.get(pk=code), OCT, today=TODAY, codes=["former_poor_income_pc"]).value(
        "former_poor_income_pc"
    )


def test_a_changed_amount_and_a_removed_member_show_in_the_next_report(village_a, django_capture_on_commit_callbacks):
    a1 = build()["households"]["a1"]
    assert income_pc() == 3600.0  # (12 × 1,000 − 12 × 100) / 3; the first report builds the county's summary
    assert IncomeRefresh.objects.filter(area_id=COUNTY).exists()

    with django_capture_on_commit_callbacks(execute=True):
        registry.finance_set(by=village_a, household=a1, month="2026-10", item="migrant_work", amount="4000")
    assert IncomeDirty.objects.filter(village_id=VILLAGE_A).exists()
    assert income_pc() == 4600.0  # 3,000 more over 3 people
    assert not IncomeDirty.objects.exists()  # the report rebuilt the marked village first

    member = a1.members.order_by("-relationship").first()
    with django_capture_on_commit_callbacks(execute=True):
        registry.person_remove(by=village_a, person=member, reason="迁出")
    assert income_pc() == 6900.0  # 13,800 over 2 people
    assert income_pc(VILLAGE_A) == 6900.0


def test_refresh_command_rebuilds_an_area(regions):
    build()
    out = io.StringIO()
    call_command("report", "refresh-income", area=COUNTY, stdout=out)
    rows = IncomeMonth.objects.count()
    assert rows == 24  # village A's former-poor household, 24 months with records
    assert f"{rows:,} 行" in out.getvalue() and "村月度收支汇总" in out.getvalue()
    assert IncomeRefresh.objects.get(area_id=COUNTY).refreshed_at is not None


def test_report_command_still_needs_a_file_for_a_report(regions):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="XLSX 文件名"):
        call_command("report", "monthly", area=COUNTY, month="2026-10", stdout=io.StringIO())
