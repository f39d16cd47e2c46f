"""The 人社 feed's effect on the labour database: when an 人社就业 (``employment``) batch is applied
(``feeds.services.apply_batch`` → ``feeds.hooks``), each record matched to a person becomes a ``LabourEvent``
(source 人社数据, ``source_ref`` the batch and row: applying the batch again creates nothing twice).

| 事项 | the person has an open work spell | has none |
| --- | --- | --- |
| 失业登记, 返乡 | the spell ends on the record's date (if it began before) | the event only |
| 就业 | the event only | a spell opens on the date: 县内 unless the registry's 务工地点 says otherwise, employer "人社就业登记" |

Records are taken in date order. A record that cannot be taken (a date the spell cannot end on…) is left out
and said in the summary; the rest is applied. The batch's uploader (the 人社 clerk) is the actor of the audit
entries; the clerk's upload was authorised by the feeds app, so the services are called trusted."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.errors import error_text
from shoudi.employment import codes, work
from shoudi.employment.labour import EventInput, event_record, open_work
from shoudi.feeds.models import FeedBatch, FeedRecord

SOURCE = "employment"
KINDS = {
    "失业登记": codes.EventKind.UNEMPLOYED,
    "返乡": codes.EventKind.RETURNED,
    "就业": codes.EventKind.EMPLOYED,
}
EMPLOYER = "人社就业登记"


@dataclass
class FeedSummary:
    events: int = 0
    ended: int = 0
    opened: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # "第 n 行：why"


def on_batch_applied(batch: Any) -> FeedSummary | None:
    """The ``feeds.hooks.after_apply`` callback: an 人社就业 batch updates the labour database; others are not ours."""
    if getattr(batch, "source", "") != SOURCE:
        return None
    return sync_batch(batch)


def sync_batch(batch: FeedBatch) -> FeedSummary:
    summary = FeedSummary()
    records = (
        FeedRecord.objects.filter(batch=batch, person__isnull=False, category__in=KINDS, on__isnull=False)
        .select_related("person", "person__household")
        .order_by("on", "row")
    )
    for record in records.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                outcome = _take(record, by=batch.uploaded_by, ref=f"{batch.pk}:{record.row}")
        except ValidationError as exc:
            summary.skipped.append(f"第 {record.row} 行：{error_text(exc)}")
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def _take(record: FeedRecord, *, by: Any, ref: str) -> str:
    person, kind, on = record.person, KINDS[record.category], record.on
    assert person is not None and on is not None
    if person.labour_events.filter(kind=kind, on_date=on, source_ref=ref).exists():
        return "unchanged"  # this row was applied before
    current = open_work(person)
    entry = EventInput(kind=kind, on_date=on, detail="人社数据", source=codes.WorkSource.FEED, source_ref=ref)
    event_record(by=by, person=person, entry=entry, trusted=True)
    if kind == codes.EventKind.EMPLOYED:
        if current is not None:
            return "events"
        place = person.work_place or codes.WorkPlace.IN_COUNTY
        start = work.WorkInput(
            place=place, started_on=on, employer_name=EMPLOYER, source=codes.WorkSource.FEED, source_ref=ref
        )
        work.work_start(by=by, person=person, entry=start, trusted=True)
        return "opened"
    if current is not None and on >= current.started_on:
        return "ended"
    return "events"
