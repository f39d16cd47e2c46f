"""Writes of 投诉举报, part two: the township (or county) takes a complaint up, closes it with the outcome of the
check and what was done, tells the reporter (反馈), and — when the report names a household in difficulty —
turns it into a risk lead (``monitoring.leads.lead_create``) that the village then checks at home.

Every step: the actor works on complaints in the complaint's township, dates are not in the future nor before
the complaint was received (nor before its last step), the version the user saw is still current (else a
conflict), and the step is written with its history row and audit entry in one transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.complaints import checks, codes
from shoudi.complaints.access import require_work
from shoudi.complaints.models import Complaint
from shoudi.complaints.workflow import CLOSE, COMPLAINT_FLOW, TAKE_UP
from shoudi.core.errors import ConflictError
from shoudi.monitoring.leads import lead_create
from shoudi.monitoring.models import Lead
from shoudi.registry.models import Household

CONFLICT = "该投诉举报已被他人办理或修改，请刷新后重试"


def _step_date(complaint: Complaint, value: dt.date | None, *, field: str, label: str) -> dt.date:
    day = checks.date(value, field=field, label=label, not_before=complaint.received_on, before_label="收到日期")
    if day < complaint.status_on:  # taken up on a later day than received
        raise ValidationError(
            {field: f"{label}（{day.isoformat()}）不能早于开始办理日期（{complaint.status_on.isoformat()}）"}
        )
    return day


def complaint_take_up(
    *, by: Any, complaint: Complaint, on: dt.date | None = None, expected_version: int | None = None
) -> Complaint:
    require_work(by, complaint.township_id)
    day = _step_date(complaint, on, field="on", label="开始办理日期")
    current, _ = COMPLAINT_FLOW.advance(
        complaint,
        TAKE_UP,
        by=by,
        on=day,
        expected_version=expected_version,
        prepare=lambda obj, step, d: {"handled_by": by},
    )
    return current


def complaint_close(
    *,
    by: Any,
    complaint: Complaint,
    outcome: str,
    handling: str,
    on: dt.date | None = None,
    feedback: str = "",
    feedback_on: dt.date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """办结: the outcome of the check and the handling are required; the feedback to the reporter may come with
    it (its date defaults to the closing date) or later (``complaint_feedback``)."""
    require_work(by, complaint.township_id)
    if outcome not in codes.Outcome.values:
        raise ValidationError({"outcome": "请选择核查结果"})
    handling = checks.text(handling, field="handling", label="办理情况", required=True)
    day = _step_date(complaint, on, field="on", label="办结日期")
    feedback = checks.text(feedback, field="feedback", label="反馈内容")
    if feedback_on is not None and not feedback:
        raise ValidationError({"feedback": "填写了反馈日期，请填写反馈内容"})
    told = None
    if feedback:
        told = checks.date(
            feedback_on or day,
            field="feedback_on",
            label="反馈日期",
            not_before=complaint.received_on,
            before_label="收到日期",
        )
    fields: dict[str, Any] = {"outcome": outcome, "handling": handling, "closed_on": day, "handled_by": by}
    if feedback:
        fields.update(feedback=feedback, feedback_on=told)
    current, _ = COMPLAINT_FLOW.advance(
        complaint,
        CLOSE,
        by=by,
        on=day,
        reason=handling,
        payload={"核查结果": codes.Outcome(outcome).label, **({"反馈": feedback} if feedback else {})},
        expected_version=expected_version,
        prepare=lambda obj, step, d: fields,
    )
    return current


def _locked(complaint: Complaint, expected_version: int | None) -> Complaint:
    current = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(CONFLICT, code="conflict")
    return current


def complaint_feedback(
    *,
    by: Any,
    complaint: Complaint,
    feedback: str,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Complaint:
    """反馈: what the reporter was told and when (shown on the public status page with the receipt number).
    Once the complaint is taken up; a later feedback replaces the text shown."""
    require_work(by, complaint.township_id)
    feedback = checks.text(feedback, field="feedback", label="反馈内容", required=True)
    day = checks.date(on, field="on", label="反馈日期", not_before=complaint.received_on, before_label="收到日期")
    with transaction.atomic():
        current = _locked(complaint, expected_version)
        if current.status == codes.Status.PENDING:
            raise ValidationError({"feedback": "请先开始办理，再记录反馈"})
        current, _ = COMPLAINT_FLOW.record(
            current,
            by=by,
            action="feedback",
            label="反馈",
            on=day,
            reason=feedback,
            fields={"feedback": feedback, "feedback_on": day},
        )
    return current


def complaint_to_lead(
    *,
    by: Any,
    complaint: Complaint,
    household: Household | None,
    channel: str,
    summary: str,
    expected_version: int | None = None,
) -> Lead:
    """转为风险线索: the household the report names becomes a lead of monitoring (checked at home by its
    village), linked to the complaint; once per complaint. The lead carries the summary staff write for the
    village — never the reporter — and says it came from a complaint."""
    require_work(by, complaint.township_id)
    if household is None:
        raise ValidationError({"household": "请填写涉及农户的户编号"})
    if not household.village_id.startswith(complaint.township_id):
        raise ValidationError({"household": f"户 {household.number} 不在该投诉举报所属乡镇"})
    if channel not in codes.LEAD_CHANNELS:
        raise ValidationError({"channel": f"发现渠道“{channel}”不适用于投诉举报，请从列表中选择"})
    summary = checks.text(summary, field="summary", label="线索内容", required=True)
    with transaction.atomic():
        current = _locked(complaint, expected_version)
        if current.lead_id is not None:
            raise ConflictError("该投诉举报已转为风险线索，请刷新后查看", code="conflict")
        lead = lead_create(
            by=by,
            household=household,
            channel=channel,
            summary=summary,
            evidence=f"来自投诉举报（{current.get_source_display()}，{current.received_on:%Y-%m-%d} 收到），由乡镇或县级转办",
        )
        COMPLAINT_FLOW.record(
            current,
            by=by,
            action="to_lead",
            label="转为风险线索",
            on=lead.reported_on,
            payload={"户编号": household.number, "发现渠道": lead.get_channel_display()},
            fields={"lead": lead, "household": household},
        )
    return lead
