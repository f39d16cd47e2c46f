"""A real report of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py)."""

from __future__ import annotations

from shoudi.reports.models import Report
from shoudi.reports.testing import report_record
from shoudi.testing.factories import VILLAGE_A


def report() -> Report:
    return report_record(VILLAGE_A)
