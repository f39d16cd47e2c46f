"""A real complaint of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py): recorded straight
with the ORM (the sweep is about reads); the same object on every call. Village A's own people do not open it
(complaints are the township's and the county's), the township and county above do."""

from __future__ import annotations

import datetime as dt

from shoudi.complaints.models import Complaint
from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A

DAY = dt.date(2026, 1, 5)
RECEIPT = "SWEEP0000001"


def complaint() -> Complaint:
    found = Complaint.objects.filter(receipt=RECEIPT).first()
    return found or Complaint.objects.create(
        receipt=RECEIPT,
        source="hotline",
        kind="misconduct",
        received_on=DAY,
        township_id=TOWNSHIP_A,
        village_id=VILLAGE_A,
        content="区域检查",
        reporter_name="区域检查反映人",
        due_on=DAY + dt.timedelta(days=15),
        status_on=DAY,
    )
