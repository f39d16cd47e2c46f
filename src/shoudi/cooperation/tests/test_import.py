"""Labour transfers from the jobs database: the partner-city work spells of the area started in the agreement
period, picked once; a second import adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shoudi.cooperation.models import LabourTransfer
from shoudi.cooperation.testing import pairing
from shoudi.employment.testing import work

pytestmark = pytest.mark.django_db


def test_import_from_the_jobs_database_is_idempotent(client, county, household_a, household_b):
    p = pairing(agreement_from=dt.date(2024, 1, 1))
    a, b = household_a.members.order_by("id_number")[:2]
    start = timezone.localdate() - dt.timedelta(days=20)
    w1 = work(a, started_on=start, place="partner_city", employer_name="东莞某电子厂", place_detail="东莞市长安镇")
    work(b, started_on=dt.date(2023, 5, 1), place="partner_city")  # before the agreement
    work(household_b.members.first(), started_on=start, place="out_province")  # not the partner city
    client.force_login(county)
    page = client.get(f"/cooperation/{p.pk}/").content.decode()
    assert page.count('name="works"') == 1 and "东莞某电子厂" in page
    assert client.post(f"/cooperation/{p.pk}/transfers/import/", {"works": [str(w1.pk)]}).status_code == 302
    again = client.post(f"/cooperation/{p.pk}/transfers/import/", {"works": [str(w1.pk)]})
    assert again.status_code == 400  # no longer offered
    api = client.post(
        f"/api/v1/cooperation/pairings/{p.pk}/transfers/import",
        {"work_ids": [str(w1.pk)]},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["count"] == 0
    transfer = LabourTransfer.objects.get()
    assert (transfer.work_id, transfer.destination, transfer.person_id) == (w1.pk, "东莞市长安镇", a.pk)
    assert 'data-testid="import-empty"' in client.get(f"/cooperation/{p.pk}/").content.decode()
