"""Writes of 跟踪核查 (the verification visits of the low-income register) and the end of a 渐退期.

Each visit ends in one outcome (seed 003: 继续保留、调整金额、实施渐退保障或停止兜底保障):

| outcome | who | what it does |
| --- | --- | --- |
| 继续保留 ``keep`` | anyone who follows up in the area (village contact, township reviewer, 民政 clerk) | moves ``next_due`` |
| 调整金额 ``adjust`` | the 民政 clerk; 低保 / 特困 only | the new monthly amount (required, different from the current) |
| 渐退 ``phase_out`` | the 民政 clerk; 低保 only, not already phasing out | status 渐退期, ends ``dibao_phase_out_months`` after the visit (seed 000) |
| 停止 ``stop`` | the 民政 clerk | needs the 民主评议 note and the written notice (number, date); ends the membership, clears the person flag, puts the household under early warning (a monitoring lead) |

Every outcome but 停止 moves ``next_due`` by the cadence from the visit (``lowincome.cadence``); a stopped
membership has none. A visit in the future, or before the membership started, is refused. One transaction per
visit, with its audit entries.

``phase_out_expire(today)`` ends the 渐退期 memberships whose end date has passed (reason 渐退期满), with the same
early warning; the daily command runs it (``shoudi lowincome_daily``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.audit import audited_create, audited_update
from shoudi.core.inputs import clean_text
from shoudi.lowincome import cadence, codes
from shoudi.lowincome.access import FOLLOW_UP, may, may_decide, require_may
from shoudi.lowincome.models import FollowUp, Membership
from shoudi.lowincome.services import membership_close
from shoudi.monitoring.codes import Channel
from shoudi.monitoring.leads import lead_from_system

Outcome = codes.Outcome
MAX_FINDINGS = 2000
MAX_NOTE = 300
MAX_NOTICE_NO = 50
MAX_AMOUNT = Decimal("9999999999.99")  # the field's 12 digits
AMOUNT_LAYERS = cadence.BASIC_LIVING  # 低保 and 特困 carry a monthly amount
# How the early-warning lead names what stopped.
STOPPED: dict[str, str] = {
    codes.StoredLayer.DIBAO: "低保",
    codes.StoredLayer.TEKUN: "特困供养",
    codes.StoredLayer.DIBAO_EDGE: "低保边缘家庭认定",
    codes.StoredLayer.RIGID_HARDSHIP: "刚性支出困难家庭认定",
}
PHASE_OUT_ENDED = "渐退期满"
FOLLOWUP_FIELDS = ["visited_on", "outcome", "new_amount", "phase_out_until", "review_note", "notice_no", "notified_on"]
WARNING_STOP = "停止{layer}后纳入监测预警"
WARNING_EXPIRED = "低保渐退期满退出后纳入监测预警"


def allowed_outcomes(user: Any, membership: Membership) -> list[str]:
    """The outcomes ``user`` may record for ``membership`` (what the form offers, in the order of the list)."""
    if not membership.is_open or not may(user, FOLLOW_UP):
        return []
    found = [Outcome.KEEP]
    if may_decide(user):
        if membership.layer in AMOUNT_LAYERS:
            found.append(Outcome.ADJUST)
        if membership.layer == codes.StoredLayer.DIBAO and membership.status == codes.MembershipStatus.ACTIVE:
            found.append(Outcome.PHASE_OUT)
        found.append(Outcome.STOP)
    return [str(o) for o in found]


def _visit_date(visited_on: dt.date | None, membership: Membership, today: dt.date) -> dt.date:
    if visited_on is None:
        raise ValidationError({"visited_on": "请填写核查日期"})
    if visited_on > today:
        raise ValidationError({"visited_on": f"核查日期（{visited_on.isoformat()}）不能晚于今天，请按实际入户日期填写"})
    if visited_on < membership.started_on:
        raise ValidationError(
            {
                "visited_on": f"核查日期（{visited_on.isoformat()}）早于该户纳入"
                f"{membership.get_layer_display()}的日期（{membership.started_on.isoformat()}）"
            }
        )
    return visited_on


def _outcome(by: Any, membership: Membership, outcome: str) -> str:
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": f"处置结果“{outcome}”不在代码表中，请从列表中选择"})
    if outcome in allowed_outcomes(by, membership):
        return outcome
    label = Outcome(outcome).label
    if outcome in codes.DECIDING_OUTCOMES and not may_decide(by):
        raise ValidationError(
            {
                "outcome": f"“{label}”由县民政部门决定：村、乡镇核查后可记录“继续保留”，情况有变化的请在核查情况中写明并报民政部门"
            }
        )
    if outcome == Outcome.ADJUST:
        raise ValidationError({"outcome": f"{membership.get_layer_display()}没有月救助金额，不能“调整金额”"})
    if outcome == Outcome.PHASE_OUT and membership.status == codes.MembershipStatus.PHASING_OUT:
        until = membership.phase_out_until.isoformat() if membership.phase_out_until else ""
        raise ValidationError({"outcome": f"该户已在渐退期（至 {until}），不能再次渐退"})
    raise ValidationError({"outcome": f"“{label}”只适用于最低生活保障对象"})


def _amount(new_amount: Any, membership: Membership) -> Decimal:
    if new_amount is None or new_amount == "":
        raise ValidationError({"new_amount": "调整金额时请填写调整后的月救助金额"})
    try:
        amount = Decimal(str(new_amount))
    except InvalidOperation:
        raise ValidationError({"new_amount": "调整后月救助金额请填写数字"}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({"new_amount": "调整后月救助金额不能为负数"})
    if amount > MAX_AMOUNT:
        raise ValidationError({"new_amount": "调整后月救助金额过大，请核对"})
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError({"new_amount": "调整后月救助金额最多保留 2 位小数"})
    amount = amount.quantize(Decimal("0.01"))
    if membership.monthly_amount is not None and amount == membership.monthly_amount:
        raise ValidationError(
            {
                "new_amount": f"调整后金额与现月救助金额（{membership.monthly_amount} 元）相同；金额不变的请选择“继续保留”"
            }
        )
    return amount


def _only_for(outcome: str, **given: Any) -> None:
    """Fields that belong to another outcome must be empty (a stale value must not be saved by mistake)."""
    labels = {"new_amount": ("调整后月救助金额", Outcome.ADJUST), "notice_no": ("书面告知编号", Outcome.STOP)}
    labels["notified_on"] = ("告知日期", Outcome.STOP)
    for field, value in given.items():
        label, owner = labels[field]
        if value not in (None, "") and outcome != owner:
            raise ValidationError({field: f"只有“{owner.label}”才填写{label}，请清空"})


def followup_record(
    *,
    by: Any,
    membership: Membership,
    visited_on: dt.date | None,
    findings: str,
    outcome: str,
    new_amount: Decimal | None = None,
    review_note: str = "",
    notice_no: str = "",
    notified_on: dt.date | None = None,
) -> FollowUp:
    """Record a verification visit of ``membership`` and apply its outcome (see the module's table)."""
    require_may(by, FOLLOW_UP, membership.village_id)
    today = timezone.localdate()
    with transaction.atomic():
        current = Membership.objects.select_for_update().select_related("household").get(pk=membership.pk)
        if not current.is_open:
            raise ValidationError(
                f"该户的{current.get_layer_display()}已于 {current.ended_on} 退出（{current.end_reason}），不能再记录核查"
            )
        day = _visit_date(visited_on, current, today)
        outcome = _outcome(by, current, outcome)
        _only_for(outcome, new_amount=new_amount, notice_no=notice_no, notified_on=notified_on)
        follow = FollowUp(
            membership=current,
            village_id=current.village_id,
            visited_on=day,
            findings=clean_text(findings, field="findings", label="核查情况", max_length=MAX_FINDINGS, required=True),
            outcome=outcome,
            review_note=clean_text(
                review_note,
                field="review_note",
                label="民主评议情况",
                max_length=MAX_NOTE,
                required=outcome == Outcome.STOP,
            ),
        )
        changes: dict[str, Any] = {}
        if outcome == Outcome.ADJUST:
            follow.new_amount = _amount(new_amount, current)
            changes["monthly_amount"] = follow.new_amount
        if outcome == Outcome.PHASE_OUT:
            follow.phase_out_until = cadence.phase_out_until(current.village_id, day)
            changes.update(status=codes.MembershipStatus.PHASING_OUT, phase_out_until=follow.phase_out_until)
        if outcome == Outcome.STOP:
            follow.notice_no = clean_text(notice_no, field="notice_no", label="书面告知编号", max_length=MAX_NOTICE_NO)
            follow.notified_on = _notified(notified_on, day, today)
            if not follow.notice_no:
                raise ValidationError({"notice_no": "停止保障应书面告知保障对象：请填写书面告知编号"})
        else:
            changes["next_due"] = cadence.next_due(current, _latest_visit(current, day))
        follow = audited_create(
            follow, by=by, fields=FOLLOWUP_FIELDS, household_id=current.household_id, area_code=current.village_id
        )
        reason = f"跟踪核查（{day.isoformat()}）：{follow.get_outcome_display()}"
        if outcome == Outcome.STOP:
            # ends it (no next verification) and sets the members' 低保 / 特困 flags as the open layers say
            current = membership_close(
                by=by, membership=current, ended_on=day, reason=f"跟踪核查后停止保障（书面告知 {follow.notice_no}）"
            )
            layer = STOPPED.get(current.layer, current.get_layer_display())
            follow.membership = current
            follow.lead = _early_warning(
                current, summary=WARNING_STOP.format(layer=layer), reported_on=today, evidence=_stop_evidence(follow)
            )
            follow.save(update_fields=["lead"])
        else:
            current, _ = audited_update(
                current,
                by=by,
                changes=changes,
                lock=False,
                household_id=current.household_id,
                area_code=current.village_id,
                reason=reason,
            )
            follow.membership = current
    return follow


def _notified(notified_on: dt.date | None, visited_on: dt.date, today: dt.date) -> dt.date:
    if notified_on is None:
        raise ValidationError({"notified_on": "停止保障应书面告知保障对象：请填写告知日期"})
    if notified_on > today:
        raise ValidationError({"notified_on": f"告知日期（{notified_on.isoformat()}）不能晚于今天"})
    if notified_on < visited_on:
        raise ValidationError(
            {"notified_on": f"告知日期（{notified_on.isoformat()}）不能早于核查日期（{visited_on.isoformat()}）"}
        )
    return notified_on


def _latest_visit(membership: Membership, day: dt.date) -> dt.date:
    """The cadence runs from the latest visit: recording an older visit late never moves the date back."""
    latest = membership.follow_ups.order_by("-visited_on").values_list("visited_on", flat=True).first()
    return max(day, latest) if latest else day


def _stop_evidence(follow: FollowUp) -> str:
    notified = follow.notified_on.isoformat() if follow.notified_on else ""
    return (
        f"{follow.visited_on.isoformat()} 跟踪核查后县民政部门决定停止保障，已书面告知（{follow.notice_no}，{notified}）。"
        f"核查情况：{follow.findings}"
    )


def _early_warning(membership: Membership, *, summary: str, reported_on: dt.date, evidence: str) -> Any:
    """A monitoring lead (部门筛查预警) for the village to check: 纳入民政监测预警机制 (seed 003)."""
    return lead_from_system(
        household=membership.household,
        channel=Channel.DEPARTMENT,
        summary=summary,
        evidence=evidence,
        reported_on=reported_on,
    )


def phase_out_expire(today: dt.date | None = None) -> list[Membership]:
    """End every 渐退期 membership whose end date has passed (ended on that date, reason 渐退期满), clear the flag
    and put the household under early warning. Run again, it finds nothing new."""
    today = today or timezone.localdate()
    due = Membership.objects.filter(
        status=codes.MembershipStatus.PHASING_OUT, ended_on__isnull=True, phase_out_until__lt=today
    ).values_list("pk", flat=True)
    ended = []
    for pk in list(due):
        with transaction.atomic():
            current = Membership.objects.select_for_update().select_related("household").get(pk=pk)
            if current.ended_on is not None or current.phase_out_until is None:
                continue  # ended meanwhile
            end = current.phase_out_until
            current = membership_close(by=None, membership=current, ended_on=end, reason=PHASE_OUT_ENDED)
            _early_warning(
                current,
                summary=WARNING_EXPIRED,
                reported_on=today,
                evidence=f"低保渐退期于 {end.isoformat()} 届满，已退出低保（{current.end_reason}）",
            )
            ended.append(current)
    return ended
