"""What the pages show, computed once: list rows without N+1, the timeline, the deadline figures, and the
actions a user may take on a case (the forms offer only these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch

from shoudi.core.access import can, code_in_user_area
from shoudi.monitoring import codes, extensions, workflow
from shoudi.monitoring.models import Case, CaseRisk
from shoudi.monitoring.workflow import CASE_FLOW, FORWARD, RETURN, CaseStep
from shoudi.registry.selectors import household_heads

PAYLOAD_LABELS = {
    "findings": "核实情况",
    "result": "结果",
    "attendance": "参会人数",
    "attendees": "参会人员",
    "votes_for": "同意票",
    "votes_against": "反对票",
    "minutes": "评议情况",
    "opinion": "意见",
    "note": "备注",
    "kind": "消除方式",
    "posted_on": "公示张贴",
    "ends_on": "公示截止",
    "risks": "风险类型",
    "deadline": "办结期限",
    "channel": "渠道",
    "added_risks": "新增风险",
    "category": "监测对象类型",
}
HIDDEN_PAYLOAD = {"notice_id", "objections"}


def short_name(name: str) -> str:
    """当造村村民委员会 → 当造村."""
    for suffix in ("村民委员会", "居民委员会", "村委会", "居委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


@dataclass
class Deadline:
    used: int
    left: int | None
    overdue: bool

    @property
    def late(self) -> int:
        return -self.left if self.left is not None and self.left < 0 else 0


def deadline(case: Case, today: dt.date) -> Deadline:
    end = case.period_start or today
    used = (end - case.opened_on).days
    if case.status not in codes.IDENTIFICATION_STATUSES:
        return Deadline(used, None, False)
    left = (case.deadline - today).days
    return Deadline(used, left, left < 0)


def with_risks(qs: Any) -> Any:
    return qs.prefetch_related(Prefetch("risks", queryset=CaseRisk.objects.order_by("id")))


def case_rows(user: Any, cases: list[Case], today: dt.date) -> list[dict[str, Any]]:
    heads = household_heads(user, [c.household_id for c in cases])
    rows = []
    for case in cases:
        head = heads.get(case.household_id)
        rows.append(
            {
                "case": case,
                "head": head.name if head else "",
                "village": short_name(case.village.name),
                "risks": "、".join(str(r) for r in case.risks.all() if r.code in codes.RiskType.values),
                "deadline": deadline(case, today),
            }
        )
    return rows


def payload_items(payload: dict[str, Any], reason: str = "") -> list[tuple[str, str]]:
    items = []
    for key, value in payload.items():
        if key in HIDDEN_PAYLOAD or value in (None, "", []) or value == reason:
            continue
        if key == "kind":
            value = dict(codes.EliminationKind.choices).get(value, value)
        if isinstance(value, list):
            value = "、".join(str(v) for v in value)
        items.append((PAYLOAD_LABELS.get(key, key), str(value)))
    return items


def timeline(case: Case) -> list[dict[str, Any]]:
    rows = []
    transitions = case.transitions.select_related("actor").prefetch_related("attachments").order_by("at", "id")
    for row in transitions:
        rows.append(
            {
                "row": row,
                "items": payload_items(row.payload, row.reason),
                "objections": row.payload.get("objections") or [],
                "snapshot": row.snapshot or None,
            }
        )
    return rows


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    style: str = ""  # "" primary, "outline", "secondary", "contrast"


BUTTON_LABELS = {"el_home_check": "启动风险消除（入户核实）", "rb_home_check": "风险消除回退（入户核实）"}


def _may(user: Any, case: Case, step: CaseStep, today: dt.date) -> bool:
    try:
        return CASE_FLOW.may(user, case, step, today)
    except ValidationError:  # a bad approval_level parameter: offered, and taking it says what to fix
        return can(user, step.capability) and code_in_user_area(user, case.village_id)


def _style(step: CaseStep) -> str:
    if step.kind == FORWARD:
        return "outline" if step.optional else ""
    return "secondary" if step.kind == RETURN else "contrast"


def available_actions(user: Any, case: Case, today: dt.date) -> list[Action]:
    """The steps, returns and rejections ``user`` may take on ``case`` now — and nothing else."""
    return [
        Action(step.action, BUTTON_LABELS.get(step.action, step.label), _style(step))
        for step in workflow.steps_from(case.status)
        if step.offered and _may(user, case, step, today)
    ]


def panels(user: Any, case: Case) -> list[dict[str, Any]]:
    """The sections other apps add to the case page (``extensions.CASE_PANELS``), each with its context."""
    shown = []
    for panel in extensions.CASE_PANELS:
        context = panel.context(user, case)
        if context is not None:
            shown.append({"key": panel.key, "template": panel.template, "context": context})
    return shown
