"""Writes of assistance: the plan of a case, its measures, and follow-up visits. Visits that change the
household's facts go through the registry services, so the household's history stays whole."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from shoudi.assistance.models import Measure, MeasureStatus, Plan, Visit
from shoudi.core.access import Capability
from shoudi.core.audit import audit_entry, diff, snapshot
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes
from shoudi.monitoring.models import Case
from shoudi.monitoring.services import check_date, require_can
from shoudi.monitoring.uploads import validate_upload
from shoudi.registry import services as registry_services
from shoudi.registry.models import Person

MEASURE_FIELDS = [
    "kind",
    "content",
    "person",
    "start",
    "end",
    "amount",
    "responsible_unit",
    "responsible_person",
    "status",
]
MEASURE_FIELD_NAMES = set(MEASURE_FIELDS)


def _require_open(case: Case, *, fast_track_ok: bool) -> None:
    if case.status in codes.UNDER_MONITORING:
        return
    if fast_track_ok and case.fast_track and case.status in codes.IDENTIFICATION_STATUSES:
        return
    raise ValidationError({"case": f"该户当前为“{case.get_status_display()}”，不能录入帮扶措施"})


def plan_save(
    *, by: Any, case: Case, made_on: dt.date | None = None, summary: str = "", participants: str = ""
) -> Plan:
    """The plan header (made by the township with the village committee, work team and grid workers)."""
    require_can(by, Capability.PLAN_ASSISTANCE, case.village_id)
    _require_open(case, fast_track_ok=True)
    made_on = check_date(made_on, field="made_on")
    with transaction.atomic():
        plan, created = Plan.objects.select_for_update().get_or_create(
            case=case, defaults={"made_on": made_on, "created_by": by}
        )
        before = {} if created else snapshot(plan, ["made_on", "summary", "participants"])
        plan.made_on, plan.summary, plan.participants, plan.updated_by = (
            made_on,
            summary.strip(),
            participants.strip(),
            by,
        )
        plan.save()
        changes = diff(before, snapshot(plan, ["made_on", "summary", "participants"]))
        if changes:
            audit_entry(
                actor=by,
                action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
                obj=plan,
                changes=changes,
                household_id=case.household_id,
                area_code=case.village_id,
            )
    return plan


def _amount(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise ValidationError({"amount": f"金额“{value}”不是有效数字"}) from None
    if not amount.is_finite() or amount < 0:
        raise ValidationError({"amount": "金额不能为负数"})
    return amount.quantize(Decimal("0.01"))


def _clean_measure(measure: Measure, case: Case) -> None:
    if measure.kind not in codes.MeasureKind.values:
        raise ValidationError({"kind": f"措施类型“{measure.kind}”不在代码表中"})
    if measure.status not in MeasureStatus.values:
        raise ValidationError({"status": f"措施状态“{measure.status}”不在代码表中"})
    if not str(measure.content or "").strip():
        raise ValidationError({"content": "请填写措施内容"})
    if not str(measure.responsible_unit or "").strip():
        raise ValidationError({"responsible_unit": "请填写责任单位"})
    if not str(measure.responsible_person or "").strip():
        raise ValidationError({"responsible_person": "请填写责任人"})
    if not isinstance(measure.start, dt.date):
        raise ValidationError({"start": "请填写开始日期"})
    if measure.end and measure.end < measure.start:
        raise ValidationError({"end": f"结束日期 {measure.end} 早于开始日期 {measure.start}"})
    if measure.person_id and not Person.objects.filter(pk=measure.person_id, household_id=case.household_id).exists():
        raise ValidationError({"person": "受益成员须为本户家庭成员"})
    if measure.kind == codes.MeasureKind.WELFARE_POST and not measure.person_id:
        raise ValidationError({"person": "公益岗位帮扶须指定上岗的家庭成员"})


def measure_add(*, by: Any, case: Case, before_identification: bool = False, **data: Any) -> Measure:
    """Add a measure (kind from the measure code list). During identification only on the fast track."""
    require_can(by, Capability.PLAN_ASSISTANCE, case.village_id)
    _require_open(case, fast_track_ok=True)
    unknown = set(data) - MEASURE_FIELD_NAMES
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "不认识的字段"})
    data = dict(data)
    data["amount"] = _amount(data.get("amount"))
    data.setdefault("status", MeasureStatus.ACTIVE if before_identification else MeasureStatus.PLANNED)
    measure = Measure(case=case, before_identification=before_identification, created_by=by, updated_by=by, **data)
    _clean_measure(measure, case)
    with transaction.atomic():
        if not Plan.objects.filter(case=case).exists():
            Plan.objects.create(
                case=case, made_on=measure.start, created_by=by, summary="先帮扶后认定" if before_identification else ""
            )
        measure.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.CREATE,
            obj=measure,
            changes={k: [None, v] for k, v in snapshot(measure, MEASURE_FIELDS).items()},
            household_id=case.household_id,
            area_code=case.village_id,
        )
    return measure


def measure_update(*, by: Any, measure: Measure, data: Mapping[str, Any]) -> Measure:
    case = measure.case
    require_can(by, Capability.PLAN_ASSISTANCE, case.village_id)
    unknown = set(data) - MEASURE_FIELD_NAMES
    if unknown:
        raise ValidationError({sorted(unknown)[0]: "不认识的字段"})
    with transaction.atomic():
        current = Measure.objects.select_for_update().get(pk=measure.pk)
        before = snapshot(current, MEASURE_FIELDS)
        for name, value in data.items():
            setattr(current, name, _amount(value) if name == "amount" else value)
        _clean_measure(current, case)
        changes = diff(before, snapshot(current, MEASURE_FIELDS))
        if changes:
            current.updated_by = by
            current.save()
            audit_entry(
                actor=by,
                action=AuditEntry.Action.UPDATE,
                obj=current,
                changes=changes,
                household_id=case.household_id,
                area_code=case.village_id,
            )
    return current


def visit_record(
    *,
    by: Any,
    case: Case,
    visited_on: dt.date | None,
    findings: str,
    income_note: str = "",
    household_changes: Mapping[str, Any] | None = None,
    finance: Sequence[Mapping[str, Any]] = (),
    photo: Any = None,
) -> Visit:
    """A follow-up visit. ``household_changes`` (household fields) and ``finance`` ({month, item, amount}
    rows) update the registry through its services in the same transaction: all of it or none."""
    require_can(by, Capability.RECORD_VISITS, case.village_id)
    if by.role == "helper_cadre" and case.helper_id != by.pk:
        raise ValidationError("只能走访与您结对的农户", code="forbidden")
    if not case.is_open:
        raise ValidationError({"case": "该户监测已结束，不再回访"})
    _require_open(case, fast_track_ok=True)
    if not findings.strip():
        raise ValidationError({"findings": "请填写走访情况"})
    visited_on = check_date(visited_on, field="visited_on", not_before=case.opened_on, what="线索发现日期")
    if photo is not None:
        validate_upload(photo, field="photo", kinds=("jpg", "png"))
    visit = Visit(
        case=case,
        visited_on=visited_on,
        visitor=by,
        visitor_name=by.display_name,
        findings=findings.strip(),
        income_note=income_note.strip(),
        created_by=by,
    )
    try:
        with transaction.atomic():
            changes: dict[str, Any] = {}
            household = case.household
            if household_changes:
                before = household.version
                household = registry_services.household_update(by=by, household=household, data=household_changes)
                if household.version != before:
                    changes["household"] = {k: str(v) for k, v in household_changes.items()}
            for row in finance:
                registry_services.finance_set(
                    by=by,
                    household=household,
                    month=row.get("month"),
                    item=str(row.get("item", "")),
                    amount=row.get("amount"),
                )
            if finance:
                changes["finance"] = [{k: str(v) for k, v in row.items()} for row in finance]
            visit.changes = changes
            if photo is not None:
                visit.photo.save(str(photo.name), photo, save=False)
            visit.save()
            audit_entry(
                actor=by,
                action=AuditEntry.Action.CREATE,
                obj=visit,
                changes={"走访": [None, f"{visited_on} {findings.strip()[:60]}"]},
                household_id=case.household_id,
                area_code=case.village_id,
            )
    except Exception:
        if visit.photo and visit.photo.name:
            visit.photo.storage.delete(visit.photo.name)
        raise
    return visit
