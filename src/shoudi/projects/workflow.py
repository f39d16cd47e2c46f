"""The status pipeline of a project, declared once on the core workflow engine: which step moves which status
where, who takes it at which level, and whether it carries a public notice (村申报 → 乡审核 → 县审定, each with
a notice; then plan, implementation, acceptance, evaluation, or exit)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from shoudi.core.access import COUNTY, TOWNSHIP, Capability
from shoudi.core.workflow import Step, Workflow
from shoudi.projects.codes import ProjectLevel
from shoudi.projects.models import Project, ProjectStep
from shoudi.projects.models import ProjectStatus as S


def own_level(project: Any, on: dt.date) -> int:
    """Proposing is done by the project's own area (the village for a village project, and so on)."""
    return len(project.area_id)


def village_project(project: Any) -> bool:
    return bool(project.level == ProjectLevel.VILLAGE)


def township_or_county_project(project: Any) -> bool:
    return not village_project(project)


@dataclass(frozen=True)
class ProjectAction(Step):
    """A project step: ``notice`` — it carries a public notice (公示期)."""

    notice: bool = False


C = Capability
STEPS = [
    ProjectAction(
        "submit",
        "村级申报",
        S.DRAFT,
        S.SUBMITTED,
        C.PROPOSE_PROJECTS,
        own_level,
        notice=True,
        when=village_project,
    ),
    ProjectAction(
        "submit_to_county",
        "乡/县级申报",
        S.DRAFT,
        S.REVIEWED,
        C.PROPOSE_PROJECTS,
        own_level,
        notice=True,
        when=township_or_county_project,
    ),
    ProjectAction("review", "乡镇审核", S.SUBMITTED, S.REVIEWED, C.REVIEW_PROJECTS, TOWNSHIP, notice=True),
    ProjectAction(
        "return_to_village",
        "乡镇退回",
        S.SUBMITTED,
        S.DRAFT,
        C.REVIEW_PROJECTS,
        TOWNSHIP,
        reason_required=True,
        reason_label="退回理由",
    ),
    ProjectAction("decide", "县级审定入库", S.REVIEWED, S.IN_LIBRARY, C.DECIDE_PROJECTS, COUNTY, notice=True),
    ProjectAction(
        "return_from_county",
        "县级退回",
        S.REVIEWED,
        S.DRAFT,
        C.DECIDE_PROJECTS,
        COUNTY,
        reason_required=True,
        reason_label="退回理由",
    ),
    ProjectAction("plan", "纳入年度计划", S.IN_LIBRARY, S.PLANNED, C.MANAGE_PROJECTS, notice=True),
    ProjectAction(
        "unplan", "调出年度计划", S.PLANNED, S.IN_LIBRARY, C.MANAGE_PROJECTS, reason_required=True, reason_label="理由"
    ),
    ProjectAction("exit", "出库", S.IN_LIBRARY, S.EXITED, C.MANAGE_PROJECTS, notice=True),
    ProjectAction("exit", "出库", S.PLANNED, S.EXITED, C.MANAGE_PROJECTS, notice=True),
    ProjectAction("start", "开工实施", S.PLANNED, S.IMPLEMENTING, C.MANAGE_PROJECTS),
    ProjectAction("complete", "完工", S.IMPLEMENTING, S.COMPLETED, C.MANAGE_PROJECTS),
    ProjectAction("accept", "竣工验收", S.COMPLETED, S.ACCEPTED, C.MANAGE_PROJECTS, notice=True),
    ProjectAction(
        "reject_acceptance",
        "验收不通过",
        S.COMPLETED,
        S.IMPLEMENTING,
        C.MANAGE_PROJECTS,
        reason_required=True,
        reason_label="整改意见",
    ),
    ProjectAction("evaluate", "绩效评价", S.ACCEPTED, S.EVALUATED, C.MANAGE_PROJECTS, notice=True),
]

WORKFLOW: Workflow[Project] = Workflow(
    name="项目",
    model=Project,
    steps=STEPS,
    history=ProjectStep,
    history_fk="project",
    area_of=lambda project: project.area_id,
)
ACTIONS: dict[str, ProjectAction] = {s.action: s for s in STEPS}

# Statuses whose funds count in a year's plan (the industry share is measured over these).
IN_PLAN = (S.PLANNED, S.IMPLEMENTING, S.COMPLETED, S.ACCEPTED, S.EVALUATED)
# Statuses in which the proposer may still edit the project's facts.
EDITABLE = (S.DRAFT,)
# Statuses in which progress and payments may be recorded.
RUNNING = (S.IMPLEMENTING, S.COMPLETED)
# Public notice pages: one per step that carries a notice.
NOTICE_STAGES = [action for action, s in ACTIONS.items() if s.notice]


def available(user: Any, project: Project) -> list[str]:
    """The actions ``user`` may take on ``project`` now (role, area, level, and the project's level)."""
    return [s.action for s in WORKFLOW.available(user, project)]


def label(action: str) -> str:
    found = ACTIONS.get(action)
    return found.label if found else action
