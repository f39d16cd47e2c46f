"""/api/v1/employment/labour: the labour force database — the same selectors and services as the pages, so the
same role, 人社-department, area and date checks apply; anyone without the jobs ledgers, and any person outside
the caller's area, is a 404. ID numbers are masked."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.core.inputs import clean_text
from shoudi.employment import codes, labour
from shoudi.employment import selectors_labour as sel
from shoudi.employment.access import VIEW, may
from shoudi.employment.labour_rows import person_context, row_of
from shoudi.employment.models import LabourEvent, LabourProfile, Work
from shoudi.employment.work import WorkInput
from shoudi.registry.models import Person

router = Router()
MAX_LIMIT = 200
PLACES = "、".join(f"{v}（{label}）" for v, label in codes.PLACE_CHOICES)
STATUSES = "、".join(f"{v}（{label}）" for v, label in sel.STATUS_CHOICES)
PRIORITIES = "、".join(f"{v}（{label}）" for v, label in sel.PRIORITY_CHOICES)
KINDS = "、".join(f"{c.value}（{c.label}）" for c in codes.EventKind)
MAX_PAY = Decimal("99999999.99")


class EmpLabourWorkOut(Schema):
    id: uuid.UUID
    place: str = Field(title="务工地点代码")
    place_label: str = Field(title="务工地点")
    employer_name: str = Field(title="务工单位")
    job: str = Field(title="工种/岗位")
    place_detail: str = Field(title="具体地点")
    started_on: dt.date = Field(title="务工开始日期")
    ended_on: dt.date | None = Field(None, title="务工结束日期")
    monthly_pay: Decimal | None = Field(None, title="月工资（元）")
    months_this_year: int | None = Field(None, title="本年务工月数")
    end_reason: str = Field(title="结束原因")
    source: str = Field(title="来源代码")
    version: int


class EmpLabourRow(Schema):
    person_id: uuid.UUID
    name: str = Field(title="姓名")
    id_number: str = Field(title="身份证号（脱敏）")
    household_id: uuid.UUID
    household_number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    village_name: str = Field(title="所在村")
    tags: list[str] = Field(title="户类别（监测对象、脱贫户、低保、特困）")
    status: str = Field(title="就业状态代码", description=STATUSES)
    work: EmpLabourWorkOut | None = Field(None, title="当前务工")
    skills: str = Field(title="技能特长")


class EmpLabourPage(Schema):
    count: int
    counts: dict[str, int] = Field(title="各就业状态人数（total：劳动力总数）")
    items: list[EmpLabourRow]


class EmpLabourProfileOut(Schema):
    skills: str = Field(title="技能特长")
    certificates: str = Field(title="职业资格/技能证书")
    training_wish: str = Field(title="培训意愿")
    wish_kind: str = Field(title="求职意向（工种）")
    wish_place: str = Field(title="意向务工地点代码")
    wish_pay: Decimal | None = Field(None, title="期望月收入（元）")
    available: bool = Field(title="有就业意愿")
    note: str = Field(title="备注")
    version: int = Field(title="版本（修改时原样提交；尚未登记为0）")


class EmpLabourEventOut(Schema):
    id: uuid.UUID
    kind: str = Field(title="事项代码", description=KINDS)
    kind_label: str = Field(title="事项")
    on_date: dt.date = Field(title="日期")
    detail: str = Field(title="说明")
    hours: int | None = Field(None, title="培训课时")
    certificate: str = Field(title="取得证书")
    source: str = Field(title="来源代码")


class EmpLabourPersonOut(Schema):
    person_id: uuid.UUID
    name: str = Field(title="姓名")
    id_number: str = Field(title="身份证号（脱敏）")
    age: int = Field(title="年龄")
    working_age: bool = Field(title="劳动年龄内")
    labor: str = Field(title="劳动技能代码")
    household_id: uuid.UUID
    household_number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    tags: list[str] = Field(title="户类别")
    profile: EmpLabourProfileOut
    current: EmpLabourWorkOut | None = Field(None, title="当前务工")
    works: list[EmpLabourWorkOut] = Field(title="全部务工记录（新的在前）")
    events: list[EmpLabourEventOut] = Field(title="就业失业与培训记录（新的在前）")


class EmpLabourProfileIn(InputSchema):
    skills: str = Field("", title="技能特长", max_length=200)
    certificates: str = Field("", title="职业资格/技能证书", max_length=200)
    training_wish: str = Field("", title="培训意愿", max_length=200)
    wish_kind: str = Field("", title="求职意向（工种）", max_length=100)
    wish_place: str = Field("", title="意向务工地点代码（空为不限）", max_length=20, description=PLACES)
    wish_pay: Decimal | None = Field(None, title="期望月收入（元）", ge=0, le=MAX_PAY, decimal_places=2)
    available: bool = Field(True, title="有就业意愿")
    note: str = Field("", title="备注", max_length=200)
    version: int = Field(title="看到的版本（尚未登记为0）", ge=0, le=2_000_000_000)


class EmpLabourWorkIn(InputSchema):
    place: str = Field(title="务工地点代码", max_length=20, description=PLACES)
    employer_name: str = Field(title="务工单位（灵活就业可填“灵活就业”）", max_length=200)
    job: str = Field("", title="工种/岗位", max_length=100)
    place_detail: str = Field("", title="具体地点", max_length=200)
    started_on: dt.date = Field(title="务工开始日期")
    monthly_pay: Decimal | None = Field(None, title="月工资（元）", ge=0, le=MAX_PAY, decimal_places=2)
    months_this_year: int | None = Field(None, title="本年务工月数", ge=0, le=12)


class EmpLabourWorkEndIn(InputSchema):
    ended_on: dt.date | None = Field(None, title="结束日期（默认今天）")
    reason: str = Field(title="结束原因", max_length=200)


class EmpLabourEventIn(InputSchema):
    kind: str = Field(title="事项代码", max_length=20, description=KINDS)
    on_date: dt.date = Field(title="日期")
    detail: str = Field("", title="说明（培训必填：培训项目和机构）", max_length=200)
    hours: int | None = Field(None, title="培训课时", ge=1, le=10_000)
    certificate: str = Field("", title="取得证书", max_length=100)


def _viewer(request: HttpRequest) -> Any:
    user = _user(request)
    if not may(user, VIEW):
        raise NotVisible()
    return user


def _work(w: Work) -> dict[str, Any]:
    keys = ("id", "place", "employer_name", "job", "place_detail", "started_on", "ended_on", "monthly_pay")
    return {
        **{k: getattr(w, k) for k in keys},
        **{k: getattr(w, k) for k in ("months_this_year", "end_reason", "source", "version")},
        "place_label": w.get_place_display(),
    }


def _event(e: LabourEvent) -> dict[str, Any]:
    keys = ("id", "kind", "on_date", "detail", "hours", "certificate", "source")
    return {**{k: getattr(e, k) for k in keys}, "kind_label": e.get_kind_display()}


def _profile(p: LabourProfile | None) -> dict[str, Any]:
    if p is None:
        return {**{f: "" for f in labour.PROFILE_FIELDS}, "wish_pay": None, "available": True, "version": 0}
    return {**{f: getattr(p, f) for f in labour.PROFILE_FIELDS}, "version": p.version}


def _person_out(user: Any, person_id: Any) -> dict[str, Any]:
    person = sel.access_person_by_id(user, person_id)
    ctx = person_context(person, timezone.localdate())
    works = [w for w in ([ctx["current"]] if ctx["current"] else []) + ctx["past"]]
    return {
        "person_id": person.pk,
        "name": person.name,
        "id_number": ctx["masked_id"],
        "age": ctx["age"],
        "working_age": ctx["working_age"],
        "labor": person.labor,
        "household_id": person.household_id,
        "household_number": person.household.number,
        "village_code": person.household.village_id,
        "tags": ctx["tags"],
        "profile": _profile(ctx["profile"]),
        "current": _work(ctx["current"]) if ctx["current"] else None,
        "works": [_work(w) for w in works],
        "events": [_event(e) for e in sel.person_events(person)],
    }


def _row(p: Person) -> dict[str, Any]:
    row = row_of(p)
    return {
        "person_id": p.pk,
        "name": p.name,
        "id_number": row["masked_id"],
        "household_id": p.household_id,
        "household_number": p.household.number,
        "village_code": p.household.village_id,
        "village_name": p.household.village.name,
        "tags": row["tags"],
        "status": row["status"],
        "work": _work(row["work"]) if row["work"] else None,
        "skills": row["skills"],
    }


@router.get("/labour", response={200: EmpLabourPage, **ERRORS}, summary="劳动力数据库（分页、筛选）")
def list_labour(
    request: HttpRequest,
    status: str = Query("", title="就业状态代码", max_length=20, description=STATUSES),
    place: str = Query("", title="务工地点代码", max_length=20, description=PLACES),
    priority: str = Query("", title="重点群体代码", max_length=20, description=PRIORITIES),
    township: str = Query("", title="乡镇代码", pattern=r"^(\d{9})?$"),
    village: str = Query("", title="村代码", pattern=r"^(\d{12})?$"),
    q: str = Query("", title="姓名、户编号或身份证号", max_length=30),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _viewer(request)
    text = clean_text(q, field="q", label="查询内容", max_length=30)
    qs = sel.labour_list(
        user, township=township, village=village, status=status, place=place, priority=priority, q=text
    )
    counts = sel.status_counts(user, township=township, village=village)
    return {"count": qs.count(), "counts": counts, "items": [_row(p) for p in qs[offset : offset + limit]]}


@router.get(
    "/labour/{person_id}", response={200: EmpLabourPersonOut, **ERRORS}, summary="一名劳动力的技能、务工和培训记录"
)
def get_person(request: HttpRequest, person_id: uuid.UUID) -> dict[str, Any]:
    return _person_out(_viewer(request), person_id)


@router.put(
    "/labour/{person_id}/profile",
    response={200: EmpLabourPersonOut, **CONFLICT},
    summary="保存技能与就业意愿（version 为看到的版本）",
)
def put_profile(request: HttpRequest, person_id: uuid.UUID, payload: EmpLabourProfileIn) -> dict[str, Any]:
    user = _viewer(request)
    person = sel.access_person_by_id(user, person_id)
    entry = labour.ProfileInput(**payload.model_dump(exclude={"version"}))
    labour.profile_save(by=user, person=person, entry=entry, expected_version=payload.version)
    return _person_out(user, person_id)


@router.post(
    "/labour/{person_id}/work", response={201: EmpLabourWorkOut, **ERRORS}, summary="登记务工（当前务工于前一天结束）"
)
def start_work(request: HttpRequest, person_id: uuid.UUID, payload: EmpLabourWorkIn) -> Status:
    user = _viewer(request)
    person = sel.access_person_by_id(user, person_id)
    entry = WorkInput(**payload.model_dump(), source=codes.WorkSource.API)
    return Status(201, _work(labour.start_work(by=user, person=person, entry=entry)))


@router.post("/labour/{person_id}/work/end", response={200: EmpLabourWorkOut, **ERRORS}, summary="结束当前务工")
def end_work(request: HttpRequest, person_id: uuid.UUID, payload: EmpLabourWorkEndIn) -> dict[str, Any]:
    user = _viewer(request)
    person = sel.access_person_by_id(user, person_id)
    day = payload.ended_on or timezone.localdate()
    return _work(labour.end_current(by=user, person=person, ended_on=day, reason=payload.reason))


@router.post(
    "/labour/{person_id}/events",
    response={201: EmpLabourEventOut, **ERRORS},
    summary="记录失业登记、返乡、就业登记或参加培训",
)
def record_event(request: HttpRequest, person_id: uuid.UUID, payload: EmpLabourEventIn) -> Status:
    user = _viewer(request)
    person = sel.access_person_by_id(user, person_id)
    entry = labour.EventInput(**payload.model_dump(), source=codes.WorkSource.API)
    return Status(201, _event(labour.event_record(by=user, person=person, entry=entry)))
