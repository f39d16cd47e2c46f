"""Writes of assistance: the plan of a case, its measures, follow-up visits, and the fast track (先帮扶后认定).
Visits that change the household's facts go through the registry services, so the household's history stays
whole. Every input is typed (``assistance.inputs``), built by the page forms and the API schemas alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.accounts.roles import Role
from shoudi.assistance.inputs import FinanceEntry, MeasureInput, VisitFacts
from shoudi.assistance.models import Measure, MeasureStatus, Plan, Visit
from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.audit import audited_create, audited_update
from shoudi.monitoring import codes
from shoudi.monitoring.common import RiskInput, check_date
from shoudi.monitoring.models import Case
from shoudi.monitoring.services import case_open_fast_track
from shoudi.monitoring.uploads import validate_upload
from shoudi.registry import services as registry_services
from shoudi.registry.inputs import HouseholdInput
from shoudi.registry.models import Household, Person

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
    require(by, Capability.PLAN_ASSISTANCE, case.village_id)
    _require_open(case, fast_track_ok=True)
    made_on = check_date(made_on, field="made_on")
    values = {"made_on": made_on, "summary": summary.strip(), "participants": participants.strip()}
    with transaction.atomic():
        plan = Plan.objects.select_for_update().filter(case=case).first()
        if plan is None:
            return audited_create(
                Plan(case=case, **values), by=by, household_id=case.household_id, area_code=case.village_id
            )
        plan, _ = audited_update(
            plan, by=by, changes=values, lock=False, household_id=case.household_id, area_code=case.village_id
        )
    return plan


def _checked(measure: Measure, case: Case) -> None:
    """What a measure must satisfy beyond its fields' own rules (every message names its field)."""
    if measure.kind not in codes.MeasureKind.values:
        raise ValidationError({"kind": f"措施类型“{measure.kind}”不在代码表中"})
    if measure.status not in MeasureStatus.values:
        raise ValidationError({"status": f"措施状态“{measure.status}”不在代码表中"})
    for name, label in (("content", "措施内容"), ("responsible_unit", "责任单位"), ("responsible_person", "责任人")):
        if not str(getattr(measure, name) or "").strip():
            raise ValidationError({name: f"请填写{label}"})
    if measure.end and measure.end < measure.start:
        raise ValidationError({"end": f"结束日期 {measure.end} 早于开始日期 {measure.start}"})
    if measure.amount is not None and (not measure.amount.is_finite() or measure.amount < 0):
        raise ValidationError({"amount": "金额不能为负数"})
    if measure.person_id and not Person.objects.filter(pk=measure.person_id, household_id=case.household_id).exists():
        raise ValidationError({"person": "受益成员须为本户家庭成员"})
    if measure.kind == codes.MeasureKind.WELFARE_POST and not measure.person_id:
        raise ValidationError({"person": "公益岗位帮扶须指定上岗的家庭成员"})


def _values(entry: MeasureInput) -> dict[str, Any]:
    values = {f.name: getattr(entry, f.name) for f in dataclasses.fields(entry)}
    values["content"] = entry.content.strip()
    values["responsible_unit"] = entry.responsible_unit.strip()
    values["responsible_person"] = entry.responsible_person.strip()
    if entry.amount is not None and entry.amount.is_finite():
        values["amount"] = entry.amount.quantize(Decimal("0.01"))
    return values


def measure_add(*, by: Any, case: Case, measure: MeasureInput, before_identification: bool = False) -> Measure:
    """Add a measure (kind from the measure code list). During identification only on the fast track."""
    require(by, Capability.PLAN_ASSISTANCE, case.village_id)
    _require_open(case, fast_track_ok=True)
    values = _values(measure)
    values["status"] = values["status"] or (MeasureStatus.ACTIVE if before_identification else MeasureStatus.PLANNED)
    added = Measure(case=case, before_identification=before_identification, **values)
    _checked(added, case)
    with transaction.atomic():
        if not Plan.objects.filter(case=case).exists():
            audited_create(
                Plan(case=case, made_on=added.start, summary="先帮扶后认定" if before_identification else ""),
                by=by,
                household_id=case.household_id,
                area_code=case.village_id,
            )
        return audited_create(
            added, by=by, fields=MEASURE_FIELDS, household_id=case.household_id, area_code=case.village_id
        )


def measure_from_ledger(*, by: Any, case: Case, measure: MeasureInput) -> Measure | None:
    """A measure another ledger records for a case (the jobs ledger: a placement, a 公益性岗位, a training):
    active from its start, added to the case's plan, audited as ``by``'s. ``by``'s right was checked by that
    ledger's own service; nothing is added to a case not under monitoring, nor a second measure of the same
    kind, member and start. Returns the measure, or None when nothing was added."""
    if case.status not in codes.UNDER_MONITORING:
        return None
    same = Measure.objects.filter(case=case, kind=measure.kind, person=measure.person, start=measure.start)
    if same.exists():
        return None
    values = _values(measure)
    values["status"] = values["status"] or MeasureStatus.ACTIVE
    added = Measure(case=case, **values)
    _checked(added, case)
    with transaction.atomic():
        if not Plan.objects.filter(case=case).exists():
            audited_create(
                Plan(case=case, made_on=added.start), by=by, household_id=case.household_id, area_code=case.village_id
            )
        return audited_create(
            added, by=by, fields=MEASURE_FIELDS, household_id=case.household_id, area_code=case.village_id
        )


def measure_end_from_ledger(*, by: Any, measure: Measure, end: dt.date, reason: str) -> Measure:
    """A measure another ledger recorded ends with what it records (a post exited, a job ended): its end date is
    set (never before its start) and it is 已完成, audited with the ledger's reason."""
    case = measure.case
    updated, _ = audited_update(
        measure,
        by=by,
        changes={"end": max(end, measure.start), "status": MeasureStatus.DONE},
        fields=MEASURE_FIELDS,
        household_id=case.household_id,
        area_code=case.village_id,
        reason=reason,
    )
    return updated


def measure_update(*, by: Any, measure: Measure, values: MeasureInput) -> Measure:
    """Change a measure: ``values`` is the whole measure as it should be (``MeasureInput.of`` gives the current
    one, ``dataclasses.replace`` changes what an edit names)."""
    case = measure.case
    require(by, Capability.PLAN_ASSISTANCE, case.village_id)
    changes = _values(values)
    changes["status"] = changes["status"] or measure.status
    updated, _ = audited_update(
        measure,
        by=by,
        changes=changes,
        fields=MEASURE_FIELDS,
        validate=lambda current: _checked(current, case),
        household_id=case.household_id,
        area_code=case.village_id,
    )
    return updated


def _household_input(facts: VisitFacts) -> HouseholdInput:
    data: HouseholdInput = {}
    if facts.housing_grade:
        data["housing_grade"] = facts.housing_grade
    if facts.water_safe is not None:
        data["water_safe"] = facts.water_safe
    return data


def visit_record(
    *,
    by: Any,
    case: Case,
    visited_on: dt.date | None,
    findings: str,
    income_note: str = "",
    household_changes: VisitFacts | None = None,
    finance: Sequence[FinanceEntry] = (),
    photo: UploadedFile | None = None,
) -> Visit:
    """A follow-up visit. ``household_changes`` (the household's facts seen on the visit) and ``finance`` (one
    month's amount of one income item each) update the registry through its services in the same transaction:
    all of it or none."""
    require(by, Capability.RECORD_VISITS, case.village_id)
    if by.role == Role.HELPER_CADRE and case.helper_id != by.pk:
        raise NotVisible()  # a helper cadre sees only the households paired with them
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
    )
    try:
        with transaction.atomic():
            changes: dict[str, Any] = {}
            household: Household = case.household
            data = _household_input(household_changes or VisitFacts())
            if data:
                before = household.version
                household = registry_services.household_update(by=by, household=household, data=data)
                if household.version != before:
                    changes["household"] = {k: str(v) for k, v in data.items()}
            for entry in finance:
                registry_services.finance_set(
                    by=by, household=household, month=entry.month, item=entry.item, amount=entry.amount
                )
            if finance:
                changes["finance"] = [
                    {"month": f"{e.month:%Y-%m}", "item": e.item, "amount": f"{e.amount:.2f}"} for e in finance
                ]
            visit.changes = changes
            if photo is not None:
                visit.photo.save(str(photo.name), photo, save=False)
            audited_create(
                visit,
                by=by,
                fields=["visited_on", "findings"],
                household_id=case.household_id,
                area_code=case.village_id,
            )
    except Exception:
        if visit.photo and visit.photo.name:
            visit.photo.storage.delete(visit.photo.name)
        raise
    return visit


def case_fast_track(
    *,
    by: Any,
    household: Household,
    event: str,
    risks: Sequence[RiskInput],
    measures: Sequence[MeasureInput],
    on: dt.date | None = None,
    channel: str = codes.Channel.CADRE_VISIT,
) -> Case:
    """先帮扶后认定: after a disaster or severe sudden event the village confirms the risk and records measures
    at once; monitoring opens (or marks) the case, which shows "assistance before identification" until the
    procedure completes. All or nothing."""
    require(by, Capability.FAST_TRACK, household.village_id)
    if not measures:
        raise ValidationError({"measures": "先帮扶后认定须同时录入至少一项帮扶措施"})
    with transaction.atomic():
        case = case_open_fast_track(by=by, household=household, event=event, risks=risks, on=on, channel=channel)
        for entry in measures:
            measure_add(by=by, case=case, measure=entry, before_identification=True)
    return case
