"""The annual report's 东西部协作和定点帮扶 indicators (``reports.cooperation``): by row, with county-level pairings
in the total only."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.cooperation.models import Fund, LabourTransfer, Meeting, TalentExchange
from shoudi.cooperation.testing import buyer_with_purchase, pairing
from shoudi.reports import cooperation as report
from shoudi.reports.periods import Period
from shoudi.reports.queries import Scope
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A

pytestmark = pytest.mark.django_db


def test_indicators_by_township(household_a):
    east = pairing(COUNTY)
    team = pairing(VILLAGE_A, "当造村驻村工作队", kind="village_team", partner="县财政局")
    Fund.objects.create(pairing=east, received_on=dt.date(2026, 2, 1), year=2026, amount=Decimal(100), source="fiscal")
    Fund.objects.create(pairing=team, received_on=dt.date(2026, 2, 1), year=2026, amount=Decimal(30), source="unit")
    Fund.objects.create(pairing=team, received_on=dt.date(2025, 2, 1), year=2025, amount=Decimal(99), source="unit")
    person = household_a.members.first()
    LabourTransfer.objects.create(
        pairing=east, person=person, village_id=VILLAGE_A, destination="东莞", started_on=dt.date(2026, 4, 1)
    )
    Meeting.objects.create(pairing=east, held_on=dt.date(2026, 5, 1), kind="joint", place="东莞", leader_level="city")
    TalentExchange.objects.create(
        pairing=team, name="李医生", kind="doctor", direction="in", started_on=dt.date(2026, 12, 1)
    )
    buyer = buyer_with_purchase(COUNTY, "东莞某机关食堂", "500.00", dt.date(2026, 6, 1))
    east.buyers.add(buyer)
    scope = Scope(COUNTY, 9, Period("year", dt.date(2026, 1, 1), dt.date(2026, 12, 31)), dt.date(2027, 1, 10))
    by = {i.code: i.compute(scope) for i in report.indicators()}
    assert by["cooperation_funds"][(TOWNSHIP_A, "")].value() == 30.0  # the village team, in its township's row
    assert by["cooperation_funds"][(COUNTY, "")].value() == 100.0  # the east–west pairing: total only
    assert by["cooperation_labour"][(TOWNSHIP_A, "")].value() == 1  # by the person's village
    assert by["cooperation_talent_days"][(TOWNSHIP_A, "")].value() == 31
    assert by["cooperation_consumption"][(COUNTY, "")].value() == 500.0
    assert by["cooperation_meetings"][(COUNTY, "")].value() == 1
    assert by["cooperation_pairings"][(COUNTY, "east_west")].value() == 1
    assert report.table_specs()[0][0] == "cooperation"
