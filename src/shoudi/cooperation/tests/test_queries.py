"""The list, a pairing's page (as the county, with every row's correction forms) and the summary run the same
number of queries whether a pairing has 1 or 20 rows of each kind: no query per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    PairingMember,
    PairingProject,
    PairingTarget,
    TalentExchange,
)
from shoudi.cooperation.testing import buyer_with_purchase, pairing, project
from shoudi.testing.factories import COUNTY, VILLAGE_A, PersonFactory, household_with_members

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
YEAR = TODAY.year


def _add_rows(p, start: int, stop: int) -> None:
    """Rows ``start``..``stop - 1`` of every kind (a fund on its own project, a transfer of its own person)."""
    household = household_with_members(VILLAGE_A, size=0)
    for i in range(start, stop):
        found = project(VILLAGE_A, f"XM-Q-{i}", f"项目{i}")
        Fund.objects.create(pairing=p, received_on=TODAY, year=YEAR, amount=100 + i, source="fiscal", project=found)
        PairingProject.objects.create(pairing=p, project=found, year=YEAR)
        person = PersonFactory(household=household)
        LabourTransfer.objects.create(
            pairing=p, person=person, village_id=VILLAGE_A, destination="东莞", started_on=TODAY
        )
        PairingMember.objects.create(
            pairing=p, name=f"成员{i}", role="team_member", phone="13800001234", from_date=TODAY
        )
        TalentExchange.objects.create(pairing=p, name=f"老师{i}", kind="teacher", direction="in", started_on=TODAY)
        Meeting.objects.create(pairing=p, held_on=TODAY, kind="joint", place=f"东莞{i}", leader_level="city")
        p.buyers.add(buyer_with_purchase(COUNTY, f"东莞采购单位{i}", "10.00", TODAY))
    if start == 0:
        PairingTarget.objects.create(pairing=p, year=YEAR, indicator="funds", value=1000)


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_pages_run_a_constant_number_of_queries(client, county):
    p = pairing()
    pairing(VILLAGE_A, "当造村驻村工作队", kind="village_team", partner="县财政局")
    _add_rows(p, 0, 1)
    client.force_login(county)
    urls = ["/cooperation/", f"/cooperation/{p.pk}/?year={YEAR}", f"/cooperation/summary/?year={YEAR}"]
    client.get(urls[0])  # the session and the user's first lookups are not the page's
    one = {url: _count(client, url) for url in urls}
    _add_rows(p, 1, 20)
    page = client.get(urls[1]).content.decode()
    assert page.count('data-testid="fund-row"') == 20 and page.count('data-form="cooperation.meeting_withdraw"') == 20
    twenty = {url: _count(client, url) for url in urls}
    assert twenty == one
