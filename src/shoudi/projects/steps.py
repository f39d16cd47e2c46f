"""The shared core of the project services: the role+area check, the project snapshot and the one transition
function that moves a project along ``workflow.TRANSITIONS`` with its step row and audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import Capability, code_in_user_area
from shoudi.core.audit import audit_entry, snapshot
from shoudi.core.inputs import date_value
from shoudi.core.models import AuditEntry
from shoudi.projects import workflow
from shoudi.projects.codes import LEVEL_CODE_LENGTH, BarredKind
from shoudi.projects.models import Project, ProjectStep

PROJECT_FIELDS = [
    "code",
    "name",
    "year",
    "level",
    "area",
    "kind",
    "implementing_unit",
    "content",
    "benefit_households",
    "benefit_people",
    "benefit_poor_households",
    "benefit_mechanism",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "progress",
    "exit_reason",
    "exit_note",
    "evaluation",
]
INPUT_FIELDS = [
    "name",
    "year",
    "kind",
    "implementing_unit",
    "content",
    "benefit_households",
    "benefit_people",
    "benefit_poor_households",
    "benefit_mechanism",
    "planned_start",
    "planned_end",
]
LEVEL_BY_LENGTH = {v: k for k, v in LEVEL_CODE_LENGTH.items()}


def project_snapshot(project: Project) -> dict[str, Any]:
    data = snapshot(project, PROJECT_FIELDS)
    data["资金"] = {f.get_source_display(): f"{f.amount:.2f}" for f in project.fundings.all()}
    data["绩效目标"] = [
        f"{t.get_category_display()}：{t}" + (f"（实际{t.actual_value}{t.unit}）" if t.actual_value is not None else "")
        for t in project.targets.all()
    ]
    data["已支付"] = f"{project.paid_total:.2f}"
    return data


def require_actor(by: Any, capability: Capability, project_area: str, what: str, *, own_level: bool = False) -> None:
    if not getattr(by, "is_authenticated", False) or not by.can(capability):
        raise ValidationError(f"当前角色无权办理{what}", code="forbidden")
    if not code_in_user_area(by, project_area):
        raise ValidationError("该项目不在您负责的区域内", code="out_of_area")
    if own_level and by.area_id != project_area:
        raise ValidationError(f"{what}应由项目所属区域的单位办理（村申报、乡审核、县审定）", code="forbidden")


def to_int(value: Any, field: str, label: str) -> int:
    try:
        number = int(str(value or 0).strip() or 0)
    except ValueError:
        raise ValidationError({field: f"{label}“{value}”不是有效整数"}) from None
    if number < 0:
        raise ValidationError({field: f"{label}不能为负数"})
    return number


def entry_problems(project: Project, checklist: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Why a project may not enter the library. ``checklist``: the barred kinds the reviewer confirmed do NOT
    apply; None skips the checklist (the proposer's own submission)."""
    problems: dict[str, list[str]] = {}
    if not project.benefit_mechanism.strip() or project.benefit_households <= 0:
        problems.setdefault("benefit_mechanism", []).append("未建立联农带农机制（须填写受益户数和带动方式）")
    if not project.targets.exists():
        problems.setdefault("targets", []).append("未设定绩效目标")
    if not project.fundings.filter(amount__gt=0).exists():
        problems.setdefault("fundings", []).append("未填写资金来源和计划投入")
    if checklist is not None:
        confirmed = set(checklist)
        missing = [str(kind.label) for kind in BarredKind if kind.value not in confirmed]
        if missing:
            problems.setdefault("checklist", []).append("请逐项确认不属于：" + "；".join(missing))
    return problems


def transition(
    *,
    by: Any,
    project: Project,
    action: str,
    opinion: str = "",
    notice: tuple[Any, Any] | None = None,
    checklist: Iterable[str] | None = None,
    values: Mapping[str, Any] | None = None,
    entry_check: bool = False,
    own_level: bool = False,
) -> Project:
    spec = workflow.ACTIONS[action]
    target = workflow.next_status(project.status, action)
    if target is None:
        raise ValidationError(
            f"项目当前状态为“{project.get_status_display()}”，不能办理“{spec.label}”", code="bad_state"
        )
    require_actor(by, spec.capability, project.area_id, spec.label, own_level=own_level)
    notice_from = notice_to = None
    if spec.notice:
        notice_from = date_value(notice[0] if notice else None, "notice_from", "公示开始日期")
        notice_to = date_value(notice[1] if notice else None, "notice_to", "公示结束日期")
        assert notice_from is not None and notice_to is not None
        if notice_to < notice_from:
            raise ValidationError({"notice_to": "公示结束日期不能早于开始日期"})
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        if current.status != project.status:
            raise ValidationError("项目已被他人处理，请刷新后重试", code="conflict")
        if entry_check:
            problems = entry_problems(current, checklist)
            if problems:
                raise ValidationError(problems)
        before = current.status
        for name, value in (values or {}).items():
            setattr(current, name, value)
        current.status = target
        current.updated_by = by
        current.save()
        ProjectStep.objects.create(
            project=current,
            action=action,
            from_status=before,
            to_status=target,
            actor=by,
            actor_name=getattr(by, "display_name", "") or by.username,
            opinion=str(opinion or "").strip(),
            notice_from=notice_from,
            notice_to=notice_to,
            snapshot=project_snapshot(current),
        )
        audit_entry(
            actor=by,
            action=AuditEntry.Action.TRANSITION,
            obj=current,
            changes={"环节": spec.label, "状态": [before, target]},
            area_code=current.area_id,
            reason=str(opinion or ""),
        )
    return current
