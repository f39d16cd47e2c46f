"""Leads (线索): record (any channel, or a department warning), accept an online application, close with a
reason, or turn into a case — joining the household's open case if it has one, so no household has two."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry, audited_create, audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.masking import masked_text_fields
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.common import (
    RiskInput,
    case_event,
    check_date,
    clean_category,
    clean_risks,
    open_case_of,
    risk_labels,
    set_risks,
)
from shoudi.monitoring.models import Case, Lead
from shoudi.monitoring.models_apply import Application, ApplicationStatus
from shoudi.monitoring.workflow import CASE_FLOW
from shoudi.registry.models import Household


def lead_create(
    *,
    by: Any,
    household: Household,
    channel: str,
    summary: str,
    evidence: str = "",
    reported_on: dt.date | None = None,
    online: bool = False,
    risk_hint: str = "",
) -> Lead:
    """Record a lead. An online application waits for the township to accept it; others go to the village."""
    require(by, Capability.RECORD_LEADS, household.village_id)
    if channel not in codes.Channel.values:
        raise ValidationError({"channel": f"发现渠道“{channel}”不在代码表中"})
    if online and channel != codes.Channel.APPLICATION:
        raise ValidationError({"online": "只有农户自主申报可以是网上申报"})
    if not summary.strip():
        raise ValidationError({"summary": "请填写线索内容"})
    if risk_hint and risk_hint not in codes.RiskType.values:
        raise ValidationError({"risk_hint": f"风险类型“{risk_hint}”不在代码表中"})
    reported_on = check_date(reported_on, field="reported_on")
    return _lead_save(
        by=by,
        household=household,
        channel=channel,
        summary=summary.strip(),
        evidence=evidence.strip(),
        reported_on=reported_on,
        online=online,
        risk_hint=risk_hint,
    )


def lead_online(
    *, by: Any, household: Household, summary: str, evidence: str, reported_on: dt.date, risk_hint: str = ""
) -> Lead:
    """An online application's lead (``applications``): waits for the township. Trusted caller: no role check."""
    return _lead_save(
        by=by,
        household=household,
        channel=codes.Channel.APPLICATION,
        summary=summary,
        evidence=evidence,
        reported_on=reported_on,
        online=True,
        risk_hint=risk_hint,
    )


def lead_from_warning(
    *,
    household: Household,
    department: str,
    summary: str,
    evidence: str = "",
    reported_on: dt.date | None = None,
    external_ref: str = "",
    rule: str = "",
    risk_hint: str = "",
    by: Any = None,
) -> Lead:
    """A department warning (部门筛查预警) as a lead, for the screening app. Trusted caller: no role check.
    The same warning (``external_ref``) for the same household is recorded once."""
    if external_ref:
        found = Lead.objects.filter(household=household, external_ref=external_ref).first()
        if found is not None:
            return found
    return _lead_save(
        by=by,
        household=household,
        channel=codes.Channel.DEPARTMENT,
        summary=summary,
        evidence=evidence,
        reported_on=reported_on or timezone.localdate(),
        department=department,
        external_ref=external_ref,
        rule=rule,
        risk_hint=risk_hint,
    )


def _lead_save(*, by: Any, household: Household, reported_on: dt.date, online: bool = False, **fields: Any) -> Lead:
    days = policy_bridge.int_param("lead_check_days", household.village_id, reported_on)
    lead = Lead(
        household=household,
        village_id=household.village_id,
        reported_on=reported_on,
        due_on=reported_on + dt.timedelta(days=days),
        online=online,
        status=codes.LeadStatus.SUBMITTED if online else codes.LeadStatus.OPEN,
        case=open_case_of(household),
        **masked_text_fields(fields, "summary", "evidence"),  # never a full phone or ID number in a lead's text
    )
    return audited_create(
        lead, by=by, fields=["channel", "summary"], household_id=household.pk, area_code=household.village_id
    )


def _locked_lead(lead: Lead, *statuses: str) -> Lead:
    current = Lead.objects.select_for_update().select_related("household").get(pk=lead.pk)
    if current.status not in statuses:
        raise ConflictError(f"该线索当前为“{current.get_status_display()}”，请刷新后重试", code="conflict")
    return current


def lead_accept(*, by: Any, lead: Lead, on: dt.date | None = None) -> Lead:
    """The township accepts an online application; the village then checks it at home."""
    require(by, Capability.ACCEPT_APPLICATIONS, lead.village_id)
    on = check_date(on, not_before=lead.reported_on, what="申报日期")
    with transaction.atomic():
        lead = _locked_lead(lead, codes.LeadStatus.SUBMITTED)
        days = policy_bridge.int_param("lead_check_days", lead.village_id, on)
        lead, _ = audited_update(
            lead,
            by=by,
            changes={"status": codes.LeadStatus.OPEN, "due_on": on + dt.timedelta(days=days)},
            lock=False,
            household_id=lead.household_id,
            area_code=lead.village_id,
        )
        _settle_application(lead, by=by, on=on, status=ApplicationStatus.ACCEPTED)
    return lead


def _settle_application(lead: Lead, *, by: Any, on: dt.date, status: str, reason: str = "") -> None:
    """The online application behind ``lead`` (if any) follows the township's decision on it."""
    application = Application.objects.select_for_update().filter(lead=lead, status=ApplicationStatus.PENDING).first()
    if application is not None:
        changes = {"status": status, "reason": reason, "handled_on": on, "handled_by": by}
        audited_update(
            application,
            by=by,
            changes=changes,
            fields=["status", "reason"],
            lock=False,
            household_id=lead.household_id,
            area_code=lead.village_id,
        )


def lead_close(*, by: Any, lead: Lead, reason: str, on: dt.date | None = None) -> Lead:
    """Not a risk (or an application not accepted): closed with the reason."""
    capability = Capability.ACCEPT_APPLICATIONS if lead.status == codes.LeadStatus.SUBMITTED else Capability.HOME_CHECK
    require(by, capability, lead.village_id)
    if not reason.strip():
        raise ValidationError({"reason": "请填写排除理由"})
    on = check_date(on, not_before=lead.reported_on, what="发现日期")
    with transaction.atomic():
        lead = _locked_lead(lead, codes.LeadStatus.SUBMITTED, codes.LeadStatus.OPEN)
        if lead.status == codes.LeadStatus.SUBMITTED:  # not accepted: the applicant reads the reason
            _settle_application(lead, by=by, on=on, status=ApplicationStatus.REJECTED, reason=reason.strip())
        lead, _ = audited_update(
            lead,
            by=by,
            changes={"status": codes.LeadStatus.CLOSED, "outcome": reason.strip(), "checked_on": on, "checked_by": by},
            fields=["status", "checked_on"],
            lock=False,
            household_id=lead.household_id,
            area_code=lead.village_id,
            reason=reason.strip(),
        )
    return lead


def lead_convert(
    *,
    by: Any,
    lead: Lead,
    risks: Iterable[RiskInput],
    findings: str = "",
    on: dt.date | None = None,
    category: str = "",
) -> Case:
    """Checked at home and at risk: a new case, or — if the household has an open case — joined to it.
    Other open leads of the household join the same case, so one household never has two."""
    require(by, Capability.HOME_CHECK, lead.village_id)
    risk_list = clean_risks(risks)
    clean_category(category)
    on = check_date(on, not_before=lead.reported_on, what="发现日期")
    with transaction.atomic():
        lead = _locked_lead(lead, codes.LeadStatus.OPEN)
        existing = Case.objects.select_for_update().filter(household=lead.household, is_open=True).first()
        if existing is not None:
            case = _join(by=by, case=existing, lead=lead, risks=risk_list, on=on)
        else:
            case = open_case(
                by=by,
                household=lead.household,
                channel=lead.channel,
                opened_on=lead.reported_on,
                risks=risk_list,
                on=on,
                category=category,
                reason=findings,
            )
            _mark_lead(lead, case, codes.LeadStatus.CONVERTED, findings or "入户核实存在风险，启动识别程序", on, by)
        others = Lead.objects.select_for_update().filter(household=lead.household, status=codes.LeadStatus.OPEN)
        for other in others.exclude(pk=lead.pk):
            _mark_lead(other, case, codes.LeadStatus.JOINED, "同户线索一并核实，并入在办监测对象", on, by)
    return case


def _mark_lead(lead: Lead, case: Case, status: str, outcome: str, on: dt.date, by: Any) -> None:
    audited_update(
        lead,
        by=by,
        changes={"status": status, "case": case, "outcome": outcome, "checked_on": on, "checked_by": by},
        fields=["status", "checked_on"],
        lock=False,
        household_id=lead.household_id,
        area_code=lead.village_id,
    )


def _join(*, by: Any, case: Case, lead: Lead, risks: Sequence[tuple[str, str]], on: dt.date) -> Case:
    merged = dict(case.risks.values_list("code", "disaster_subtype"))
    added = [c for c, _ in risks if c not in merged]
    merged.update({c: s for c, s in risks if c not in merged})
    set_risks(case, clean_risks(merged.items()))
    case = case_event(
        case,
        by=by,
        action="lead_joined",
        label="并入新线索",
        on=on,
        reason=lead.summary,
        payload={"channel": lead.get_channel_display(), "added_risks": [codes.RISK_CODE_LABELS[c] for c in added]},
    )
    _mark_lead(lead, case, codes.LeadStatus.JOINED, "该户已有在办监测对象，线索并入", on, by)
    return case


def open_case(
    *,
    by: Any,
    household: Household,
    channel: str,
    opened_on: dt.date,
    risks: Sequence[tuple[str, str]],
    on: dt.date,
    category: str = "",
    reason: str = "",
    fast_track_event: str = "",
) -> Case:
    """A new case at the first step of identification (inside the caller's transaction): the case, its risks,
    the first row of its history and the audit entry of its creation."""
    days = policy_bridge.int_param("identification_days", household.village_id, opened_on)
    previous = Case.objects.filter(household=household, status=codes.Status.ELIMINATED).order_by("-period_end").first()
    case = Case.objects.create(
        household=household,
        village_id=household.village_id,
        status=codes.Status.ID_HOME_CHECK,
        status_on=on,
        category=category,
        channel=channel,
        contact=by if getattr(by, "role", "") == Role.VILLAGE_CONTACT else None,
        opened_on=opened_on,
        deadline=opened_on + dt.timedelta(days=days),
        fast_track=bool(fast_track_event),
        fast_track_event=fast_track_event,
        previous=previous,
        created_by=by if getattr(by, "pk", None) else None,
    )
    set_risks(case, risks)
    label = "风险再标注（启动识别）" if previous else "启动识别程序"
    if fast_track_event:
        label = "村级研判确认（先帮扶后认定）"
    CASE_FLOW.record_start(
        case,
        by=by,
        action="open",
        label=label,
        on=on,
        reason=reason,
        payload={"risks": risk_labels(case), "deadline": case.deadline.isoformat()},
    )
    audit_entry(
        actor=by,
        action=AuditEntry.Action.CREATE,
        obj=case,
        changes={
            "环节": [None, label],
            "状态": [None, case.get_status_display()],
            "风险类型": [None, risk_labels(case)],
        },
        household_id=household.pk,
        area_code=household.village_id,
        reason=reason,
    )
    return case


def case_open_fast_track(
    *,
    by: Any,
    household: Household,
    event: str,
    risks: Sequence[RiskInput],
    on: dt.date | None = None,
    channel: str = codes.Channel.CADRE_VISIT,
) -> Case:
    """先帮扶后认定, monitoring's half: after a disaster or severe sudden event the village confirms the risk at
    once; the household's case (a new one at the first step of identification, with a lead recording the event,
    or its case still in identification) shows "assistance before identification" until the procedure completes.
    Assistance's ``case_fast_track`` calls this and records the measures in the same transaction."""
    require(by, Capability.FAST_TRACK, household.village_id)
    if not event.strip():
        raise ValidationError({"event": "请填写突发事件情况（灾害或重大变故）"})
    if channel not in codes.Channel.values:
        raise ValidationError({"channel": f"发现渠道“{channel}”不在代码表中"})
    risk_list = clean_risks(risks)
    on = check_date(on)
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(household=household, is_open=True).first()
        if case is not None and case.status not in codes.IDENTIFICATION_STATUSES:
            raise ValidationError({"household": "该户已是监测对象，请直接在帮扶计划中落实措施"})
        if case is not None:
            return case_event(
                case,
                by=by,
                action="fast_track",
                label="村级研判确认（先帮扶后认定）",
                on=on,
                reason=event.strip(),
                fast_track_event=event.strip(),
            )
        lead = audited_create(
            Lead(
                household=household,
                village_id=household.village_id,
                channel=channel,
                summary=event.strip(),
                reported_on=on,
                due_on=on,
                status=codes.LeadStatus.CONVERTED,
                checked_on=on,
                checked_by=by,
                outcome="村级研判确认，先帮扶后认定",
            ),
            by=by,
            fields=["channel", "summary", "status"],
            household_id=household.pk,
            area_code=household.village_id,
        )
        case = open_case(
            by=by,
            household=household,
            channel=channel,
            opened_on=on,
            risks=risk_list,
            on=on,
            reason=event.strip(),
            fast_track_event=event.strip(),
        )
        lead.case = case
        lead.save(update_fields=["case"])
    return case


def lead_from_system(*, household: Household, channel: str, summary: str, **fields: Any) -> Lead:
    """A lead the system finds itself (``lowincome.classify``, 大数据比对): trusted caller, as ``lead_online``."""
    fields.setdefault("reported_on", timezone.localdate())
    return _lead_save(by=fields.pop("by", None), household=household, channel=channel, summary=summary, **fields)
