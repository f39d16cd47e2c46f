"""Taking one step of ``workflow.CASE_FLOW``: what a case step adds to the generic engine, through its
``prepare`` and ``after`` hooks, all in the engine's one transaction.

- ``prepare``: the service's own check (``check``: validates, returns the fields it sets), then the policy
  assessment frozen at a step forward (the elimination check blocks when it fails), open or closed, and what a
  return or an end undoes; the frozen assessment becomes the history row's ``snapshot``.
- ``after``: the uploaded files attached to the row; the notices that end with the procedure or its notice step.
The engine itself locks the row, checks status, version, role, area, level and date, writes the status, the
history row and the audit entry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shoudi.monitoring import codes, policy_bridge
from shoudi.monitoring.common import discard_files
from shoudi.monitoring.models import Attachment, Case, CaseTransition, NoticeEntry
from shoudi.monitoring.models_checks import DecisionKind
from shoudi.monitoring.services import attachment_add
from shoudi.monitoring.workflow import CASE_FLOW, FORWARD, RESTING, CaseStep

S = codes.Status
Upload = tuple[str, UploadedFile]  # (attachment kind, uploaded file)
Check = Callable[[Case, dt.date], Mapping[str, Any] | None]


class EliminationBlocked(ValidationError):
    """The elimination check failed; ``failing`` has the policy codes, ``reasons`` the Chinese explanations."""

    def __init__(self, failing: Sequence[str], reasons: Sequence[str]) -> None:
        self.failing, self.reasons = tuple(failing), tuple(reasons)
        super().__init__([f"不符合风险消除条件：{r}" for r in reasons], code="elimination_blocked")


def action_for(case: Case, suffix: str) -> str:
    """The action of the step forward from the case's status (as the caller saw it) that ends with ``suffix``;
    ``suffix`` itself when there is none, which the engine refuses as "not this step now"."""
    for step in CASE_FLOW.steps_from(case.status):
        if isinstance(step, CaseStep) and step.kind == FORWARD and step.action.endswith(suffix):
            return step.action
    return suffix


def _freeze(case: Case, step: CaseStep, on: dt.date, kind: str) -> dict[str, Any]:
    """The assessment frozen on this step; blocks when the step runs the elimination check and it fails."""
    if step.procedure == codes.Procedure.ELIMINATION:
        check = policy_bridge.check_elimination(case, on, kind or case.elimination_kind or "assisted")
        if step.check_elimination and not check.eligible:
            raise EliminationBlocked(check.failing, check.reasons)
        return check.result
    labels = tuple(codes.RISK_CODE_LABELS[c] for c in case.risks.values_list("code", flat=True))
    return policy_bridge.assess_household(case.household, on, risks=labels, assembly=assembly_override(case))


def assembly_override(case: Case) -> dict[str, Any]:
    """A 村民代表大会 decision recorded on the case (``monitoring.exclusions``) overrides the exclusion in the
    frozen assessment, as the registry's own flag does."""
    decision = case.exclusion_decisions.active().filter(kind=DecisionKind.ASSEMBLY).order_by("-decided_on").first()
    if decision is None:
        return {}
    note = f"{decision.decided_on.isoformat()} 村民代表大会{decision.attendance}人参会，同意{decision.votes_for}票"
    return {"assembly_override": True, "assembly_note": note}


def _assessed(result: dict[str, Any], on: dt.date) -> dict[str, Any]:
    fields: dict[str, Any] = {"assessment": result, "assessed_on": on}
    if not result.get("error"):
        fields["assessed_income_pc"] = Decimal(result["per_capita_net_income"])
        fields["assessed_line"] = Decimal(result["line"])
    return fields


def _undone(case: Case, step: CaseStep, on: dt.date) -> dict[str, Any]:
    """What a return or an end undoes: an identification that ends closes the period; an elimination that
    goes back to monitoring forgets its kind."""
    fields: dict[str, Any] = {}
    if step.target == S.NOT_INCLUDED:
        fields["period_end"] = on
    if step.target == S.MONITORED and case.status in codes.ELIMINATION_STATUSES:
        fields["elimination_kind"] = ""
    return fields


def end_notices(case: Case, kind: str | None = None) -> None:
    entries = NoticeEntry.objects.filter(case=case, active=True)
    if kind:
        entries = entries.filter(notice__kind=kind)
    entries.update(active=False)


def take(
    case: Case,
    action: str,
    *,
    by: Any,
    on: dt.date | None,
    reason: str = "",
    payload: dict[str, Any] | None = None,
    expected_version: int | None = None,
    check: Check | None = None,
    uploads: Sequence[Upload] = (),
    kind: str = "",
    on_row: Callable[[Case, CaseTransition], Any] | None = None,
) -> Case:
    """Take ``action`` on ``case`` through ``CASE_FLOW`` with the monitoring hooks. ``payload`` may be filled
        by ``check`` (it is recorded after ``check`` ran); ``on_row`` writes what belongs to the step's history row
    (信息比对's marks); files stored for a step that fails are removed."""
    stored: list[Attachment] = []
    frozen: dict[str, Any] = {}

    def prepare(current: Case, step: Any, day: dt.date) -> dict[str, Any]:
        fields = dict(check(current, day) or {}) if check is not None else {}
        if step.kind == FORWARD:
            frozen.update(_freeze(current, step, day, kind))
            if step.action == "id_home_check" and not fields.get("category") and not current.category:
                fields["category"] = frozen.get("potential_category", "")
            fields.update(_assessed(frozen, day))
        else:
            fields.update(_undone(current, step, day))
        fields["is_open"] = step.target not in codes.CLOSED_STATUSES
        return fields

    def after(current: Case, step: Any, row: Any) -> None:
        for attachment_kind, upload in uploads:
            stored.append(attachment_add(by=by, case=current, kind=attachment_kind, upload=upload, transition=row))
        if on_row is not None and step.kind == FORWARD:
            on_row(current, row)
        source = row.from_status
        if step.kind != FORWARD and source in codes.NOTICE_STATUSES:
            end_notices(current, codes.NOTICE_KIND_BY_STATUS[codes.Status(source)])
        if step.target in RESTING:
            end_notices(current)

    try:
        current, _row = CASE_FLOW.advance(
            case,
            action,
            by=by,
            on=on,
            reason=reason,
            payload=payload if payload is not None else {},
            expected_version=expected_version,
            prepare=prepare,
            after=after,
            snapshot=lambda _case: dict(frozen),
        )
    except Exception:
        discard_files(stored)
        raise
    return current


def last_row(case: Case) -> CaseTransition | None:
    return case.transitions.order_by("-at", "-id").first()
