"""Writes to the project library up to its entry: a draft is proposed and edited by its own area, submitted
(村申报), reviewed (乡审核) and decided (县审定), or returned. Every write is a keyword-only service with typed
inputs (``projects.types``), in one transaction, with its audit entry; every step goes through
``steps.take_step`` (the core workflow engine). The steps after entry live in ``projects.delivery``."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.core.access import Capability, require, require_level
from shoudi.core.audit import audited_create, audited_update, snapshot
from shoudi.projects import workflow
from shoudi.projects.codes import FundSource, ProjectLevel
from shoudi.projects.models import PerformanceTarget, Project, ProjectFunding, ProjectStatus
from shoudi.projects.steps import LEVEL_BY_LENGTH, PROJECT_FIELDS, cents, entry_check, project_snapshot, take_step
from shoudi.projects.types import Notice, ProjectFacts, Target
from shoudi.regions.models import Region


def _check_facts(project: Project) -> None:
    if project.planned_start and project.planned_end and project.planned_end < project.planned_start:
        raise ValidationError({"planned_end": "计划完工日期不能早于计划开工日期"})
    if project.benefit_poor_households > project.benefit_households:
        raise ValidationError({"benefit_poor_households": "脱贫户和监测户户数不能超过受益户数"})


def _budget(fundings: Mapping[str, Decimal]) -> dict[str, Decimal]:
    """The planned amount of each fund source (zero amounts dropped)."""
    result: dict[str, Decimal] = {}
    for source, amount in fundings.items():
        if source not in FundSource.values:
            raise ValidationError({"fundings": f"资金来源“{source}”不在可选项中"})
        label = f"{FundSource(source).label}的计划投入"
        if amount < 0:
            raise ValidationError({"fundings": f"{label}不能为负数"})
        if amount:
            result[source] = cents(amount, "fundings", label)
    return result


def _target_rows(targets: Sequence[Target]) -> list[PerformanceTarget]:
    rows = []
    for n, target in enumerate(targets, start=1):
        row = PerformanceTarget(
            category=target.category,
            indicator=target.indicator.strip(),
            direction=target.direction,
            target_value=cents(target.target_value, "targets", f"第{n}项绩效目标的目标值"),
            unit=target.unit.strip(),
        )
        try:
            row.full_clean(exclude=["project"])
        except ValidationError as exc:
            texts = [f"第{n}项绩效目标：{m}" for m in exc.messages]
            raise ValidationError({"targets": texts}) from None
        rows.append(row)
    return rows


def _save_lines(project: Project, budget: Mapping[str, Decimal], rows: Sequence[PerformanceTarget]) -> None:
    ProjectFunding.objects.bulk_create([ProjectFunding(project=project, source=s, amount=a) for s, a in budget.items()])
    for row in rows:
        row.project = project
    PerformanceTarget.objects.bulk_create(rows)


def _next_code(year: int, area: str) -> str:
    prefix = f"XM{year}{area}"
    count = Project.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{count + 1:03d}"


def project_create(
    *,
    by: Any,
    area_code: str,
    facts: ProjectFacts,
    fundings: Mapping[str, Decimal],
    targets: Sequence[Target],
) -> Project:
    """A draft project of the proposer's own village, township or county library."""
    area = Region.objects.filter(code=area_code).first()
    if area is None or len(area.code) not in LEVEL_BY_LENGTH:
        raise ValidationError({"area": "项目所属区域须为村、乡镇或县"})
    require(by, Capability.PROPOSE_PROJECTS, area.code)
    require_level(by, len(area.code), "项目申报")
    project = Project(area=area, level=LEVEL_BY_LENGTH[len(area.code)], **facts.changes())
    _check_facts(project)
    budget = _budget(fundings)
    rows = _target_rows(targets)

    def shown(p: Project) -> dict[str, object]:
        data: dict[str, object] = snapshot(p, PROJECT_FIELDS)
        data["资金"] = {FundSource(s).label: f"{a:.2f}" for s, a in budget.items()}
        data["绩效目标"] = [str(row) for row in rows]
        return data

    with transaction.atomic():
        project.code = _next_code(project.year, area.code)
        audited_create(project, by=by, snapshot_of=shown, area_code=area.code)
        _save_lines(project, budget, rows)
        workflow.WORKFLOW.record_start(project, by=by, action="create", label="新建项目", snapshot=project_snapshot)
    return project


def project_update(
    *,
    by: Any,
    project: Project,
    facts: ProjectFacts,
    fundings: Mapping[str, Decimal] | None = None,
    targets: Sequence[Target] | None = None,
    expected_version: int | None = None,
) -> Project:
    """Edit a draft (before submission, or after it was returned). ``fundings`` / ``targets`` None: kept."""
    require(by, Capability.PROPOSE_PROJECTS, project.area_id)
    require_level(by, len(project.area_id), "项目修改")
    budget = _budget(fundings) if fundings is not None else None
    rows = _target_rows(targets) if targets is not None else None

    def validate(current: Project) -> None:
        if current.status not in workflow.EDITABLE:
            raise ValidationError("项目已申报，不能修改；如需修改请由审核单位退回", code="bad_state")
        _check_facts(current)
        if budget is not None:
            current.fundings.all().delete()
            _save_lines(current, budget, [])
        if rows is not None:
            current.targets.all().delete()
            _save_lines(current, {}, rows)

    current, _ = audited_update(
        project,
        by=by,
        changes=facts.changes(),
        snapshot_of=project_snapshot,
        expected_version=expected_version,
        validate=validate,
        area_code=project.area_id,
        conflict_message="该项目已被他人修改，请刷新后重试",
    )
    return current


def project_submit(
    *, by: Any, project: Project, notice: Notice, reason: str = "", expected_version: int | None = None
) -> Project:
    """村申报 (village projects go to the township); township and county projects go straight to the county."""
    action = "submit" if project.level == ProjectLevel.VILLAGE else "submit_to_county"
    return take_step(
        project, action, by=by, reason=reason, notice=notice, expected_version=expected_version, prepare=entry_check()
    )


def project_review(
    *,
    by: Any,
    project: Project,
    checklist: Collection[str],
    notice: Notice,
    reason: str = "",
    expected_version: int | None = None,
) -> Project:
    """乡审核: entry checks and the barred-kinds checklist."""
    return _checked_step(project, "review", by, checklist, notice, reason, expected_version)


def project_decide(
    *,
    by: Any,
    project: Project,
    checklist: Collection[str],
    notice: Notice,
    reason: str = "",
    expected_version: int | None = None,
) -> Project:
    """县审定: the project enters the library (the same checks again, at the county)."""
    return _checked_step(project, "decide", by, checklist, notice, reason, expected_version)


def _checked_step(
    project: Project,
    action: str,
    by: Any,
    checklist: Collection[str],
    notice: Notice,
    reason: str,
    expected_version: int | None,
) -> Project:
    return take_step(
        project,
        action,
        by=by,
        reason=reason,
        notice=notice,
        expected_version=expected_version,
        payload={"checklist": sorted(checklist)},
        prepare=entry_check(checklist),
    )


def project_return(*, by: Any, project: Project, reason: str, expected_version: int | None = None) -> Project:
    """退回: the township returns a submitted project, the county a reviewed one, to its proposer."""
    action = "return_to_village" if project.status == ProjectStatus.SUBMITTED else "return_from_county"
    return take_step(project, action, by=by, reason=reason, expected_version=expected_version)
