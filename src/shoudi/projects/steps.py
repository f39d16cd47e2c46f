"""The shared core of the project services: the project snapshot, the entry checks, and ``take_step`` — the
one way a project moves along its workflow (``workflow.WORKFLOW`` on the core engine: lock, version, role, area
and level, one step row with the notice period and a snapshot, one audit entry)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from shoudi.core.audit import snapshot
from shoudi.projects.codes import LEVEL_CODE_LENGTH, BarredKind
from shoudi.projects.models import Project, ProjectStep
from shoudi.projects.types import Notice
from shoudi.projects.workflow import ACTIONS, WORKFLOW

PROJECT_FIELDS = [
    "code",
    "name",
    "year",
    "level",
    "area",
    "kind",
    "relief_work",
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
LEVEL_BY_LENGTH = {v: k for k, v in LEVEL_CODE_LENGTH.items()}

CENT = Decimal("0.01")

Prepare = Callable[[Project], Mapping[str, object] | None]
After = Callable[[Project, ProjectStep], None]


def cents(value: Decimal, field: str, label: str) -> Decimal:
    """An amount in yuan to the cent (``200`` → ``200.00``); more than two decimal places is refused."""
    if not value.is_finite() or value != value.quantize(CENT):
        raise ValidationError({field: f"{label}最多保留两位小数"})
    return value.quantize(CENT)


def project_snapshot(project: Project) -> dict[str, object]:
    """The project as shown to a reviewer: its facts, funds, targets and what was paid."""
    data: dict[str, object] = snapshot(project, PROJECT_FIELDS)
    data["资金"] = {f.get_source_display(): f"{f.amount:.2f}" for f in project.fundings.all()}
    data["绩效目标"] = [
        f"{t.get_category_display()}：{t}" + (f"（实际{t.actual_value}{t.unit}）" if t.actual_value is not None else "")
        for t in project.targets.all()
    ]
    data["已支付"] = f"{project.paid_total:.2f}"
    return data


def entry_problems(project: Project, checklist: Collection[str] | None = None) -> dict[str, list[str]]:
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


def entry_check(checklist: Collection[str] | None = None) -> Prepare:
    """A ``prepare`` that refuses a project not fit for the library (on the locked row)."""

    def check(current: Project) -> None:
        problems = entry_problems(current, checklist)
        if problems:
            raise ValidationError(problems)

    return check


def _check_notice(notice: Notice | None) -> None:
    if notice is None:
        raise ValidationError({"notice_from": "请填写公示期（开始和结束日期）"})
    if notice.end < notice.start:
        raise ValidationError({"notice_to": "公示结束日期不能早于开始日期"})


def take_step(
    project: Project,
    action: str,
    *,
    by: Any,
    on: dt.date | None = None,
    reason: str = "",
    notice: Notice | None = None,
    expected_version: int | None = None,
    payload: Mapping[str, object] | None = None,
    prepare: Prepare | None = None,
    after: After | None = None,
) -> Project:
    """Take ``action`` on ``project`` as ``by``. A step that carries a public notice needs ``notice``;
    ``prepare`` checks the locked row and returns the fields to set; ``after`` writes related rows."""
    spec = ACTIONS.get(action)
    if spec is None:
        raise ValidationError(f"无此环节：{action}", code="bad_action")
    row = {"notice_from": notice.start, "notice_to": notice.end} if spec.notice and notice else {}

    def prepare_step(current: Project, step: Any, day: dt.date) -> Mapping[str, object] | None:
        if spec.notice:
            _check_notice(notice)
        return prepare(current) if prepare is not None else None

    def after_step(current: Project, step: Any, change: Any) -> None:
        if after is not None:
            after(current, change)

    current, _ = WORKFLOW.advance(
        project,
        action,
        by=by,
        on=on,
        reason=reason,
        payload=payload,
        expected_version=expected_version,
        prepare=prepare_step,
        after=after_step,
        snapshot=project_snapshot,
        row=row,
    )
    return current
