"""集中排查 API: rounds, a round's progress, a village's list, and recording a visit (409 once the round is
closed) — the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.api import CONFLICT, ERRORS, InputSchema, actor
from shoudi.income.inputs import LineInput
from shoudi.monitoring.codes import RiskType
from shoudi.registry.codes import HousingGrade
from shoudi.rounds import selectors
from shoudi.rounds.inputs import HouseholdFacts, IncomeInput, MemberFacts
from shoudi.rounds.models import Round, RoundHousehold, VisitStatus
from shoudi.rounds.visits import visit_record

router = Router()


class RoundOut(Schema):
    id: uuid.UUID
    name: str = Field(title="排查名称")
    year: int = Field(title="核算年度")
    starts_on: dt.date = Field(title="开始日期")
    ends_on: dt.date = Field(title="结束日期")
    area_code: str = Field(title="排查范围", alias="area_id")
    status: str = Field(title="状态")
    checklist: list[str] = Field(title="排查内容")
    household_count: int = Field(title="纳入户数")

    @staticmethod
    def resolve_checklist(obj: Round) -> list[str]:
        return [name for name, _l in obj.checklist()]


class CountsOut(Schema):
    code: str
    name: str
    unvisited: int = Field(title="未走访")
    visited: int = Field(title="已走访")
    accounted: int = Field(title="已核算")
    risk: int = Field(title="发现风险")
    total: int = Field(title="合计")
    percent: float = Field(title="完成率（%）")
    leads: int = Field(title="风险线索")
    overdue: bool = Field(title="已逾期")
    due_soon: bool = Field(title="即将逾期")


class ProgressOut(Schema):
    round: RoundOut
    total: CountsOut
    townships: list[CountsOut]
    villages: list[CountsOut]
    frozen: bool = Field(title="已冻结（排查已结束）")


class EntryOut(Schema):
    id: int
    household_id: uuid.UUID
    household_number: str = Field(title="户编号")
    status: str = Field(title="走访状态")
    visited_on: dt.date | None = Field(None, title="走访日期")
    lead_id: uuid.UUID | None = Field(None, title="风险线索")

    @staticmethod
    def resolve_household_number(obj: RoundHousehold) -> str:
        return obj.household.number


class MemberIn(InputSchema):
    person_id: uuid.UUID = Field(title="家庭成员")
    school_stage: str = Field("", title="在校阶段", max_length=30)
    medical_insurance: bool | None = Field(None, title="基本医疗保险")
    pension_insurance: bool | None = Field(None, title="基本养老保险")


class RoundLineIn(InputSchema):
    item: str = Field(title="收支项目", max_length=30)
    amount: Decimal = Field(title="全年金额（元）", ge=0, le=Decimal("99999999.99"), decimal_places=2)
    member_id: uuid.UUID | None = Field(None, title="家庭成员")
    work_place: str = Field("", title="务工地点", max_length=20)
    work_months: int | None = Field(None, title="务工月数", ge=0, le=12)


class RoundVisitIn(InputSchema):
    visited_on: dt.date = Field(title="走访日期")
    checked: list[str] = Field(default_factory=list, title="本次检查", max_length=4)
    housing_grade: HousingGrade | None = Field(None, title="住房安全等级")
    water_safe: bool | None = Field(None, title="饮水安全")
    members: list[MemberIn] = Field(default_factory=list, title="家庭成员情况", max_length=30)
    income: list[RoundLineIn] | None = Field(None, title="收入核算（本排查年度）", max_length=200)
    income_version: int | None = Field(None, title="收入核算表版本", ge=0, le=2_147_483_647)
    risk_type: RiskType | None = Field(None, title="新风险类型")
    risk_note: str = Field("", title="风险情况", max_length=500)
    note: str = Field("", title="走访情况", max_length=500)


class RoundVisitOut(Schema):
    id: uuid.UUID
    visited_on: dt.date
    status: str = Field(title="走访状态")
    income_accounted: bool
    within_range: bool = Field(title="收入在监测范围内")
    lead_id: uuid.UUID | None = Field(None, title="风险线索")


def _counts(c: selectors.Counts) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        **{s.value: c.by_status.get(s, 0) for s in VisitStatus},
        "total": c.total,
        "percent": c.percent,
        "leads": c.leads,
        "overdue": c.overdue,
        "due_soon": c.due_soon,
    }


def _user(request: HttpRequest) -> Any:
    user = actor(request)
    if not selectors.can_read(user):
        raise NotVisible()
    return user


@router.get("/", response={200: list[RoundOut], **ERRORS}, summary="集中排查列表")
def round_list(request: HttpRequest) -> list[Round]:
    return list(selectors.rounds_visible(_user(request))[:100])


@router.get("/{round_id}", response={200: RoundOut, **ERRORS}, summary="集中排查详情")
def round_detail(request: HttpRequest, round_id: uuid.UUID) -> Round:
    return selectors.access_round_by_id(_user(request), round_id)


@router.get("/{round_id}/progress", response={200: ProgressOut, **ERRORS}, summary="进度（按乡镇、村）")
def round_progress(request: HttpRequest, round_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    progress = selectors.progress(user, selectors.access_round_by_id(user, round_id), timezone.localdate())
    return {
        "round": progress.round,
        "total": _counts(progress.total),
        "townships": [_counts(c) for c in progress.townships],
        "villages": [_counts(c) for c in progress.villages],
        "frozen": progress.frozen,
    }


@router.get("/{round_id}/villages/{code}", response={200: list[EntryOut], **ERRORS}, summary="村排查名单")
def village_list(
    request: HttpRequest, round_id: uuid.UUID, code: str, status: VisitStatus | None = None
) -> list[RoundHousehold]:
    user = _user(request)
    round_ = selectors.access_round_by_id(user, round_id)
    require(user, Capability.VIEW_HOUSEHOLDS, code[:12])
    return selectors.village_list(user, round_, code[:12], status=status.value if status else "")


@router.post(
    "/{round_id}/visits/{entry_id}", response={201: RoundVisitOut, **CONFLICT}, summary="录入走访（排查结束后 409）"
)
def visit_create(request: HttpRequest, round_id: uuid.UUID, entry_id: int, payload: RoundVisitIn) -> Status:
    user = _user(request)
    round_ = selectors.access_round_by_id(user, round_id)
    entry = selectors.access_entry_by_id(user, round_, entry_id)
    require(user, Capability.ROUND_VISITS, entry.village_id)
    people = {p.pk: p for p in entry.household.members.all()}
    members = []
    for m in payload.members:
        if m.person_id not in people:
            raise NotVisible()
        members.append(MemberFacts(people[m.person_id], m.school_stage, m.medical_insurance, m.pension_insurance))
    income = None
    if payload.income is not None:
        lines = [LineInput(x.item, x.amount, x.member_id, x.work_place, x.work_months) for x in payload.income]
        income = IncomeInput(lines=lines, expected_version=payload.income_version)
    visit = visit_record(
        by=user,
        entry=entry,
        visited_on=payload.visited_on,
        checked=payload.checked,
        household_facts=HouseholdFacts(
            housing_grade=payload.housing_grade.value if payload.housing_grade else "", water_safe=payload.water_safe
        ),
        members=members,
        income=income,
        risk_type=payload.risk_type.value if payload.risk_type else "",
        risk_note=payload.risk_note,
        note=payload.note,
    )
    entry.refresh_from_db()
    return Status(
        201,
        {
            "id": visit.pk,
            "visited_on": visit.visited_on,
            "status": entry.status,
            "income_accounted": visit.income_accounted,
            "within_range": visit.within_range,
            "lead_id": entry.lead_id,
        },
    )
