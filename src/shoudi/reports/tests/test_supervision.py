"""社会监督 in the monthly report: the complaints of the period by township, as the township reviewer and the
county officer record and close them."""

from __future__ import annotations

import datetime as dt

import pytest

from shoudi.complaints import handling, services
from shoudi.regions.models import Region
from shoudi.reports import services as report_services
from shoudi.testing.factories import COUNTY, TOWNSHIP_A

pytestmark = pytest.mark.django_db


def test_the_monthly_report_counts_complaints_by_township(regions, township, county):
    town = Region.objects.get(code=TOWNSHIP_A)
    day = dt.date(2026, 10, 20)  # due 11-04: not yet overdue at the end of October
    first = services.complaint_record(
        by=township, source="hotline", kind="difficulty", received_on=day, township=town, content="反映某户困难"
    )
    services.complaint_record(
        by=county,
        source="letter",
        kind="misconduct",
        received_on=dt.date(2026, 9, 1),
        township=town,
        content="举报虚报冒领",
    )
    handling.complaint_take_up(by=township, complaint=first, on=day)
    report = report_services.report_request(by=county, area_code=COUNTY, kind="monthly", period="2026-10")
    table = next(t for t in report.content["tables"] if t["key"] == "supervision")
    row = next(r for r in table["rows"] if r[0].startswith(town.name) or town.code in str(r))
    head = table["head"]
    assert row[head.index("期内收到")] in (1, "1")
    assert row[head.index("期末超期未办结")] in (1, "1")  # September's letter, due in September, still open
