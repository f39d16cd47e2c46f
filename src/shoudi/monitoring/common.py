"""Pieces every monitoring service shares: role and area checks, dates, risk codes, the status-change row
with its audit entry, the optimistic-lock write, and removing files of rolled-back rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case, CaseRisk, CaseTransition
from shoudi.registry.models import Household

RiskInput = tuple[str, str] | str  # a risk code, or (code, disaster subtype)


def require_can(by: Any, capability: Capability, village_code: str, message: str = "当前角色无权办理此事项") -> None:
    """Role and area, or a "forbidden" error (the API and pages show it as not found)."""
    if not getattr(by, "is_authenticated", False) or not by.can(capability):
        raise ValidationError(message, code="forbidden")
    if not code_in_user_area(by, village_code):
        raise ValidationError("该农户不在您负责的区域内", code="forbidden")


def check_date(on: dt.date | None, *, field: str = "on", not_before: dt.date | None = None, what: str = "") -> dt.date:
    today = timezone.localdate()
    on = on or today
    if on > today:
        raise ValidationError({field: f"日期 {on.isoformat()} 晚于今天，不能预填"})
    if not_before and on < not_before:
        raise ValidationError({field: f"日期 {on.isoformat()} 早于{what or '上一环节'}（{not_before.isoformat()}）"})
    return on


def clean_risks(risks: Iterable[RiskInput]) -> list[tuple[str, str]]:
    """Validated (code, disaster subtype) pairs: known codes, at most five risk types, subtype only for 灾害."""
    result: dict[str, str] = {}
    for item in risks:
        code, subtype = (item, "") if isinstance(item, str) else (item[0], item[1] or "")
        if code not in codes.RISK_CODE_LABELS:
            raise ValidationError({"risks": f"风险类型“{code}”不在代码表中"})
        if subtype and code != codes.RiskType.DISASTER:
            raise ValidationError({"risks": f"只有“因自然灾害”可以填写灾害类型（{codes.RISK_CODE_LABELS[code]}）"})
        if subtype and subtype not in codes.DisasterSubtype.values:
            raise ValidationError({"risks": f"灾害类型“{subtype}”不在代码表中"})
        result[code] = subtype
    types = [c for c in result if c in codes.RiskType.values]
    if len(types) > codes.MAX_RISK_TYPES:
        raise ValidationError({"risks": f"风险类型最多 {codes.MAX_RISK_TYPES} 项，当前 {len(types)} 项"})
    if not types:
        raise ValidationError({"risks": "请至少选择一项风险类型"})
    return list(result.items())


def set_risks(case: Case, risks: Sequence[tuple[str, str]]) -> None:
    CaseRisk.objects.filter(case=case).delete()
    CaseRisk.objects.bulk_create([CaseRisk(case=case, code=c, disaster_subtype=s) for c, s in risks])


def risk_labels(case: Case) -> list[str]:
    return [str(r) for r in case.risks.all()]


def open_case_of(household: Household) -> Case | None:
    return Case.objects.filter(household=household, is_open=True).first()


def record_transition(
    *,
    case: Case,
    by: Any,
    action: str,
    label: str,
    from_status: str,
    on: dt.date,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    assessment: dict[str, Any] | None = None,
) -> CaseTransition:
    """The status-change row and the audit entry of one change of ``case`` (its status is already set)."""
    row = CaseTransition.objects.create(
        case=case,
        action=action,
        label=label,
        from_status=from_status,
        to_status=case.status,
        actor=by if getattr(by, "pk", None) else None,
        actor_name=getattr(by, "display_name", "") or "系统",
        on=on,
        reason=reason,
        payload=dict(payload or {}),
        assessment=assessment,
    )
    labels = dict(codes.Status.choices)
    audit_entry(
        actor=by,
        action=AuditEntry.Action.TRANSITION,
        obj=case,
        changes={"环节": [None, label], "状态": [labels.get(from_status), labels.get(case.status)]},
        household_id=case.household_id,
        area_code=case.village_id,
        reason=reason,
    )
    return row


def bump(case: Case, by: Any, expected_version: int | None = None, **fields: Any) -> None:
    """Write ``fields`` if nobody changed the case since it was read (optimistic lock); version + 1."""
    version = case.version if expected_version is None else expected_version
    updated = Case.objects.filter(pk=case.pk, version=version).update(
        **fields,
        version=F("version") + 1,
        updated_at=timezone.now(),
        updated_by=by if getattr(by, "pk", None) else None,
    )
    if updated != 1:
        raise ConflictError("该监测对象已被他人办理或修改，请刷新后重试", code="conflict")
    for name, value in fields.items():
        setattr(case, name, value)
    case.version = version + 1


def discard_files(attachments: Iterable[Any]) -> None:
    """Remove stored files whose rows were rolled back (the database cannot take files back by itself)."""
    for attachment in attachments:
        if attachment.file and attachment.file.name:
            attachment.file.storage.delete(attachment.file.name)
