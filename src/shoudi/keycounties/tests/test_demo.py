"""The demo command, and the list page's constant number of queries."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shoudi.keycounties.models import IndicatorValue, KeyCounty, SupportMeasure
from shoudi.keycounties.testing import key_county, measure, value
from shoudi.regions.models import Region
from shoudi.testing.factories import COUNTY

pytestmark = pytest.mark.django_db


def test_demo_marks_the_county_provincial_with_measures_and_sourced_values(regions, county, capsys):
    call_command("keycounties", "demo", "--area", COUNTY)
    call_command("keycounties", "demo", "--area", COUNTY)  # a re-run adds nothing
    row = KeyCounty.objects.get()
    assert row.level == "provincial" and row.designated_year == 2021
    assert Region.objects.get(code=COUNTY).key_county == "provincial"
    assert SupportMeasure.objects.count() == 6 and all(v.source for v in IndicatorValue.objects.all())
    assert "未新增" in capsys.readouterr().out


def test_the_list_page_reads_in_a_constant_number_of_queries(client, province_admin):
    client.force_login(province_admin)
    measure(value(key_county(COUNTY), 2025, "east_west_funds", "1").key_county)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("keycounties:list")).status_code == 200
        return len(queries)

    count()  # the header's area name is kept per process after the first page
    one = count()
    other = key_county("520627", level="national")
    measure(other)
    measure(other, title="东莞协作产业园")
    assert count() == one
