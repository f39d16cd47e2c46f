"""跟踪核查 API, under /api/v1/low-income/: the due / overdue / 渐退期 list, a membership's follow-ups (with its
cadence and the outcomes the caller may record), recording a follow-up, and the written notice of a stop — the
same selectors and services as the pages, so the same role, area and date checks apply. Anyone who may not see
the register, and any row outside the caller's area, is a 404. No ID number or phone is ever returned."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.lowincome import cadence, codes, followups, notice
from shoudi.lowincome import selectors_followup as selectors
from shoudi.lowincome.access import may_view_register
from shoudi.lowincome.followups import MAX_AMOUNT, MAX_FINDINGS, MAX_NOTE, MAX_NOTICE_NO
from shoudi.lowincome.models import FollowUp, Membership

router = Router()
MAX_LIMIT = 200
OUTCOMES = "、".join(f"{c.value}（{c.label}）" for c in codes.Outcome)


class LowIncomeFollowUpMembershipOut(Schema):
    membership_id: uuid.UUID = Field(title="台账编号")
    household_id: uuid.UUID = Field(title="农户编号")
    household_number: str = Field(title="户编号")
    head_name: str = Field(title="户主姓名")
    village_code: str = Field(title="所在村代码")
    village_name: str = Field(title="所在村")
    layer: str = Field(title="类别代码")
    layer_label: str = Field(title="类别")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    started_on: dt.date = Field(title="纳入日期")
    ended_on: dt.date | None = Field(None, title="退出日期")
    monthly_amount: str | None = Field(None, title="月救助金额（元）")
    income_pattern: str = Field(title="收入状况代码")
    next_due: dt.date | None = Field(None, title="下次核查日期")
    due_state: str = Field(title="核查状态：due 到期、overdue 超期、ok 未到期")
    phase_out_until: dt.date | None = Field(None, title="渐退期截止日期")


class LowIncomeFollowUpQueuePage(Schema):
    count: int
    items: list[LowIncomeFollowUpMembershipOut]


class LowIncomeFollowUpOut(Schema):
    id: uuid.UUID
    membership_id: uuid.UUID = Field(title="台账编号")
    visited_on: dt.date = Field(title="核查日期")
    findings: str = Field(title="家庭经济状况核查情况")
    outcome: str = Field(title="处置结果代码")
    outcome_label: str = Field(title="处置结果")
    new_amount: str | None = Field(None, title="调整后月救助金额（元）")
    phase_out_until: dt.date | None = Field(None, title="渐退期截止日期")
    review_note: str = Field(title="民主评议情况")
    notice_no: str = Field(title="书面告知编号")
    notified_on: dt.date | None = Field(None, title="告知日期")
    recorded_by: str = Field(title="记录人")
    lead_id: uuid.UUID | None = Field(None, title="纳入预警的线索")


class LowIncomeFollowUpCadenceOut(Schema):
    months: int = Field(title="核查周期（月）")
    text: str = Field(title="核查周期")
    parameter: str = Field(title="依据的政策参数")
    describe: str = Field(title="取值及来源")


class LowIncomeFollowUpHistoryOut(Schema):
    membership: LowIncomeFollowUpMembershipOut
    cadence: LowIncomeFollowUpCadenceOut | None = Field(None, title="核查周期（已退出的为空）")
    allowed_outcomes: list[str] = Field(title="调用者可以记录的处置结果")
    items: list[LowIncomeFollowUpOut]


class LowIncomeFollowUpIn(InputSchema):
    visited_on: dt.date = Field(title="核查日期")
    findings: str = Field(title="家庭经济状况核查情况", max_length=MAX_FINDINGS)
    outcome: str = Field(title="处置结果代码", max_length=20, description=OUTCOMES)
    new_amount: Decimal | None = Field(
        None, title="调整后月救助金额（元，仅调整金额）", ge=0, le=MAX_AMOUNT, max_digits=12, decimal_places=2
    )
    review_note: str = Field("", title="民主评议情况（停止时必填）", max_length=MAX_NOTE)
    notice_no: str = Field("", title="书面告知编号（停止时必填）", max_length=MAX_NOTICE_NO)
    notified_on: dt.date | None = Field(None, title="告知日期（停止时必填）")


class LowIncomeFollowUpNoticeOut(Schema):
    notice_no: str = Field(title="书面告知编号")
    head_name: str = Field(title="户主姓名")
    household_number: str = Field(title="户编号")
    place: str = Field(title="乡镇、村")
    layer: str = Field(title="类别代码")
    layer_label: str = Field(title="类别")
    visited_on: dt.date = Field(title="核查日期")
    decided_on: dt.date = Field(title="停止保障日期")
    notified_on: dt.date | None = Field(None, title="告知日期")
    reason: str = Field(title="停止理由（核查情况）")
    review_note: str = Field(title="民主评议情况")
    agency: str = Field(title="决定机关")
    decided_by: str = Field(title="经办人")
    appeal: str = Field(title="复核与救济途径")
    after: str = Field(title="停止后的监测预警")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _membership(m: Membership, head: str, today: dt.date) -> dict[str, Any]:
    return {
        "membership_id": m.pk,
        "household_id": m.household_id,
        "household_number": m.household.number,
        "head_name": head,
        "village_code": m.village_id,
        "village_name": m.village.name,
        "layer": m.layer,
        "layer_label": m.get_layer_display(),
        "status": m.status,
        "status_label": m.get_status_display(),
        "started_on": m.started_on,
        "ended_on": m.ended_on,
        "monthly_amount": _money(m.monthly_amount),
        "income_pattern": m.income_pattern,
        "next_due": m.next_due,
        "due_state": cadence.due_state(m, today),
        "phase_out_until": m.phase_out_until,
    }


def _followup(f: FollowUp) -> dict[str, Any]:
    return {
        "id": f.pk,
        "membership_id": f.membership_id,
        "visited_on": f.visited_on,
        "findings": f.findings,
        "outcome": f.outcome,
        "outcome_label": f.get_outcome_display(),
        "new_amount": _money(f.new_amount),
        "phase_out_until": f.phase_out_until,
        "review_note": f.review_note,
        "notice_no": f.notice_no,
        "notified_on": f.notified_on,
        "recorded_by": f.created_by.display_name if f.created_by else "系统",
        "lead_id": f.lead_id,
    }


def _cadence(m: Membership, today: dt.date) -> dict[str, Any] | None:
    if not m.is_open:
        return None
    try:
        found = cadence.cadence(m, today)
    except ValidationError:  # a stored parameter that is not a number of months (the page says which)
        return None
    return {"months": found.months, "text": found.text, "parameter": found.key, "describe": found.describe()}


@router.get(
    "/follow-ups", response={200: LowIncomeFollowUpQueuePage, **ERRORS}, summary="跟踪核查：到期、超期和渐退期名单"
)
def list_followup_queue(
    request: HttpRequest,
    state: str = Query(
        "due", title="名单：due 到期待核查、overdue 核查超期、phasing 渐退期", pattern=r"^(due|overdue|phasing)$"
    ),
    layer: str = Query("", title="类别代码", max_length=20),
    village: str = Query("", title="村代码", pattern=r"^(\d{12})?$"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _user(request)
    if not may_view_register(user):
        raise NotVisible()
    today = timezone.localdate()
    qs = selectors.queue(user, today=today, state=state, layer=layer, village=village)
    page = list(qs[offset : offset + limit])
    names = selectors.heads([m.household_id for m in page])
    return {"count": qs.count(), "items": [_membership(m, names.get(m.household_id, ""), today) for m in page]}


def _history(user: Any, membership_id: Any) -> dict[str, Any]:
    m = selectors.access_membership_by_id(user, membership_id)
    today = timezone.localdate()
    head = selectors.heads([m.household_id]).get(m.household_id, "")
    return {
        "membership": _membership(m, head, today),
        "cadence": _cadence(m, today),
        "allowed_outcomes": followups.allowed_outcomes(user, m),
        "items": [_followup(f) for f in selectors.membership_followups(user, m)],
    }


@router.get(
    "/memberships/{membership_id}/follow-ups",
    response={200: LowIncomeFollowUpHistoryOut, **ERRORS},
    summary="一项低收入人口台账的跟踪核查记录和核查周期",
)
def get_membership_followups(request: HttpRequest, membership_id: uuid.UUID) -> dict[str, Any]:
    return _history(_user(request), membership_id)


@router.post(
    "/memberships/{membership_id}/follow-ups",
    response={201: LowIncomeFollowUpOut, **ERRORS},
    summary="记录跟踪核查（继续保留；县民政部门：调整金额、渐退、停止）",
)
def create_followup(request: HttpRequest, membership_id: uuid.UUID, payload: LowIncomeFollowUpIn) -> Status:
    user = _user(request)
    membership = selectors.access_membership_by_id(user, membership_id)
    follow = followups.followup_record(
        by=user,
        membership=membership,
        visited_on=payload.visited_on,
        findings=payload.findings,
        outcome=payload.outcome,
        new_amount=payload.new_amount,
        review_note=payload.review_note,
        notice_no=payload.notice_no,
        notified_on=payload.notified_on,
    )
    return Status(201, _followup(selectors.access_followup_by_id(user, follow.pk)))


@router.get(
    "/follow-ups/{followup_id}/notice",
    response={200: LowIncomeFollowUpNoticeOut, **ERRORS},
    summary="停止保障告知书的内容（不含身份证号、电话）",
)
def get_followup_notice(request: HttpRequest, followup_id: uuid.UUID) -> dict[str, Any]:
    follow = selectors.access_followup_by_id(_user(request), followup_id)
    if follow.outcome != codes.Outcome.STOP:
        raise NotVisible()
    return notice.stop_notice(follow).as_json()
