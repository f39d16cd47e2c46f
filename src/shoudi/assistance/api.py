"""帮扶 API: a case's plan, measures and coverage (缺什么补什么), follow-up visits, the rule table.
Mounted at /api/v1/assistance/; the same services and checks as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status

from shoudi.assistance import selectors, services
from shoudi.assistance.models import Measure, Plan, RiskMeasureRule, Visit
from shoudi.core.access import Capability, require
from shoudi.monitoring.api_schemas import In, MeasureIn
from shoudi.monitoring.selectors import access_case_by_id

router = Router()


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
    content: str | None = None
    end: dt.date | None = None
    status: str | None = None
    responsible_unit: str | None = None
    responsible_person: str | None = None


class VisitIn(In):
    visited_on: dt.date | None = Field(None, title="走访日期")
    findings: str = Field(title="走访情况")
    income_note: str = Field("", title="收入变化")
    household_changes: dict[str, Any] | None = Field(None, title="更新的农户信息")
    finance: list[dict[str, Any]] = Field([], title="收支记录（month, item, amount）")


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


def _user(request: HttpRequest) -> Any:
    return request.auth  # type: ignore[attr-defined]


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


@router.get("/cases/{case_id}/plan", response=PlanOut, summary="帮扶计划、措施和缺项")
def get_plan(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    return plan_out(access_case_by_id(_user(request), case_id))


@router.put("/cases/{case_id}/plan", response=PlanOut, summary="保存帮扶计划")
def put_plan(request: HttpRequest, case_id: uuid.UUID, payload: PlanIn) -> dict[str, Any]:
    user = _user(request)
    case = access_case_by_id(user, case_id)
    services.plan_save(
        by=user, case=case, made_on=payload.made_on, summary=payload.summary, participants=payload.participants
    )
    return plan_out(case)


@router.post("/cases/{case_id}/measures", response={201: MeasureOut}, summary="添加帮扶措施")
def add_measure(request: HttpRequest, case_id: uuid.UUID, payload: MeasureIn) -> Status:
    user = _user(request)
    case = access_case_by_id(user, case_id)
    data = payload.dict(exclude={"person_id"})
    data["kind"] = payload.kind.value
    data["person"] = case.household.members.filter(pk=payload.person_id).first() if payload.person_id else None
    return Status(201, services.measure_add(by=user, case=case, **data))


@router.patch("/measures/{measure_id}", response=MeasureOut, summary="修改帮扶措施")
def patch_measure(request: HttpRequest, measure_id: uuid.UUID, payload: MeasurePatch) -> Measure:
    user = _user(request)
    measure = Measure.objects.filter(pk=measure_id).first()
    if measure is None:
        raise Http404("未找到")
    access_case_by_id(user, measure.case_id)
    return services.measure_update(by=user, measure=measure, data=payload.dict(exclude_unset=True))


@router.get("/cases/{case_id}/visits", response=list[VisitOut], summary="走访记录")
def list_visits(request: HttpRequest, case_id: uuid.UUID) -> list[Visit]:
    return list(selectors.case_visits(access_case_by_id(_user(request), case_id))[:200])


@router.post("/cases/{case_id}/visits", response={201: VisitOut}, summary="记录走访（可同步更新农户信息和收支）")
def add_visit(request: HttpRequest, case_id: uuid.UUID, payload: VisitIn) -> Status:
    user = _user(request)
    case = access_case_by_id(user, case_id)
    visit = services.visit_record(
        by=user,
        case=case,
        visited_on=payload.visited_on,
        findings=payload.findings,
        income_note=payload.income_note,
        household_changes=payload.household_changes,
        finance=payload.finance,
    )
    return Status(201, visit)


@router.get("/rules", response=list[RuleOut], summary="风险类型与措施类型对应规则")
def list_rules(request: HttpRequest) -> list[RiskMeasureRule]:
    require(_user(request), Capability.VIEW_CASES)
    return list(RiskMeasureRule.objects.order_by("risk_code", "measure_kind"))
