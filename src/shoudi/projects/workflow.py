"""The status pipeline of a project, in one place: which action moves which status where, who may take it,
and whether it carries a public notice (村申报 → 乡审核 → 县审定, each with a notice)."""

from __future__ import annotations

from dataclasses import dataclass

from shoudi.core.access import Capability
from shoudi.projects.models import ProjectStatus as S


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    capability: Capability
    notice: bool = False


ACTIONS: dict[str, Action] = {
    a.name: a
    for a in [
        Action("submit", "村级申报", Capability.PROPOSE_PROJECTS, notice=True),
        Action("submit_to_county", "乡/县级申报", Capability.PROPOSE_PROJECTS, notice=True),
        Action("review", "乡镇审核", Capability.REVIEW_PROJECTS, notice=True),
        Action("return_to_village", "乡镇退回", Capability.REVIEW_PROJECTS),
        Action("decide", "县级审定入库", Capability.DECIDE_PROJECTS, notice=True),
        Action("return_from_county", "县级退回", Capability.DECIDE_PROJECTS),
        Action("plan", "纳入年度计划", Capability.MANAGE_PROJECTS, notice=True),
        Action("unplan", "调出年度计划", Capability.MANAGE_PROJECTS),
        Action("start", "开工实施", Capability.MANAGE_PROJECTS),
        Action("complete", "完工", Capability.MANAGE_PROJECTS),
        Action("accept", "竣工验收", Capability.MANAGE_PROJECTS, notice=True),
        Action("reject_acceptance", "验收不通过", Capability.MANAGE_PROJECTS),
        Action("evaluate", "绩效评价", Capability.MANAGE_PROJECTS, notice=True),
        Action("exit", "出库", Capability.MANAGE_PROJECTS, notice=True),
    ]
}

# status → {action: next status}
TRANSITIONS: dict[str, dict[str, str]] = {
    S.DRAFT: {"submit": S.SUBMITTED, "submit_to_county": S.REVIEWED},
    S.SUBMITTED: {"review": S.REVIEWED, "return_to_village": S.DRAFT},
    S.REVIEWED: {"decide": S.IN_LIBRARY, "return_from_county": S.DRAFT},
    S.IN_LIBRARY: {"plan": S.PLANNED, "exit": S.EXITED},
    S.PLANNED: {"start": S.IMPLEMENTING, "unplan": S.IN_LIBRARY, "exit": S.EXITED},
    S.IMPLEMENTING: {"complete": S.COMPLETED},
    S.COMPLETED: {"accept": S.ACCEPTED, "reject_acceptance": S.IMPLEMENTING},
    S.ACCEPTED: {"evaluate": S.EVALUATED},
    S.EVALUATED: {},
    S.EXITED: {},
}

# Statuses whose funds count in a year's plan (the industry share is measured over these).
IN_PLAN = (S.PLANNED, S.IMPLEMENTING, S.COMPLETED, S.ACCEPTED, S.EVALUATED)
# Statuses in which the proposer may still edit the project's facts.
EDITABLE = (S.DRAFT,)
# Statuses in which progress and payments may be recorded.
RUNNING = (S.IMPLEMENTING, S.COMPLETED)
# Public notice pages: one per stage that carries a notice.
NOTICE_STAGES = [name for name, a in ACTIONS.items() if a.notice]


def next_status(status: str, action: str) -> str | None:
    return TRANSITIONS.get(status, {}).get(action)


def label(action: str) -> str:
    found = ACTIONS.get(action)
    return found.label if found else action
