"""The 民政 feed's effect on the register: when a 民政救助 (``civil_assistance``) batch is applied
(``feeds.services.apply_batch`` → ``feeds.hooks``), each matched record of a layer 民政 decides updates it.

| 变动 | the household has an open membership of the layer | it has none |
| --- | --- | --- |
| 新增, 在保 | unchanged | opened from 变动日期 (source 民政数据导入, the batch, 金额 as the monthly amount); a pending referral of the layer is decided 已纳入 |
| 停止 | ended on 变动日期, reason "民政数据：停止" | unchanged |
| 渐退 | 渐退期 until 变动日期 + ``dibao_phase_out_months`` | opened as in 渐退期 |

救助类别 低保 → 低保, 特困 → 特困, 低保边缘 → 低保边缘家庭, 刚性支出困难 → 刚性支出困难家庭; 临时救助 and unmatched
rows are not the register's. Records are taken in date order. Applying the same facts again changes nothing: a
新增 older than the end of the household's last membership of the layer is old news, a 停止 dated before the
open membership began concerns an earlier one. A record that cannot be taken (an amount beyond the column, a
bad parameter) is left out and said in the summary; the rest is applied.

The trusted services write (``services.membership_open`` / ``membership_close``), with the batch's uploader as
the actor of the audit entries; the person flags 低保 / 特困 follow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.audit import audited_update
from shoudi.core.errors import error_text
from shoudi.feeds.models import FeedBatch, FeedRecord
from shoudi.lowincome import cadence, codes
from shoudi.lowincome.models import Membership
from shoudi.lowincome.services import membership_close, membership_open

SOURCE = "civil_assistance"
LAYERS = {
    "低保": codes.StoredLayer.DIBAO,
    "特困": codes.StoredLayer.TEKUN,
    "低保边缘": codes.StoredLayer.DIBAO_EDGE,
    "刚性支出困难": codes.StoredLayer.RIGID_HARDSHIP,
}
STOP_REASON = "民政数据：停止"
OPENING = ("新增", "在保")


@dataclass
class SyncSummary:
    opened: int = 0
    ended: int = 0
    phasing_out: int = 0
    unchanged: int = 0
    skipped: list[str] = field(default_factory=list)  # "第 n 行：why"


def on_batch_applied(batch: Any) -> SyncSummary | None:
    """The ``feeds.hooks.after_apply`` callback: a 民政救助 batch updates the register; others are not ours."""
    if getattr(batch, "source", "") != SOURCE:
        return None
    return sync_batch(batch)


def sync_batch(batch: FeedBatch) -> SyncSummary:
    """Apply the batch's matched records to the register (see the table above); inside the caller's transaction
    when there is one. Calling it again for the same batch changes nothing."""
    summary = SyncSummary()
    if batch.source != SOURCE:
        return summary
    records = (
        FeedRecord.objects.filter(batch=batch, household__isnull=False, category__in=LAYERS, on__isnull=False)
        .select_related("household")
        .order_by("on", "row")
    )
    by = batch.uploaded_by
    for record in records.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                outcome = _take(record, by=by, batch_ref=str(batch.pk))
        except ValidationError as exc:
            summary.skipped.append(f"第 {record.row} 行：{error_text(exc)}")
            continue
        setattr(summary, outcome, getattr(summary, outcome) + 1)
    return summary


def _take(record: FeedRecord, *, by: Any, batch_ref: str) -> str:
    """What one record does: the name of the ``SyncSummary`` count it adds to."""
    household, layer, on = record.household, LAYERS[record.category], record.on
    assert household is not None and on is not None
    current = (
        Membership.objects.select_for_update().filter(household=household, layer=layer, ended_on__isnull=True).first()
    )
    if record.status in OPENING:
        if current is not None or _ended_since(household, layer, on):
            return "unchanged"
        _open(record, by=by, batch_ref=batch_ref)
        return "opened"
    if record.status == "停止":
        if current is None or on < current.started_on:
            return "unchanged"
        membership_close(by=by, membership=current, ended_on=on, reason=STOP_REASON)
        return "ended"
    if record.status == "渐退":
        until = cadence.phase_out_until(household.village_id, on)
        if current is None:
            if _ended_since(household, layer, on):
                return "unchanged"
            _open(record, by=by, batch_ref=batch_ref, status=codes.MembershipStatus.PHASING_OUT, until=until)
            return "phasing_out"
        if current.status == codes.MembershipStatus.PHASING_OUT or on < current.started_on:
            return "unchanged"
        audited_update(
            current,
            by=by,
            changes={"status": codes.MembershipStatus.PHASING_OUT, "phase_out_until": until},
            fields=["status", "phase_out_until"],
            lock=False,
            household_id=household.pk,
            area_code=household.village_id,
            reason="民政数据：渐退",
        )
        return "phasing_out"
    return "unchanged"


def _ended_since(household: Any, layer: str, on: dt.date) -> bool:
    """The household left the layer on or after ``on``: a record of ``on`` is older than that decision."""
    return Membership.objects.filter(household=household, layer=layer, ended_on__gte=on).exists()


def _open(record: FeedRecord, *, by: Any, batch_ref: str, status: str = "", until: dt.date | None = None) -> Membership:
    assert record.household is not None and record.on is not None
    return membership_open(
        by=by,
        household=record.household,
        layer=LAYERS[record.category],
        started_on=record.on,
        monthly_amount=record.amount,
        source=codes.Source.FEED,
        batch_ref=batch_ref,
        status=status or codes.MembershipStatus.ACTIVE,
        phase_out_until=until,
    )
