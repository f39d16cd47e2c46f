"""A real report of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py)."""

from __future__ import annotations

from shoudi.testing.factories import VILLAGE_A
from shoudi.reports.models import Report


def report() -> Report:
    found = Report.objects.filter(area_id=VILLAGE_A).first()
    if found is not None:
        return found
    return Report.objects.create(
        kind=Report.Kind.MONTHLY,
        area_id=VILLAGE_A,
        period="2026-10",
        period_start="2026-10-01",
        period_end="2026-10-31",
        status=Report.Status.DONE,
        content={"tables": []},
    )
