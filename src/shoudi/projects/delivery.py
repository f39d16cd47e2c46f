"""The project after it entered the library: annual plan, implementation (progress, payments), completion,
acceptance that forms assets, performance review, and exit (有进有出)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum

from shoudi.core.access import Capability
from shoudi.core.audit import audit_entry
from shoudi.core.inputs import choice, date_value, money, text
from shoudi.core.models import AuditEntry
from shoudi.projects import workflow
from shoudi.projects.codes import ExitReason, FundSource
from shoudi.projects.models import Project, ProjectPayment, ProjectStatus
from shoudi.projects.steps import require_actor, to_int, transition


def project_plan(*, by: Any, project: Project, notice: tuple[Any, Any], opinion: str = "") -> Project:
    return transition(by=by, project=project, action="plan", opinion=opinion, notice=notice)


def project_unplan(*, by: Any, project: Project, opinion: str) -> Project:
    return transition(by=by, project=project, action="unplan", opinion=opinion)


def project_exit(*, by: Any, project: Project, reason: str, note: str, notice: tuple[Any, Any]) -> Project:
    """有进有出: a project leaves the library, with its reason."""
    code = choice(reason, ExitReason, "exit_reason", "出库原因")
    note = text(note, "exit_note", "出库说明", required=code == ExitReason.OTHER, max_length=500)
    values = {"exit_reason": code, "exit_note": note}
    label = ExitReason(code).label
    return transition(
        by=by, project=project, action="exit", opinion=f"{label} {note}".strip(), notice=notice, values=values
    )


def project_start(*, by: Any, project: Project, started_on: Any) -> Project:
    start = date_value(started_on, "actual_start", "实际开工日期")
    return transition(by=by, project=project, action="start", values={"actual_start": start})


def project_progress(*, by: Any, project: Project, progress: Any, note: str = "") -> Project:
    require_actor(by, Capability.MANAGE_PROJECTS, project.area_id, "进度登记")
    if project.status != ProjectStatus.IMPLEMENTING:
        raise ValidationError("只有实施中的项目可以登记进度", code="bad_state")
    value = to_int(progress, "progress", "实施进度")
    if value > 100:
        raise ValidationError({"progress": "进度不能超过100%"})
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        before = current.progress
        current.progress = value
        current.updated_by = by
        current.save(update_fields=["progress", "updated_by", "updated_at"])
        audit_entry(
            actor=by,
            action=AuditEntry.Action.UPDATE,
            obj=current,
            changes={"实施进度（%）": [before, value]},
            area_code=current.area_id,
            reason=note,
        )
    return current


def payment_add(*, by: Any, project: Project, source: str, amount: Any, paid_on: Any, note: str = "") -> ProjectPayment:
    """A payment from one fund source; the total paid from a source may not pass its planned amount."""
    require_actor(by, Capability.MANAGE_PROJECTS, project.area_id, "资金支付登记")
    if project.status not in workflow.RUNNING:
        raise ValidationError("只有实施中或已完工待验收的项目可以登记资金支付", code="bad_state")
    key = choice(source, FundSource, "source", "资金来源")
    value = money(amount, "amount", "支付金额", positive=True)
    assert value is not None
    day = date_value(paid_on, "paid_on", "支付日期")
    with transaction.atomic():
        Project.objects.select_for_update().get(pk=project.pk)
        budget = project.fundings.filter(source=key).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        paid = project.payments.filter(source=key).aggregate(s=Sum("amount"))["s"] or Decimal(0)
        if paid + value > budget:
            raise ValidationError(
                {"amount": f"{FundSource(key).label}累计支付{paid + value:.2f}元将超过计划投入{budget:.2f}元"}
            )
        payment = ProjectPayment.objects.create(
            project=project, source=key, amount=value, paid_on=day, note=str(note or "")[:200], created_by=by
        )
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=project,
            changes={f"{day} {FundSource(key).label}支付": [None, f"{value:.2f}"]},
            area_code=project.area_id,
        )
    return payment


def project_complete(*, by: Any, project: Project, completed_on: Any) -> Project:
    end = date_value(completed_on, "actual_end", "实际完工日期")
    assert end is not None
    if project.actual_start and end < project.actual_start:
        raise ValidationError({"actual_end": "实际完工日期不能早于实际开工日期"})
    return transition(by=by, project=project, action="complete", values={"actual_end": end, "progress": 100})


def project_accept(
    *,
    by: Any,
    project: Project,
    accepted_on: Any,
    assets: Sequence[Mapping[str, Any]],
    notice: tuple[Any, Any],
    opinion: str = "",
) -> tuple[Project, list[Any]]:
    """竣工验收: the project is accepted and its assets enter the ledger, valued from the payments."""
    from shoudi.assets.services import assets_create_from_project

    day = date_value(accepted_on, "accepted_on", "验收日期")
    assert day is not None
    with transaction.atomic():
        accepted = transition(by=by, project=project, action="accept", opinion=opinion, notice=notice)
        created = assets_create_from_project(by=by, project=accepted, specs=assets, formed_on=day)
    return accepted, created


def project_reject_acceptance(*, by: Any, project: Project, opinion: str) -> Project:
    if not str(opinion or "").strip():
        raise ValidationError({"opinion": "验收不通过须填写整改意见"})
    return transition(by=by, project=project, action="reject_acceptance", opinion=opinion)


def project_evaluate(
    *, by: Any, project: Project, results: Mapping[Any, Any], conclusion: str, notice: tuple[Any, Any]
) -> Project:
    """绩效评价: the actual value of every target, and a conclusion."""
    conclusion = text(conclusion, "evaluation", "绩效评价结论", max_length=5000)
    with transaction.atomic():
        targets = list(project.targets.select_for_update())
        for target in targets:
            raw = results.get(str(target.pk), results.get(target.pk))
            value = money(raw, "results", f"“{target.indicator}”的实际完成值")
            target.actual_value = value
            target.save(update_fields=["actual_value"])
        return transition(
            by=by,
            project=project,
            action="evaluate",
            opinion=conclusion,
            notice=notice,
            values={"evaluation": conclusion},
        )


def notice_today() -> tuple[dt.date, dt.date]:
    """A default notice period for forms: today and seven days on (the county edits it)."""
    from django.utils import timezone

    today = timezone.localdate()
    return today, today + dt.timedelta(days=7)
