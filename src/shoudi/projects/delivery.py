"""The project after it entered the library: annual plan, implementation (progress, payments), completion,
acceptance that forms assets, performance review, and exit (有进有出). Typed inputs only; every step goes
through ``steps.take_step``, the other writes through the core audited writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from shoudi.assets.services import AssetSpec, assets_create_from_project
from shoudi.core.access import Capability, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.projects import workflow
from shoudi.projects.codes import ExitReason, FundSource
from shoudi.projects.models import Project, ProjectPayment, ProjectStatus, ProjectStep
from shoudi.projects.steps import cents, take_step
from shoudi.projects.types import Notice

EXIT_NOTE_LENGTH = 500
CONCLUSION_LENGTH = 5000


def project_plan(
    *, by: Any, project: Project, notice: Notice, reason: str = "", expected_version: int | None = None
) -> Project:
    """纳入年度计划."""
    return take_step(project, "plan", by=by, reason=reason, notice=notice, expected_version=expected_version)


def project_unplan(*, by: Any, project: Project, reason: str, expected_version: int | None = None) -> Project:
    """调出年度计划 (back to the library), with the reason."""
    return take_step(project, "unplan", by=by, reason=reason, expected_version=expected_version)


def project_exit(
    *,
    by: Any,
    project: Project,
    exit_reason: str,
    notice: Notice,
    exit_note: str = "",
    expected_version: int | None = None,
) -> Project:
    """有进有出: a project leaves the library, with its reason."""
    note = exit_note.strip()

    def prepare(current: Project) -> dict[str, object]:
        if exit_reason not in ExitReason.values:
            raise ValidationError({"exit_reason": "请选择出库原因"})
        if exit_reason == ExitReason.OTHER and not note:
            raise ValidationError({"exit_note": "出库原因为“其他”时须填写出库说明"})
        if len(note) > EXIT_NOTE_LENGTH:
            raise ValidationError({"exit_note": f"出库说明不能超过{EXIT_NOTE_LENGTH}个字符"})
        return {"exit_reason": exit_reason, "exit_note": note}

    label = ExitReason(exit_reason).label if exit_reason in ExitReason.values else ""
    return take_step(
        project,
        "exit",
        by=by,
        reason=f"{label} {note}".strip(),
        notice=notice,
        expected_version=expected_version,
        payload={"exit_reason": exit_reason, "exit_note": note},
        prepare=prepare,
    )


def project_start(*, by: Any, project: Project, started_on: dt.date, expected_version: int | None = None) -> Project:
    """开工: the actual start date is the step's date (not in the future)."""
    return take_step(
        project,
        "start",
        by=by,
        on=started_on,
        expected_version=expected_version,
        prepare=lambda current: {"actual_start": started_on},
    )


def project_progress(
    *, by: Any, project: Project, progress: int, note: str = "", expected_version: int | None = None
) -> Project:
    """登记实施进度 (percent) of a project under way."""
    require(by, Capability.MANAGE_PROJECTS, project.area_id)

    def validate(current: Project) -> None:
        if current.status != ProjectStatus.IMPLEMENTING:
            raise ValidationError("只有实施中的项目可以登记进度", code="bad_state")
        if not 0 <= progress <= 100:
            raise ValidationError({"progress": "进度应在0到100之间"})

    current, _ = audited_update(
        project,
        by=by,
        changes={"progress": progress},
        expected_version=expected_version,
        validate=validate,
        area_code=project.area_id,
        reason=note.strip(),
        conflict_message="该项目已被他人修改，请刷新后重试",
    )
    return current


def payment_add(
    *, by: Any, project: Project, source: str, amount: Decimal, paid_on: dt.date, note: str = ""
) -> ProjectPayment:
    """A payment from one fund source; the total paid from a source may not pass its planned amount."""
    require(by, Capability.MANAGE_PROJECTS, project.area_id)
    if source not in FundSource.values:
        raise ValidationError({"source": "请选择资金来源"})
    if amount <= 0:
        raise ValidationError({"amount": "支付金额须大于0"})
    amount = cents(amount, "amount", "支付金额")
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": "支付日期不能晚于今天"})
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        if current.status not in workflow.RUNNING:
            raise ValidationError("只有实施中或已完工待验收的项目可以登记资金支付", code="bad_state")
        budget = current.fundings.filter(source=source).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        paid = current.payments.filter(source=source).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if paid + amount > budget:
            label = FundSource(source).label
            raise ValidationError({"amount": f"{label}累计支付{paid + amount:.2f}元将超过计划投入{budget:.2f}元"})
        payment = ProjectPayment(project=current, source=source, amount=amount, paid_on=paid_on, note=note.strip())
        return audited_create(payment, by=by, area_code=current.area_id)


def project_complete(
    *, by: Any, project: Project, completed_on: dt.date, expected_version: int | None = None
) -> Project:
    """完工: the actual end date is the step's date; progress becomes 100%."""

    def prepare(current: Project) -> dict[str, object]:
        if current.actual_start and completed_on < current.actual_start:
            raise ValidationError({"on": f"实际完工日期不能早于实际开工日期（{current.actual_start.isoformat()}）"})
        return {"actual_end": completed_on, "progress": 100}

    return take_step(project, "complete", by=by, on=completed_on, expected_version=expected_version, prepare=prepare)


def project_accept(
    *,
    by: Any,
    project: Project,
    accepted_on: dt.date,
    assets: Sequence[AssetSpec],
    notice: Notice,
    reason: str = "",
    expected_version: int | None = None,
) -> tuple[Project, list[Any]]:
    """竣工验收: the project is accepted and its assets enter the ledger, valued from the payments."""
    created: list[Any] = []

    def form_assets(current: Project, change: ProjectStep) -> None:
        created.extend(assets_create_from_project(by=by, project=current, specs=assets, formed_on=accepted_on))
        change.payload = {**change.payload, "assets": [a.code for a in created]}  # saved by the engine

    accepted = take_step(
        project,
        "accept",
        by=by,
        on=accepted_on,
        reason=reason,
        notice=notice,
        expected_version=expected_version,
        after=form_assets,
    )
    return accepted, created


def project_reject_acceptance(
    *, by: Any, project: Project, reason: str, expected_version: int | None = None
) -> Project:
    """验收不通过: back to implementation, with what is to be put right."""
    return take_step(project, "reject_acceptance", by=by, reason=reason, expected_version=expected_version)


def project_evaluate(
    *,
    by: Any,
    project: Project,
    results: Mapping[int, Decimal],
    conclusion: str,
    notice: Notice,
    expected_version: int | None = None,
) -> Project:
    """绩效评价: the actual value of every target (by target id), and a conclusion."""
    text = conclusion.strip()
    shown: dict[str, str] = {}

    def prepare(current: Project) -> dict[str, object]:
        if not text:
            raise ValidationError({"conclusion": "请填写绩效评价结论"})
        if len(text) > CONCLUSION_LENGTH:
            raise ValidationError({"conclusion": f"绩效评价结论不能超过{CONCLUSION_LENGTH}个字符"})
        targets = list(current.targets.select_for_update())
        missing = [t.indicator for t in targets if t.pk not in results]
        if missing:
            raise ValidationError({"results": "请填写实际完成值：" + "、".join(missing)})
        for target in targets:
            target.actual_value = cents(results[target.pk], "results", f"“{target.indicator}”的实际完成值")
            target.full_clean(exclude=["project"])
            target.save(update_fields=["actual_value"])
            shown[target.indicator] = f"{target.actual_value}{target.unit}"
        return {"evaluation": text}

    return take_step(
        project,
        "evaluate",
        by=by,
        reason=text,
        notice=notice,
        expected_version=expected_version,
        payload={"results": shown},
        prepare=prepare,
    )
