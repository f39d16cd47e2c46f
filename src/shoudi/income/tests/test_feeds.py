"""Department figures enter the household's 收入核算表 and through it the assessment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile

from shoudi.feeds import testing as ft
from shoudi.feeds.income_bridge import carry_income
from shoudi.feeds.services import apply_batch, stage_upload
from shoudi.income import selectors
from shoudi.income.models import IncomeLine
from shoudi.monitoring.policy_bridge import assess_household
from shoudi.policy.batch import load_area
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def household(regions):
    return household_with_members(VILLAGE_A, size=2)


def test_a_medical_feed_of_32800_self_pay_is_counted_as_medical_rigid_spending(clerk, household, line_2026):
    head = household.members.get(relationship="head")
    upload = ContentFile(ft.claims_csv([head], "2026-03-10", oop="32800", total="60000"), name="医保结算.csv")
    batch = stage_upload(by=clerk, source="medical_claims", upload=upload)
    apply_batch(batch, by=clerk)
    line = IncomeLine.objects.get(sheet__household=household)
    assert (line.item, line.amount, line.source, line.department_label, line.batch_ref) == (
        "medical",
        D("32800"),
        "feed",
        "医保",
        str(batch.pk),
    )
    as_of = dt.date(2026, 12, 15)
    area = {h.id: h.facts for h in load_area(COUNTY, as_of)}[household.pk]
    assert sum((e.amount for e in area.rigid), D(0)) == D("32800")
    result = assess_household(household, as_of)
    assert not result["error"]
    assert D(result["per_capita_net_income"]) - D(result["per_capita_after_rigid"]) == D("16400")
    # the same batch carried again does not double
    carry_income(batch, by=clerk)
    assert selectors.sheet_for(household, 2026).lines.get().amount == D("32800")


def test_civil_and_disaster_feeds_become_transfers_and_losses(county, household):
    head = household.members.get(relationship="head")
    civil = ft.feed(
        "civil_assistance",
        ft.civil_assistance(head, "低保", "在保", "2026-02-01", amount="3000"),
        ft.civil_assistance(head, "低保", "在保", "2026-05-01", amount="3000"),
        ft.civil_assistance(head, "临时救助", "新增", "2026-06-01", amount="800"),
        ft.civil_assistance(head, "特困", "在保", "2025-06-01", amount="500"),
    )
    disaster = ft.feed("disaster", ft.disaster(head, "2026-07-01", loss="12000"))
    carry_income(civil, by=county)
    carry_income(disaster, by=county)
    lines = {(line.sheet.year, line.item): line.amount for line in IncomeLine.objects.select_related("sheet")}
    assert lines == {
        (2026, "dibao"): D("6000"),
        (2026, "other_transfer"): D("800"),
        (2025, "tekun"): D("500"),
        (2026, "disaster"): D("12000"),
    }
