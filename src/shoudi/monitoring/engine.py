"""The engine under every step, return and rejection: lock the case row, check the version the user saw
(optimistic lock) and that the case is still at the step's status, check role, area and — for 审定 — the
approval level, validate, freeze the policy assessment, write the new status, a status-change row and an audit
entry, all in one transaction. The named step services are in ``monitoring.transitions``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import Capability
from shoudi.core.errors import ConflictError
from shoudi.monitoring import codes, policy_bridge, workflow
from shoudi.monitoring.common import bump, check_date, discard_files, record_transition, require_can
from shoudi.monitoring.models import Attachment, Case, NoticeEntry
from shoudi.monitoring.services import attachment_add

S = codes.Status
Upload = tuple[str, Any]  # (attachment kind, uploaded file)


class EliminationBlocked(ValidationError):
    """The elimination check failed; ``failing`` has the policy codes, ``reasons`` the Chinese explanations."""

    def __init__(self, failing: Sequence[str], reasons: Sequence[str]) -> None:
        self.failing, self.reasons = tuple(failing), tuple(reasons)
        super().__init__([f"不符合风险消除条件：{r}" for r in reasons], code="elimination_blocked")


def _lock(case: Case, by: Any, expected_version: int | None) -> Case:
    require_can(by, Capability.VIEW_CASES, case.village_id, "当前角色无权办理监测对象")
    current = Case.objects.select_for_update().select_related("household").get(pk=case.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError("该监测对象已被他人办理或修改，请刷新后重试", code="conflict")
    return current


def _authorize(by: Any, case: Case, capability: Capability, label: str, on: dt.date, decision: bool) -> None:
    require_can(by, capability, case.village_id, f"当前角色无权办理“{label}”")
    if decision:
        length = policy_bridge.approval_area_length(case.village_id, on)
        if len(by.area_id or "") != length:
            level = "市级" if length == 4 else "县级"
            raise ValidationError(f"按本地参数由{level}审定，当前账号不能办理“{label}”", code="forbidden")


def _step(case: Case, suffix: str) -> workflow.Step:
    for step in workflow.next_steps(case.status):
        if step.action.endswith(suffix):
            return step
    raise ConflictError(f"该监测对象当前为“{case.get_status_display()}”，不能办理此环节，请刷新后重试", code="conflict")


def _freeze(case: Case, step: workflow.Step, on: dt.date, kind: str) -> dict[str, Any]:
    """The assessment frozen on this decision; blocks when the step runs the elimination check and it fails."""
    if step.procedure == codes.Procedure.ELIMINATION:
        check = policy_bridge.check_elimination(case, on, kind or case.elimination_kind or "assisted")
        if step.check_elimination and not check.eligible:
            raise EliminationBlocked(check.failing, check.reasons)
        return check.result
    labels = tuple(codes.RISK_CODE_LABELS[c] for c in case.risks.values_list("code", flat=True))
    return policy_bridge.assess_household(case.household, on, risks=labels)


def _assessed(result: dict[str, Any], on: dt.date) -> dict[str, Any]:
    fields: dict[str, Any] = {"assessment": result, "assessed_on": on}
    if not result.get("error"):
        fields["assessed_income_pc"] = Decimal(result["per_capita_net_income"])
        fields["assessed_line"] = Decimal(result["line"])
    return fields


def _end_notices(case: Case, kind: str | None = None) -> None:
    entries = NoticeEntry.objects.filter(case=case, active=True)
    if kind:
        entries = entries.filter(notice__kind=kind)
    entries.update(active=False)


def _status_fields(case: Case, target: str) -> dict[str, Any]:
    return {"status": target, "is_open": target not in codes.CLOSED_STATUSES}


def advance(
    *,
    by: Any,
    case: Case,
    suffix: str,
    on: dt.date | None,
    reason: str = "",
    payload: Mapping[str, Any] | None = None,
    fields: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
    uploads: Sequence[Upload] = (),
    kind: str = "",
    validate: Any = None,
) -> Case:
    """Take the next step of ``case`` (the one whose action ends with ``suffix``)."""
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            case = _lock(case, by, expected_version)
            step = _step(case, suffix)
            day = on or timezone.localdate()
            _authorize(by, case, step.capability, step.label, day, step.decision)
            day = check_date(on, not_before=case.status_on)
            extra = dict(fields or {})
            if validate is not None:
                extra.update(validate(case, day) or {})
            result = _freeze(case, step, day, kind)
            if step.action == "id_home_check" and not extra.get("category") and not case.category:
                extra["category"] = result.get("potential_category", "")
            from_status = case.status
            bump(case, by, None, **_status_fields(case, step.target), status_on=day, **extra, **_assessed(result, day))
            row = record_transition(
                case=case,
                by=by,
                action=step.action,
                label=step.label,
                from_status=from_status,
                on=day,
                reason=reason,
                payload=payload,
                assessment=result,
            )
            for attachment_kind, upload in uploads:
                stored.append(attachment_add(by=by, case=case, kind=attachment_kind, upload=upload, transition=row))
            if step.target in workflow.RESTING:
                _end_notices(case)
    except Exception:
        discard_files(stored)
        raise
    return case


def go_back(
    *,
    by: Any,
    case: Case,
    reason: str,
    on: dt.date | None,
    expected_version: int | None,
    targets: Mapping[str, str],
    label: str,
    action: str,
    payload: Mapping[str, Any] | None = None,
    suffix: str = "",
) -> Case:
    """Return or reject under the same locks and checks as a step (``label`` "" names the rejection)."""
    if not reason.strip():
        raise ValidationError({"reason": "请填写原因"})
    with transaction.atomic():
        case = _lock(case, by, expected_version)
        target = targets.get(case.status)
        steps = workflow.next_steps(case.status)
        if target is None or not steps or (suffix and not steps[0].action.endswith(suffix)):
            raise ConflictError(f"该监测对象当前为“{case.get_status_display()}”，不能{label}", code="conflict")
        label = label or workflow.REJECT_LABELS.get(target, "终止")
        day = on or timezone.localdate()
        _authorize(by, case, steps[0].capability, label, day, steps[0].decision)
        day = check_date(on, not_before=case.status_on)
        from_status = case.status
        fields: dict[str, Any] = {}
        if target == S.NOT_INCLUDED:
            fields["period_end"] = day
        if target == S.MONITORED and from_status in codes.ELIMINATION_STATUSES:
            fields["elimination_kind"] = ""
        if from_status in codes.NOTICE_STATUSES:
            _end_notices(case, codes.NOTICE_KIND_BY_STATUS[codes.Status(from_status)])
        bump(case, by, None, **_status_fields(case, target), status_on=day, **fields)
        record_transition(
            case=case,
            by=by,
            action=action,
            label=label,
            from_status=from_status,
            on=day,
            reason=reason.strip(),
            payload=payload,
        )
        if target in workflow.RESTING:
            _end_notices(case)
    return case
