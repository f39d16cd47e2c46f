"""The round visit: one form, each fact typed once. Saving, in one transaction: the household's and members'
facts through the registry's services, the round year's income sheet through income's, the assessment, a
lead (channel 集中排查) when a risk is recorded or the income falls in the monitoring range — one per household
per round — and the household's status on the village list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from shoudi.core.access import Capability, require
from shoudi.core.audit import audited_create
from shoudi.income.models import IncomeSheet, Source
from shoudi.income.services import sheet_save
from shoudi.monitoring import codes as mcodes
from shoudi.monitoring.leads import lead_create
from shoudi.monitoring.policy_bridge import assess_household
from shoudi.registry import codes as rcodes
from shoudi.registry import services as registry_services
from shoudi.registry.models import Household, Person
from shoudi.rounds.inputs import HouseholdFacts, IncomeInput, MemberFacts
from shoudi.rounds.models import CHECKLIST, RoundHousehold, RoundVisit, VisitStatus
from shoudi.rounds.services import count_visit, refuse_if_closed

RANK = {VisitStatus.UNVISITED: 0, VisitStatus.VISITED: 1, VisitStatus.ACCOUNTED: 2, VisitStatus.RISK: 3}
RISK_LABELS = dict(mcodes.RiskType.choices)


def _check(
    entry: RoundHousehold, visited_on: dt.date | None, checked: Sequence[str], risk_type: str, risk_note: str, note: str
) -> dt.date:
    found: dict[str, str] = {}
    round_ = entry.round
    if visited_on is None:
        found["visited_on"] = "请填写走访日期"
    elif visited_on > timezone.localdate():
        found["visited_on"] = "走访日期不能晚于今天"
    elif visited_on < round_.starts_on:
        found["visited_on"] = f"走访日期不能早于排查开始日期 {round_.starts_on:%Y-%m-%d}"
    allowed = {n for n, _l in round_.checklist()}
    if set(checked) - allowed:
        found["checked"] = "检查项目不在本次排查内容中"
    if risk_type and risk_type not in mcodes.RiskType.values:
        found["risk_type"] = f"风险类型“{risk_type}”不在代码表中"
    if risk_type and not risk_note.strip():
        found["risk_note"] = "发现新风险时，请用一句话说明情况"
    if risk_note.strip() and not risk_type:
        found["risk_type"] = "填写了风险情况，请选择风险类型"
    if len(risk_note) > 500:
        found["risk_note"] = "风险情况不能超过500个字"
    if len(note) > 500:
        found["note"] = "走访情况不能超过500个字"
    if found:
        raise ValidationError(found)
    assert visited_on is not None
    return visited_on


def _household_changes(household: Household, facts: HouseholdFacts) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if facts.housing_grade:
        if facts.housing_grade not in rcodes.HousingGrade.values:
            raise ValidationError({"housing_grade": "住房安全等级应为A、B、C或D"})
        if facts.housing_grade != household.housing_grade:
            data["housing_grade"] = facts.housing_grade
    if facts.water_safe is not None and facts.water_safe != household.water_safe:
        data["water_safe"] = facts.water_safe
    return data


def _person_changes(person: Person, facts: MemberFacts) -> dict[str, Any]:
    wanted = {
        "school_stage": facts.school_stage or None,
        "medical_insurance": facts.medical_insurance,
        "pension_insurance": facts.pension_insurance,
        "work_place": facts.work_place,
        "work_months": facts.work_months,
    }
    return {k: v for k, v in wanted.items() if v is not None and getattr(person, k) != v}


def _work_from_income(members: Sequence[MemberFacts], income: IncomeInput | None) -> list[MemberFacts]:
    """Where and how long a member worked is typed once, on the income sheet's wage line; the registry gets it."""
    if income is None:
        return list(members)
    work = {line.member_id: line for line in income.lines if line.member_id is not None and line.work_place}
    out = []
    for facts in members:
        line = work.get(facts.person.pk)
        if line is not None and facts.work_place is None:
            months = line.work_months if line.work_months is not None else facts.work_months
            facts = MemberFacts(
                facts.person,
                facts.school_stage,
                facts.medical_insurance,
                facts.pension_insurance,
                line.work_place,
                months,
            )
        out.append(facts)
    return out


def _lead_summary(round_name: str, risk_type: str, risk_note: str, assessment: dict[str, Any]) -> str:
    parts = [f"集中排查“{round_name}”走访发现"]
    if risk_type:
        parts.append(f"{RISK_LABELS[risk_type]}：{risk_note.strip()}")
    if assessment.get("within_range"):
        parts.append(
            f"人均纯收入 {assessment.get('per_capita_net_income')} 元，在监测范围内（监测收入标准 {assessment.get('line')} 元）"
        )
    return "；".join(parts)


def visit_record(
    *,
    by: Any,
    entry: RoundHousehold,
    visited_on: dt.date | None,
    checked: Sequence[str] = (),
    household_facts: HouseholdFacts | None = None,
    members: Sequence[MemberFacts] = (),
    income: IncomeInput | None = None,
    risk_type: str = "",
    risk_note: str = "",
    note: str = "",
) -> RoundVisit:
    require(by, Capability.ROUND_VISITS, entry.village_id)
    refuse_if_closed(entry.round)
    visited_on = _check(entry, visited_on, checked, risk_type, risk_note, note)
    household: Household = entry.household
    for facts in members:
        if facts.person.household_id != household.pk:
            raise ValidationError({"members": "所选成员不是本户家庭成员"})
    with transaction.atomic():
        current = RoundHousehold.objects.select_for_update().select_related("round").get(pk=entry.pk)
        refuse_if_closed(current.round)
        data = _household_changes(household, household_facts or HouseholdFacts())
        if data:
            household = registry_services.household_update(by=by, household=household, data=data)  # type: ignore[arg-type]
        for facts in _work_from_income(members, income):
            changes = _person_changes(facts.person, facts)
            if changes:
                registry_services.person_update(by=by, person=facts.person, data=changes)  # type: ignore[arg-type]
        accounted = bool(income is not None and income.lines)
        if accounted:
            assert income is not None
            sheet_save(
                by=by,
                household=household,
                year=current.round.year,
                lines=income.lines,
                source=Source.ROUND,
                collected_on=visited_on,
                expected_version=income.expected_version,
            )
        assessment = assess_household(Household.objects.get(pk=household.pk), visited_on)
        # A household whose income of the round's year nobody has accounted yet assesses as "no income", which
        # says nothing about it: only an accounted year can put it in range (a visit without income raises a
        # lead only for a risk it records).
        income_known = accounted or IncomeSheet.objects.filter(household=household, year=current.round.year).exists()
        within = income_known and bool(assessment.get("within_range"))
        before, new_lead = current.status, False
        if (risk_type or within) and current.lead_id is None:
            lead = lead_create(
                by=by,
                household=household,
                channel=mcodes.Channel.ROUND,
                summary=_lead_summary(current.round.name, risk_type, risk_note, assessment),
                evidence=note.strip(),
                reported_on=visited_on,
                risk_hint=risk_type,
            )
            current.lead, new_lead = lead, True
        found = (
            VisitStatus.RISK if (risk_type or within) else VisitStatus.ACCOUNTED if accounted else VisitStatus.VISITED
        )
        status = max(VisitStatus(current.status), found, key=lambda s: RANK[s])
        visit = RoundVisit(
            entry=current,
            visited_on=visited_on,
            visitor=by,
            checked=[label for name, label in CHECKLIST if name in set(checked)],
            income_accounted=accounted,
            risk_type=risk_type,
            risk_note=risk_note.strip(),
            within_range=within,
            assessment=assessment,
            note=note.strip(),
        )
        audited_create(
            visit,
            by=by,
            fields=["visited_on", "checked", "income_accounted", "risk_type", "risk_note", "within_range", "note"],
            household_id=household.pk,
            area_code=current.village_id,
        )
        current.status, current.visited_on = status, visited_on
        current.save(update_fields=["status", "visited_on", "lead"])
        count_visit(current, before, status, new_lead=new_lead)
    return visit
