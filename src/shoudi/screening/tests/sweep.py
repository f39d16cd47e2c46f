"""Records of village A for the area sweep (core/tests/test_area_sweep.py)."""

from __future__ import annotations

import datetime as dt

from shoudi.core.testing.factories import VILLAGE_A
from shoudi.screening.models import ScreeningRun


def run() -> ScreeningRun:
    found = ScreeningRun.objects.filter(area_id=VILLAGE_A).first()
    return found or ScreeningRun.objects.create(area_id=VILLAGE_A, as_of=dt.date(2021, 6, 30), status="done")
