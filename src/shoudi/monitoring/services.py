"""Writes for leads and cases outside the step-by-step procedures. Leads live in ``monitoring.leads`` and
are re-exported here; the procedures are in ``monitoring.transitions``; notices in ``monitoring.notices``.

Every service checks the actor's role and area, runs in one transaction and leaves an audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.monitoring.common import (  # noqa: F401 - the shared helpers, re-exported for callers
    RiskInput,
    bump,
    check_date,
    clean_risks,
    discard_files,
    open_case_of,
    record_transition,
    require_can,
    risk_labels,
    set_risks,
)
from shoudi.monitoring.leads import (  # noqa: F401 - the lead services, re-exported
    lead_accept,
    lead_close,
    lead_convert,
    lead_create,
    lead_from_warning,
    open_case,
)
from shoudi.monitoring.models import Attachment, Case, CaseTransition, Lead
from shoudi.monitoring.uploads import validate_upload
from shoudi.registry.models import Household


def case_fast_track(
    *,
    by: Any,
    household: Household,
    event: str,
    risks: Iterable[RiskInput],
    measures: Sequence[Mapping[str, Any]],
    on: dt.date | None = None,
    channel: str = codes.Channel.CADRE_VISIT,
) -> Case:
    """先帮扶后认定: after a disaster or severe sudden event the village confirms the risk and records measures
    at once; the case shows "assistance before identification" until the procedure completes."""
    from shoudi.assistance.services import measure_add

    require_can(by, Capability.FAST_TRACK, household.village_id)
    if not event.strip():
        raise ValidationError({"event": "请填写突发事件情况（灾害或重大变故）"})
    if not measures:
        raise ValidationError({"measures": "先帮扶后认定须同时录入至少一项帮扶措施"})
    risk_list = clean_risks(risks)
    on = check_date(on)
    with transaction.atomic():
        case = Case.objects.select_for_update().filter(household=household, is_open=True).first()
        if case is not None and case.status not in codes.IDENTIFICATION_STATUSES:
            raise ValidationError({"household": "该户已是监测对象，请直接在帮扶计划中落实措施"})
        if case is None:
            lead = Lead.objects.create(
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
                created_by=by,
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
        else:
            bump(case, by, fast_track=True, fast_track_event=event.strip())
            record_transition(
                case=case,
                by=by,
                action="fast_track",
                label="村级研判确认（先帮扶后认定）",
                from_status=case.status,
                on=on,
                reason=event.strip(),
            )
        for item in measures:
            measure_add(by=by, case=case, before_identification=True, **dict(item))
    return case


def case_assign(
    *, by: Any, case: Case, contact: Any = None, helper: Any = None, expected_version: int | None = None
) -> Case:
    """Name the monitoring contact (a village contact of the case's village) and the helper cadre."""
    require_can(by, Capability.PLAN_ASSISTANCE, case.village_id)
    if contact is not None and (contact.role != "village_contact" or contact.area_id != case.village_id):
        raise ValidationError({"contact": "监测联系人须为本村的监测联系人/网格员"})
    if helper is not None and not code_in_user_area(helper, case.village_id):
        raise ValidationError({"helper": "帮扶责任人的负责区域须包含该户所在村"})
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("household").get(pk=case.pk)
        before = (case.contact_id, case.helper_id)
        bump(case, by, expected_version, contact=contact or case.contact, helper=helper or case.helper)
        if before != (case.contact_id, case.helper_id):
            audit_entry(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=case,
                changes={"监测联系人": [None, str(case.contact or "")], "帮扶责任人": [None, str(case.helper or "")]},
                household_id=case.household_id,
                area_code=case.village_id,
            )
    return case


ATTACH_CAPABILITIES = (
    Capability.HOME_CHECK,
    Capability.VILLAGE_REVIEW,
    Capability.DATA_CHECK,
    Capability.REVIEW_CASES,
    Capability.DECIDE_CASES,
    Capability.ENTER_CASES,
)


def attachment_add(
    *, by: Any, case: Case, kind: str, upload: Any, transition: CaseTransition | None = None
) -> Attachment:
    if not any(by.can(c) for c in ATTACH_CAPABILITIES):
        raise ValidationError("当前角色无权上传材料", code="forbidden")
    require_can(by, Capability.VIEW_CASES, case.village_id)
    if kind not in codes.AttachmentKind.values:
        raise ValidationError({"kind": f"材料类型“{kind}”不在代码表中"})
    content_type = validate_upload(upload)
    attachment = Attachment(
        case=case,
        transition=transition,
        kind=kind,
        original_name=str(upload.name)[:200],
        content_type=content_type,
        size=upload.size,
        created_by=by,
    )
    try:
        with transaction.atomic():
            attachment.file.save(str(upload.name), upload, save=False)
            attachment.save()
            audit_entry(
                actor=by,
                action=AuditEntry.Action.CREATE,
                obj=attachment,
                changes={"材料": [None, f"{attachment.get_kind_display()} {attachment.original_name}"]},
                household_id=case.household_id,
                area_code=case.village_id,
            )
    except Exception:
        discard_files([attachment])
        raise
    return attachment
