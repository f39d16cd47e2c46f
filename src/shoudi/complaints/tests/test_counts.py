"""The counts the monthly report adds (``selectors.period_counts``) and the receipt numbers' rules."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from shoudi.complaints import handling
from shoudi.complaints.models import Complaint
from shoudi.complaints.selectors import period_counts
from shoudi.core import receipts
from shoudi.regions.models import Region
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, TOWNSHIP_C, VILLAGE_A, VILLAGE_B

from .conftest import record


def test_period_counts_of_a_month(township, county):
    today = timezone.localdate()
    start = today.replace(day=1) - dt.timedelta(days=1)
    start = start.replace(day=1)  # the previous month
    end = today.replace(day=1) - dt.timedelta(days=1)
    days_ago = (today - start).days
    # received last month: two by the hotline (one closed in time, one still open and past due), one letter
    closed = record(township, days_ago=days_ago)
    Complaint.objects.filter(pk=closed.pk).update(
        status="closed", outcome="true", closed_on=start + dt.timedelta(days=3)
    )
    record(township, days_ago=days_ago)  # due start + 15: past due by the end of the month
    record(county, days_ago=days_ago - 1, source="letter", township=Region.objects.get(code=TOWNSHIP_C), village=None)
    # received before the month, closed late within it
    late = record(township, days_ago=days_ago + 40)
    Complaint.objects.filter(pk=late.pk).update(
        status="closed", outcome="false", closed_on=start + dt.timedelta(days=1)
    )
    # this month's do not count
    record(township, source="visit")

    counts = period_counts(COUNTY, start, end)
    assert counts["received"] == 3 and counts["closed"] == 2 and counts["closed_late"] == 1
    assert counts["overdue_open"] == 2  # the open hotline call and the letter: both due before the month ended
    assert counts["by_source"] == {"hotline": 2, "letter": 1, "visit": 0, "online": 0, "other": 0}
    assert sum(counts["by_kind"].values()) == 3 and counts["to_leads"] == 0
    assert period_counts(TOWNSHIP_A, start, end)["received"] == 2
    assert period_counts(VILLAGE_A, start, end)["received"] == 2
    assert period_counts(VILLAGE_B, start, end)["received"] == 0
    assert period_counts("520627", start, end)["received"] == 0


def test_overdue_open_counts_what_was_open_at_the_end_of_the_period(township):
    today = timezone.localdate()
    old = record(township, days_ago=60)  # due 45 days ago
    end = today - dt.timedelta(days=10)
    assert period_counts(COUNTY, end - dt.timedelta(days=5), end)["overdue_open"] == 1
    handling.complaint_close(by=township, complaint=old, outcome="answered", handling="已电话解答")
    # closed today, after the period's end: it was still open and overdue then
    assert period_counts(COUNTY, end - dt.timedelta(days=5), end)["overdue_open"] == 1
    assert period_counts(COUNTY, today, today)["overdue_open"] == 0


def test_receipts_are_random_and_forgiving_to_type():
    numbers = {receipts.new_receipt() for _ in range(200)}
    assert len(numbers) == 200 and all(len(n) == 12 and receipts.normalize(n) == n for n in numbers)
    assert receipts.normalize("k7qm-2xrd 9htf") == "K7QM2XRD9HTF"
    assert receipts.normalize("O1IL-0000-0000") == "0111" + "0" * 8  # O for 0, I and L for 1
    assert receipts.shown("K7QM2XRD9HTF") == "K7QM-2XRD-9HTF"
    for bad in ("", "K7QM", "K7QM-2XRD-9HTF-1", "K7QM-2XRD-9HT!", "\x00" * 12, "长" * 12):
        assert receipts.normalize(bad) == ""
