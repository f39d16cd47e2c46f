"""The quarterly review (seed 004「“红”“黄”“黑”三榜在理事会成员负责记录后,也需按季度由村民代表评议认可」):
the council opens the review of a quarter with the representatives present, records the representatives'
decision on each entry awaiting review (新记录: 认可 / 不认可 with a reason; 黄榜整改: 认可消除 / 不认可), and closes
the review once — only then do the decisions take effect and the points count.

An entry awaits the review of a quarter when it is proposed (or its correction recorded) on a date up to the end
of that quarter and no closed review decided it yet."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.governance import codes
from shoudi.governance.access import require_council
from shoudi.governance.entries import ENTRY_FIELDS
from shoudi.governance.models import Entry, QuarterlyReview

MAX_CHAIR, MAX_REPRESENTATIVES, MAX_REASON = 50, 1000, 200
REVIEW_FIELDS = ["year", "quarter", "held_on", "chair", "representatives", "present", "status", "closed_on"]


@dataclass(frozen=True)
class DecisionInput:
    entry_id: Any
    decision: str
    reason: str = ""


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


def pending(review: QuarterlyReview) -> QuerySet[Entry]:
    """The entries this review decides: new records up to the quarter's end, and yellow corrections."""
    _first, last = quarter_bounds(review.year, review.quarter)
    new = Q(status=codes.EntryStatus.PROPOSED, deed_on__lte=last)
    clearing = Q(status=codes.EntryStatus.CLEARING, corrected_on__lte=last)
    return Entry.objects.filter(new | clearing, village_id=review.village_id)


def review_open(
    *,
    by: Any,
    village_code: str,
    year: int | None,
    quarter: int | None,
    held_on: dt.date | None,
    chair: str,
    representatives: str,
    present: int | None,
) -> QuarterlyReview:
    require_council(by, village_code)
    today = timezone.localdate()
    if year is None or not 2019 <= year <= today.year:
        raise ValidationError({"year": f"年度应在 2019–{today.year} 之间"})
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": "请选择季度"})
    first, _last = quarter_bounds(year, quarter)
    if first > today:
        raise ValidationError({"quarter": "该季度还没有开始"})
    if held_on is None:
        raise ValidationError({"held_on": "请填写评议日期"})
    if held_on > today:
        raise ValidationError({"held_on": "评议日期不能晚于今天"})
    if held_on < first:
        raise ValidationError({"held_on": f"评议日期不能早于该季度的第一天（{first}）"})
    if present is None or not 1 <= present <= 10000:
        raise ValidationError({"present": "请填写到会村民代表人数（1 人以上）"})
    review = QuarterlyReview(
        village_id=village_code,
        year=year,
        quarter=quarter,
        held_on=held_on,
        chair=clean_text(chair, field="chair", label="主持人", max_length=MAX_CHAIR, required=True),
        representatives=clean_text(
            representatives,
            field="representatives",
            label="参加评议的村民代表",
            max_length=MAX_REPRESENTATIVES,
            required=True,
        ),
        present=present,
        status=codes.ReviewStatus.OPEN,
    )
    with transaction.atomic():
        villages = QuarterlyReview.objects.select_for_update().filter(village_id=village_code)
        if villages.filter(status=codes.ReviewStatus.OPEN).exists():
            raise ValidationError({"quarter": "本村还有一次评议没有结束，请先结束该次评议"})
        if villages.filter(year=year, quarter=quarter).exists():
            raise ValidationError({"quarter": f"{year}年第{quarter}季度已经评议过"})
        try:
            with transaction.atomic():
                return audited_create(
                    review, by=by, fields=REVIEW_FIELDS, area_code=village_code, reason="召开季度评议"
                )
        except IntegrityError:
            raise ValidationError({"quarter": f"{year}年第{quarter}季度已经评议过"}) from None


def _open(review: QuarterlyReview) -> QuarterlyReview:
    current = QuarterlyReview.objects.select_for_update().get(pk=review.pk)
    if current.status != codes.ReviewStatus.OPEN:
        raise ValidationError("该次评议已经结束，不能再修改")
    return current


def review_decide(*, by: Any, review: QuarterlyReview, decisions: list[DecisionInput]) -> int:
    """Record the representatives' decisions (rows without a decision are left undecided). Returns how many."""
    require_council(by, review.village_id)
    with transaction.atomic():
        current = _open(review)
        waiting = {str(e.pk): e for e in pending(current).select_for_update()}
        done = 0
        for i, row in enumerate(decisions):
            if not row.decision:
                continue
            entry = waiting.get(str(row.entry_id))
            if entry is None:
                raise ValidationError({f"rows.{i}.decision": "该记录不在本次评议范围内，请刷新后重试"})
            if row.decision not in codes.Decision.values:
                raise ValidationError({f"rows.{i}.decision": "请选择认可或不认可"})
            reason = clean_text(row.reason, field=f"rows.{i}.reason", label="评议意见", max_length=MAX_REASON)
            if row.decision == codes.Decision.REJECT and not reason:
                raise ValidationError({f"rows.{i}.reason": "不认可的，请写明评议意见"})
            if entry.status == codes.EntryStatus.CLEARING:
                changes = {"clear_review": current, "clear_decision": row.decision, "clear_reason": reason}
            else:
                changes = {"review": current, "decision": row.decision, "decision_reason": reason}
            audited_update(
                entry,
                by=by,
                changes=changes,
                lock=False,
                household_id=entry.file.household_id,
                area_code=entry.village_id,
                reason=f"{current}：{codes.Decision(row.decision).label}",
            )
            done += 1
    return done


def review_close(*, by: Any, review: QuarterlyReview, closed_on: dt.date | None = None) -> QuarterlyReview:
    """Close the review: every entry it decides must have a decision; the decisions take effect now."""
    require_council(by, review.village_id)
    day = closed_on or timezone.localdate()
    with transaction.atomic():
        current = _open(review)
        if day < current.held_on:
            raise ValidationError({"closed_on": f"结束日期不能早于评议日期（{current.held_on}）"})
        entries = list(pending(current).select_for_update().select_related("file"))
        undecided = [
            e
            for e in entries
            if (e.status == codes.EntryStatus.CLEARING and e.clear_review_id != current.pk)
            or (e.status == codes.EntryStatus.PROPOSED and e.review_id != current.pk)
        ]
        if undecided:
            raise ValidationError(f"还有 {len(undecided)} 条记录没有评议结果，请逐条评议后再结束")
        for entry in entries:
            if entry.status == codes.EntryStatus.CLEARING:
                confirmed = entry.clear_decision == codes.Decision.CONFIRM
                status = codes.EntryStatus.CLEARED if confirmed else codes.EntryStatus.CONFIRMED
            else:
                confirmed = entry.decision == codes.Decision.CONFIRM
                status = codes.EntryStatus.CONFIRMED if confirmed else codes.EntryStatus.REJECTED
            audited_update(
                entry,
                by=by,
                changes={"status": status},
                fields=ENTRY_FIELDS,
                lock=False,
                household_id=entry.file.household_id,
                area_code=entry.village_id,
                reason=f"{current}结束",
            )
        current, _ = audited_update(
            current,
            by=by,
            changes={"status": codes.ReviewStatus.CLOSED, "closed_on": day},
            fields=REVIEW_FIELDS,
            lock=False,
            area_code=current.village_id,
            reason="季度评议结束，评议结果生效",
        )
    return current
