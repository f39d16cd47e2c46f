"""Writes to the project library. Every step is a keyword-only service in one transaction that checks role and
area, writes a ``ProjectStep`` with a snapshot of the project and an audit entry."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import Capability
from shoudi.core.audit import audit_entry, diff
from shoudi.core.inputs import choice, date_value, money, text
from shoudi.core.models import AuditEntry
from shoudi.projects import workflow
from shoudi.projects.codes import FundSource, ProjectKind, ProjectLevel, TargetCategory, TargetDirection
from shoudi.projects.models import PerformanceTarget, Project, ProjectFunding, ProjectStatus
from shoudi.projects.steps import (
    INPUT_FIELDS,
    LEVEL_BY_LENGTH,
    entry_problems,
    project_snapshot,
    require_actor,
    to_int,
    transition,
)
from shoudi.regions.models import Region


def _apply(project: Project, data: Mapping[str, Any]) -> None:
    for name in INPUT_FIELDS:
        if name not in data:
            continue
        value = data[name]
        if name == "kind":
            value = choice(value, ProjectKind, name, "项目类型")
        elif name in ("planned_start", "planned_end"):
            value = date_value(value, name, _label(name), required=False)
        elif name in ("year", "benefit_households", "benefit_people", "benefit_poor_households"):
            value = to_int(value, name, _label(name))
        else:
            value = str(value or "").strip()
        setattr(project, name, value)
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        raise ValidationError({"planned_end": "计划完工日期不能早于计划开工日期"})
    if project.benefit_poor_households > project.benefit_households:
        raise ValidationError({"benefit_poor_households": "脱贫户和监测户户数不能超过受益户数"})
    project.full_clean(exclude=["code", "area", "created_by", "updated_by"], validate_unique=False)


def _label(name: str) -> str:
    return str(getattr(Project._meta.get_field(name), "verbose_name", name))


def _fundings(raw: Mapping[str, Any]) -> dict[str, Decimal]:
    result = {}
    for source, amount in raw.items():
        key = choice(source, FundSource, "fundings", "资金来源")
        value = money(amount, "fundings", f"{FundSource(key).label}", required=False)
        if value:
            result[key] = value
    return result


def _targets(raw: Sequence[Mapping[str, Any]]) -> list[PerformanceTarget]:
    rows = []
    for n, item in enumerate(raw, start=1):
        if not str(item.get("indicator") or "").strip():
            continue
        value = money(item.get("target_value"), "targets", f"第{n}项绩效目标的目标值")
        assert value is not None
        rows.append(
            PerformanceTarget(
                category=choice(item.get("category") or "output", TargetCategory, "targets", f"第{n}项指标类别"),
                indicator=text(item.get("indicator"), "targets", f"第{n}项绩效指标"),
                direction=choice(item.get("direction") or "at_least", TargetDirection, "targets", f"第{n}项目标方向"),
                target_value=value,
                unit=text(item.get("unit"), "targets", f"第{n}项计量单位", max_length=20),
            )
        )
    return rows


def _next_code(year: int, area: str) -> str:
    prefix = f"XM{year}{area}"
    count = Project.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def project_create(
    *,
    by: Any,
    area_code: str,
    data: Mapping[str, Any],
    fundings: Mapping[str, Any],
    targets: Sequence[Mapping[str, Any]],
) -> Project:
    """A draft project of the proposer's own village, township or county library."""
    area = Region.objects.filter(code=str(area_code or "")).first()
    if area is None or len(area.code) not in LEVEL_BY_LENGTH:
        raise ValidationError({"area": "项目所属区域须为村、乡镇或县"})
    require_actor(by, Capability.PROPOSE_PROJECTS, area.code, "项目申报", own_level=True)
    project = Project(area=area, level=LEVEL_BY_LENGTH[len(area.code)], created_by=by, updated_by=by)
    _apply(project, data)
    budget = _fundings(fundings)
    rows = _targets(targets)
    with transaction.atomic():
        project.code = _next_code(project.year, area.code)
        project.save()
        ProjectFunding.objects.bulk_create(
            [ProjectFunding(project=project, source=s, amount=a) for s, a in budget.items()]
        )
        for row in rows:
            row.project = project
        PerformanceTarget.objects.bulk_create(rows)
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=project,
            changes={k: [None, v] for k, v in project_snapshot(project).items()},
            area_code=area.code,
        )
    return project


def project_update(
    *,
    by: Any,
    project: Project,
    data: Mapping[str, Any],
    fundings: Mapping[str, Any] | None = None,
    targets: Sequence[Mapping[str, Any]] | None = None,
) -> Project:
    """Edit a draft (before submission, or after it was returned)."""
    require_actor(by, Capability.PROPOSE_PROJECTS, project.area_id, "项目修改", own_level=True)
    if project.status not in workflow.EDITABLE:
        raise ValidationError("项目已申报，不能修改；如需修改请由审核单位退回", code="bad_state")
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        before = project_snapshot(current)
        _apply(current, data)
        current.updated_by = by
        current.save()
        if fundings is not None:
            current.fundings.all().delete()
            ProjectFunding.objects.bulk_create(
                [ProjectFunding(project=current, source=s, amount=a) for s, a in _fundings(fundings).items()]
            )
        if targets is not None:
            current.targets.all().delete()
            rows = _targets(targets)
            for row in rows:
                row.project = current
            PerformanceTarget.objects.bulk_create(rows)
        changes = diff(before, project_snapshot(current))
        if changes:
            audit_entry(
                actor=by, action=AuditEntry.Action.UPDATE, obj=current, changes=changes, area_code=current.area_id
            )
    return current


def project_submit(*, by: Any, project: Project, notice: tuple[Any, Any], opinion: str = "") -> Project:
    """村申报 (village projects go to the township); township and county projects go straight to the county."""
    action = "submit" if project.level == ProjectLevel.VILLAGE else "submit_to_county"
    return transition(
        by=by, project=project, action=action, opinion=opinion, notice=notice, entry_check=True, own_level=True
    )


def project_review(
    *, by: Any, project: Project, checklist: Iterable[str], notice: tuple[Any, Any], opinion: str = ""
) -> Project:
    """乡审核: entry checks and the barred-kinds checklist."""
    return transition(
        by=by, project=project, action="review", opinion=opinion, notice=notice, checklist=checklist, entry_check=True
    )


def project_decide(
    *, by: Any, project: Project, checklist: Iterable[str], notice: tuple[Any, Any], opinion: str = ""
) -> Project:
    """县审定: the project enters the library."""
    return transition(
        by=by, project=project, action="decide", opinion=opinion, notice=notice, checklist=checklist, entry_check=True
    )


def project_return(*, by: Any, project: Project, opinion: str) -> Project:
    if not str(opinion or "").strip():
        raise ValidationError({"opinion": "退回须填写理由"})
    action = "return_to_village" if project.status == ProjectStatus.SUBMITTED else "return_from_county"
    return transition(by=by, project=project, action=action, opinion=opinion)


# The steps after entry (plan, implementation, acceptance, evaluation, exit) live in ``delivery``.
from shoudi.projects.delivery import (  # noqa: E402
    notice_today,
    payment_add,
    project_accept,
    project_complete,
    project_evaluate,
    project_exit,
    project_plan,
    project_progress,
    project_reject_acceptance,
    project_start,
    project_unplan,
)

__all__ = [
    "entry_problems",
    "notice_today",
    "payment_add",
    "project_accept",
    "project_complete",
    "project_create",
    "project_decide",
    "project_evaluate",
    "project_exit",
    "project_plan",
    "project_progress",
    "project_reject_acceptance",
    "project_return",
    "project_review",
    "project_snapshot",
    "project_start",
    "project_submit",
    "project_unplan",
    "project_update",
]
