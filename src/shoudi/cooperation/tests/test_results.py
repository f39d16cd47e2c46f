"""Targets against results: the arithmetic of each indicator and the year it counts in."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.cooperation import results
from shoudi.cooperation.models import Fund, Meeting, PairingTarget, TalentExchange
from shoudi.cooperation.testing import pairing

TODAY = dt.date(2026, 6, 30)


def test_talent_days_count_both_ends_within_the_year():
    assert results.talent_days(dt.date(2026, 3, 1), dt.date(2026, 3, 31), 2026, TODAY) == 31
    assert results.talent_days(dt.date(2025, 12, 1), dt.date(2026, 1, 10), 2026, TODAY) == 10
    assert results.talent_days(dt.date(2026, 6, 1), None, 2026, TODAY) == 30  # still on post: up to today
    assert results.talent_days(dt.date(2025, 7, 1), None, 2025, TODAY) == 184  # a past year: to 31 December
    assert results.talent_days(dt.date(2027, 1, 1), None, 2026, TODAY) == 0


@pytest.mark.django_db
def test_results_per_indicator_and_completion(regions):
    p = pairing()
    Fund.objects.create(
        pairing=p, received_on=dt.date(2026, 1, 10), year=2026, amount=Decimal("250.50"), source="fiscal"
    )
    Fund.objects.create(pairing=p, received_on=dt.date(2026, 1, 3), year=2025, amount=Decimal(999), source="fiscal")
    Meeting.objects.create(pairing=p, held_on=dt.date(2026, 5, 1), kind="joint", place="铜仁", leader_level="city")
    Meeting.objects.create(pairing=p, held_on=dt.date(2025, 12, 31), kind="joint", place="东莞", leader_level="city")
    TalentExchange.objects.create(
        pairing=p, name="王老师", kind="teacher", direction="in", started_on=dt.date(2026, 6, 1)
    )
    PairingTarget.objects.create(pairing=p, year=2026, indicator="funds", value=Decimal(1000))
    got = results.results([p.pk], 2026, TODAY)[p.pk]
    assert got["funds"] == Decimal("250.50") and got["meetings"] == 1 and got["talent_days"] == 30
    rows = {r.indicator: r for r in results.rows(got, results.targets([p.pk], 2026)[p.pk])}
    assert rows["funds"].share == 25.1 and rows["funds"].met is False
    assert rows["meetings"].share is None and rows["meetings"].target is None
