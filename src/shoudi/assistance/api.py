"""帮扶 API: a case's plan, measures and coverage (缺什么补什么), follow-up visits, the rule table, and the fast
track (先帮扶后认定). Mounted at /api/v1/assistance/; the same services and checks as the pages."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from shoudi.assistance import selectors, services
from shoudi.assistance.inputs import FinanceEntry, MeasureInput, VisitFacts
from shoudi.assistance.models import Measure, MeasureStatus, Plan, RiskMeasureRule, Visit
from shoudi.core.access import Capability, require
from shoudi.core.api import ERRORS
from shoudi.core.api import InputSchema as In
from shoudi.core.api import actor as _user
from shoudi.monitoring import codes
from shoudi.monitoring.api import case_detail_out, risk_input
from shoudi.monitoring.api_schemas import CaseDetailOut, RiskIn
from shoudi.monitoring.selectors import access_case_by_id
from shoudi.registry import codes as rcodes
from shoudi.registry.selectors import access_household_by_id

router = Router()


class MeasureIn(In):
    kind: codes.MeasureKind = Field(title="措施类型")
    content: str = Field(title="措施内容", max_length=2000)
    person_id: uuid.UUID | None = Field(None, title="受益成员")
    start: dt.date = Field(title="开始日期")
    end: dt.date | None = Field(None, title="结束日期")
    amount: Decimal | None = Field(None, title="金额（元）", max_digits=14, decimal_places=2, ge=0)
    responsible_unit: str = Field(title="责任单位", max_length=100)
    responsible_person: str = Field(title="责任人", max_length=50)
    status: MeasureStatus | None = Field(None, title="状态（默认计划中，先帮扶后认定时实施中）")


class FastTrackIn(In):
    household_id: uuid.UUID = Field(title="农户编号")
    event: str = Field(title="突发事件情况")
    risks: list[RiskIn] = Field(title="风险类型")
    measures: list[MeasureIn] = Field(title="帮扶措施")
    on: dt.date | None = Field(None, title="研判日期")


def measure_input(payload: MeasureIn, household: Any) -> MeasureInput:
    """The service's input from the schema: the member by id, among the household's own."""
    person = household.members.filter(pk=payload.person_id).first() if payload.person_id else None
    return MeasureInput(
        kind=payload.kind.value,
        content=payload.content,
        start=payload.start,
        responsible_unit=payload.responsible_unit,
        responsible_person=payload.responsible_person,
        status=payload.status.value if payload.status else "",
        person=person,
        end=payload.end,
        amount=payload.amount,
    )


class MeasureOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    content: str
    person_id: uuid.UUID | None
    start: dt.date
    end: dt.date | None
    amount: str | None
    responsible_unit: str
    responsible_person: str
    status: str
    before_identification: bool

    @staticmethod
    def resolve_kind_label(obj: Measure) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_amount(obj: Measure) -> str | None:
        return None if obj.amount is None else f"{obj.amount:.2f}"


class CoverageOut(Schema):
    code: str
    label: str
    allowed: list[str]
    covered: bool


class PlanIn(In):
    made_on: dt.date | None = Field(None, title="制定日期")
    summary: str = Field("", title="帮扶思路")
    participants: str = Field("", title="参与制定")


class PlanOut(Schema):
    made_on: dt.date | None
    summary: str
    participants: str
    measures: list[MeasureOut]
    coverage: list[CoverageOut]
    missing: list[str]


class MeasurePatch(In):
    content: str | None = Field(None, max_length=2000)
    end: dt.date | None = None
    status: MeasureStatus | None = None
    responsible_unit: str | None = Field(None, max_length=100)
    responsible_person: str | None = Field(None, max_length=50)


class VisitFactsIn(In):
    housing_grade: rcodes.HousingGrade | None = Field(None, title="住房安全等级")
    water_safe: bool | None = Field(None, title="饮水安全")


class FinanceIn(In):
    month: str = Field(title="月份（YYYY-MM）", pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    item: str = Field(title="收支项目代码")
    amount: Decimal = Field(title="金额（元）", max_digits=14, decimal_places=2, ge=0)


class VisitIn(In):
    visited_on: dt.date | None = Field(None, title="走访日期")
    findings: str = Field(title="走访情况")
    income_note: str = Field("", title="收入变化", max_length=200)
    household_changes: VisitFactsIn | None = Field(None, title="更新的农户信息")
    finance: list[FinanceIn] = Field([], title="收支记录")


class VisitOut(Schema):
    id: uuid.UUID
    visited_on: dt.date
    visitor_name: str
    findings: str
    income_note: str
    changes: dict[str, Any]


class RuleOut(Schema):
    risk_code: str
    measure_kind: str


def plan_out(case: Any) -> dict[str, Any]:
    plan: Plan | None = selectors.case_plan(case)
    coverage = selectors.coverage(case)
    return {
        "made_on": plan.made_on if plan else None,
        "summary": plan.summary if plan else "",
        "participants": plan.participants if plan else "",
        "measures": list(selectors.case_measures(case)),
        "coverage": [
            {"code": r["code"], "label": r["label"], "allowed": r["allowed"], "covered": r["covered"]} for r in coverage
        ],
        "missing": [r["label"] for r in coverage if not r["covered"]],
    }


@router.get("/cases/{case_id}/plan", response={200: PlanOut, **ERRORS}, summary="帮扶计划、措施和缺项")
def get_plan(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    return plan_out(access_case_by_id(_user(request), case_id))


@router.put("/cases/{case_id}/plan", response={200: PlanOut, **ERRORS}, summary="保存帮扶计划")
def put_plan(request: HttpRequest, case_id: uuid.UUID, payload: PlanIn) -> dict[str, Any]:
    user = _user(request)
    case = access_case_by_id(user, case_id)
    services.plan_save(
        by=user, case=case, made_on=payload.made_on, summary=payload.summary, participants=payload.participants
    )
    return plan_out(case)


@router.post("/cases/{case_id}/measures", response={201: MeasureOut, **ERRORS}, summary="添加帮扶措施")
def add_measure(request: HttpRequest, case_id: uuid.UUID, payload: MeasureIn) -> Status:
    user = _user(request)
    case = access_case_by_id(user, case_id)
    return Status(201, services.measure_add(by=user, case=case, measure=measure_input(payload, case.household)))


@router.patch("/measures/{measure_id}", response={200: MeasureOut, **ERRORS}, summary="修改帮扶措施")
def patch_measure(request: HttpRequest, measure_id: uuid.UUID, payload: MeasurePatch) -> Measure:
    user = _user(request)
    measure = selectors.access_measure_by_id(user, measure_id)
    changes = payload.dict(exclude_unset=True)
    if "status" in changes:
        changes["status"] = changes["status"].value if changes["status"] else measure.status
    values = dataclasses.replace(MeasureInput.of(measure), **changes)
    return services.measure_update(by=user, measure=measure, values=values)


@router.get("/cases/{case_id}/visits", response={200: list[VisitOut], **ERRORS}, summary="走访记录")
def list_visits(request: HttpRequest, case_id: uuid.UUID) -> list[Visit]:
    return list(selectors.case_visits(access_case_by_id(_user(request), case_id))[:200])


@router.post(
    "/cases/{case_id}/visits", response={201: VisitOut, **ERRORS}, summary="记录走访（可同步更新农户信息和收支）"
)
def add_visit(request: HttpRequest, case_id: uuid.UUID, payload: VisitIn) -> Status:
    user = _user(request)
    case = access_case_by_id(user, case_id)
    facts = payload.household_changes
    visit = services.visit_record(
        by=user,
        case=case,
        visited_on=payload.visited_on,
        findings=payload.findings,
        income_note=payload.income_note,
        household_changes=VisitFacts(
            housing_grade=facts.housing_grade.value if facts.housing_grade else "", water_safe=facts.water_safe
        )
        if facts
        else None,
        finance=[FinanceEntry(month=_month(f.month), item=f.item, amount=f.amount) for f in payload.finance],
    )
    return Status(201, visit)


def _month(text: str) -> dt.date:
    """A month as "2026-10" (the schema's pattern admits only real months) → 2026-10-01."""
    year, month = text.split("-")
    return dt.date(int(year), int(month), 1)


@router.post("/fast-track", response={201: CaseDetailOut, **ERRORS}, summary="先帮扶后认定：确认风险并同时落实帮扶措施")
def fast_track(request: HttpRequest, payload: FastTrackIn) -> Status:
    user = _user(request)
    require(user, Capability.FAST_TRACK)
    household = access_household_by_id(user, payload.household_id)
    case = services.case_fast_track(
        by=user,
        household=household,
        event=payload.event,
        risks=risk_input(payload.risks) or (),
        measures=[measure_input(m, household) for m in payload.measures],
        on=payload.on,
    )
    return Status(201, case_detail_out(user, case))


@router.get("/rules", response={200: list[RuleOut], **ERRORS}, summary="风险类型与措施类型对应规则")
def list_rules(request: HttpRequest) -> list[RiskMeasureRule]:
    require(_user(request), Capability.VIEW_CASES)
    return list(RiskMeasureRule.objects.order_by("risk_code", "measure_kind"))
