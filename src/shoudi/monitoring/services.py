"""Writes for leads and cases outside the step-by-step procedures. Leads live in ``monitoring.leads`` and
are re-exported here; the procedures are in ``monitoring.transitions``; notices in ``monitoring.notices``; the
fast track (先帮扶后认定), which records measures at once, is assistance's ``case_fast_track`` on top of
``leads.case_open_fast_track``.

Every service checks the actor's role and area, runs in one transaction and leaves an audit entry.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.accounts.roles import Role
from shoudi.core.access import Capability, NotVisible, can, code_in_user_area, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.monitoring import codes
from shoudi.monitoring.common import (  # noqa: F401 - the shared helpers, re-exported for callers
    RiskInput,
    check_date,
    clean_risks,
    discard_files,
    open_case_of,
    risk_labels,
    set_risks,
)
from shoudi.monitoring.leads import (  # noqa: F401 - the lead services, re-exported
    case_open_fast_track,
    lead_accept,
    lead_close,
    lead_convert,
    lead_create,
    lead_from_warning,
    open_case,
)
from shoudi.monitoring.models import Attachment, Case, CaseTransition
from shoudi.monitoring.uploads import validate_upload


def case_assign(
    *, by: Any, case: Case, contact: Any = None, helper: Any = None, expected_version: int | None = None
) -> Case:
    """Name the monitoring contact (a village contact of the case's village) and the helper cadre."""
    require(by, Capability.PLAN_ASSISTANCE, case.village_id)
    if contact is not None and (contact.role != Role.VILLAGE_CONTACT or contact.area_id != case.village_id):
        raise ValidationError({"contact": "监测联系人须为本村的监测联系人/网格员"})
    if helper is not None and not code_in_user_area(helper, case.village_id):
        raise ValidationError({"helper": "帮扶责任人的负责区域须包含该户所在村"})
    changes = {"contact": contact or case.contact, "helper": helper or case.helper}
    updated, _ = audited_update(
        case,
        by=by,
        changes=changes,
        fields=["contact", "helper"],
        expected_version=expected_version,
        household_id=case.household_id,
        area_code=case.village_id,
        conflict_message="该监测对象已被他人办理或修改，请刷新后重试",
    )
    return updated


ATTACH_CAPABILITIES = (
    Capability.HOME_CHECK,
    Capability.VILLAGE_REVIEW,
    Capability.DATA_CHECK,
    Capability.REVIEW_CASES,
    Capability.DECIDE_CASES,
    Capability.ENTER_CASES,
)


def attachment_add(
    *, by: Any, case: Case, kind: str, upload: UploadedFile, transition: CaseTransition | None = None
) -> Attachment:
    """A scan or photo of the case (the signed promise, minutes…), checked by its content."""
    require(by, Capability.VIEW_CASES, case.village_id)
    if not any(can(by, c) for c in ATTACH_CAPABILITIES):
        raise NotVisible()
    if kind not in codes.AttachmentKind.values:
        raise ValidationError({"kind": f"材料类型“{kind}”不在代码表中"})
    content_type = validate_upload(upload)
    attachment = Attachment(
        case=case,
        transition=transition,
        kind=kind,
        original_name=str(upload.name)[:200],
        content_type=content_type,
        size=upload.size or 0,
    )
    try:
        with transaction.atomic():
            attachment.file.save(str(upload.name), upload, save=False)
            audited_create(
                attachment,
                by=by,
                fields=["kind", "original_name"],
                household_id=case.household_id,
                area_code=case.village_id,
            )
    except Exception:
        discard_files([attachment])
        raise
    return attachment
