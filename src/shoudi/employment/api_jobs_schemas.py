"""Schemas of the job database's API (``api_jobs``); names prefixed ``EmpJob`` (ninja schema names are global)."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import InputSchema
from shoudi.employment import codes
from shoudi.employment.jobs import MAX_HEADCOUNT, MAX_PAY
from shoudi.employment.models import Employer, Opening, Recommendation

KINDS = "、".join(f"{c.value}（{c.label}）" for c in codes.EmployerKind)
PLACES = "、".join(f"{v}（{label}）" for v, label in codes.PLACE_CHOICES)
OUTCOMES = "、".join(f"{c.value}（{c.label}）" for c in codes.Outcome if c != codes.Outcome.RECOMMENDED)


class EmpJobEmployerIn(InputSchema):
    name: str = Field(title="用工主体名称", min_length=1, max_length=200)
    kind: str = Field(title="类型", max_length=20, description=KINDS)
    area_code: str = Field(title="所属区域代码（县、乡镇或村，6、9或12位）", max_length=12)
    credit_code: str = Field("", title="统一社会信用代码", max_length=18)
    address: str = Field("", title="地址", max_length=200)
    partner_city: str = Field("", title="协作城市", max_length=50)
    contact: str = Field("", title="联系人", max_length=50)
    phone: str = Field("", title="联系电话", max_length=20)
    active: bool = Field(True, title="有效")


class EmpJobEmployerOut(Schema):
    id: uuid.UUID
    name: str = Field(title="用工主体名称")
    kind: str = Field(title="类型代码")
    kind_label: str = Field(title="类型")
    area_code: str = Field(title="所属区域代码")
    area_name: str = Field(title="所属区域")
    credit_code: str = Field(title="统一社会信用代码")
    address: str = Field(title="地址")
    partner_city: str = Field(title="协作城市")
    contact: str = Field(title="联系人")
    phone: str = Field(title="联系电话（脱敏）")
    active: bool = Field(title="有效")


class EmpJobEmployerPage(Schema):
    count: int
    items: list[EmpJobEmployerOut]


class EmpJobOpeningFields(InputSchema):
    title: str = Field(title="岗位名称", min_length=1, max_length=100)
    skills: str = Field("", title="技能要求（多项以顿号或逗号分隔）", max_length=200)
    place: str = Field(title="工作地点类别", max_length=20, description=PLACES)
    workplace_code: str = Field("", title="工作地（乡镇代码，县内岗位）", pattern=r"^(\d{9})?$")
    place_detail: str = Field("", title="工作地点", max_length=200)
    pay_min: Decimal | None = Field(None, title="月薪下限（元）", ge=0, le=MAX_PAY, max_digits=9, decimal_places=2)
    pay_max: Decimal | None = Field(None, title="月薪上限（元）", ge=0, le=MAX_PAY, max_digits=9, decimal_places=2)
    headcount: int = Field(1, title="招聘人数", ge=1, le=MAX_HEADCOUNT)
    age_max: int | None = Field(None, title="年龄上限", ge=16, le=80)
    opens_on: dt.date = Field(title="发布日期")
    closes_on: dt.date | None = Field(None, title="截止日期")


class EmpJobOpeningIn(EmpJobOpeningFields):
    employer_id: uuid.UUID = Field(title="用工主体")


class EmpJobOpeningUpdateIn(EmpJobOpeningFields):
    version: int = Field(title="版本号（读取时的 version）", ge=1, le=2_000_000_000)


class EmpJobOpeningOut(Schema):
    id: uuid.UUID
    employer_id: uuid.UUID = Field(title="用工主体")
    employer_name: str = Field(title="用工主体名称")
    area_code: str = Field(title="所属区域代码")
    title: str = Field(title="岗位名称")
    skills: str = Field(title="技能要求")
    place: str = Field(title="工作地点类别代码")
    place_label: str = Field(title="工作地点类别")
    workplace_code: str | None = Field(None, title="工作地（乡镇代码）")
    place_detail: str = Field(title="工作地点")
    pay_min: str | None = Field(None, title="月薪下限（元）")
    pay_max: str | None = Field(None, title="月薪上限（元）")
    headcount: int = Field(title="招聘人数")
    age_max: int | None = Field(None, title="年龄上限")
    opens_on: dt.date = Field(title="发布日期")
    closes_on: dt.date | None = Field(None, title="截止日期")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    source: str = Field(title="来源")
    version: int = Field(title="版本号")


class EmpJobOpeningPage(Schema):
    count: int
    items: list[EmpJobOpeningOut]


class EmpJobStatusIn(InputSchema):
    status: str = Field(title="状态：open 招聘中、filled 已招满、closed 已关闭", max_length=10)
    version: int = Field(title="版本号", ge=1, le=2_000_000_000)


class EmpJobCandidateOut(Schema):
    rank: int = Field(title="名次")
    person_id: uuid.UUID = Field(title="劳动力")
    name: str = Field(title="姓名")
    id_number: str = Field(title="身份证号（脱敏）")
    village_code: str = Field(title="所在村代码")
    age: int = Field(title="年龄")
    score: str = Field(title="匹配得分")
    reasons: str = Field(title="推荐理由")
    outcome: str | None = Field(None, title="已推荐时的推荐结果代码")


class EmpJobPersonOpeningOut(Schema):
    opening: EmpJobOpeningOut
    score: str = Field(title="匹配得分")
    reasons: str = Field(title="推荐理由")
    outcome: str | None = Field(None, title="已推荐时的推荐结果代码")


class EmpJobPersonOpeningsOut(Schema):
    person_id: uuid.UUID
    in_pool: bool = Field(title="在劳动力匹配范围内")
    items: list[EmpJobPersonOpeningOut]


class EmpJobRecommendIn(InputSchema):
    opening_id: uuid.UUID = Field(title="岗位")
    person_ids: list[uuid.UUID] = Field(title="推荐的劳动力", min_length=1, max_length=200)


class EmpJobRecommendationOut(Schema):
    id: uuid.UUID
    opening_id: uuid.UUID = Field(title="岗位")
    opening_title: str = Field(title="岗位名称")
    employer_name: str = Field(title="用工主体")
    person_id: uuid.UUID = Field(title="劳动力")
    person_name: str = Field(title="姓名")
    village_code: str = Field(title="所在村代码")
    score: str = Field(title="匹配得分")
    reasons: str = Field(title="推荐理由")
    outcome: str = Field(title="推荐结果代码")
    outcome_label: str = Field(title="推荐结果")
    outcome_on: dt.date | None = Field(None, title="结果日期")
    outcome_note: str = Field(title="结果说明")
    work_id: uuid.UUID | None = Field(None, title="上岗记录")
    version: int = Field(title="版本号")


class EmpJobRecommendationPage(Schema):
    count: int
    items: list[EmpJobRecommendationOut]


class EmpJobRecommendOut(Schema):
    created: int = Field(title="新增推荐")
    skipped: int = Field(title="此前已推荐而跳过")
    items: list[EmpJobRecommendationOut]


class EmpJobOutcomeIn(InputSchema):
    outcome: str = Field(title="推荐结果代码", max_length=20, description=OUTCOMES)
    outcome_on: dt.date = Field(title="结果日期（已上岗为上岗日期）")
    note: str = Field("", title="结果说明（未成必填）", max_length=200)
    monthly_pay: Decimal | None = Field(
        None, title="月工资（元，已上岗；默认岗位月薪下限）", ge=0, le=MAX_PAY, max_digits=9, decimal_places=2
    )
    version: int = Field(title="版本号", ge=1, le=2_000_000_000)


class EmpJobTwoListsOut(Schema):
    demand: list[dict[str, Any]] = Field(title="企业用工需求清单")
    supply_count: int = Field(title="劳动力供给清单总人数")
    supply: list[dict[str, Any]] = Field(title="劳动力供给清单（本页）")


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def employer_out(e: Employer) -> dict[str, Any]:
    from shoudi.registry.idnumber import mask_phone

    return {
        "id": e.pk,
        "name": e.name,
        "kind": e.kind,
        "kind_label": e.get_kind_display(),
        "area_code": e.area_id,
        "area_name": e.area.name,
        "credit_code": e.credit_code,
        "address": e.address,
        "partner_city": e.partner_city,
        "contact": e.contact,
        "phone": mask_phone(e.phone),
        "active": e.active,
    }


def opening_out(o: Opening) -> dict[str, Any]:
    return {
        "id": o.pk,
        "employer_id": o.employer_id,
        "employer_name": o.employer.name,
        "area_code": o.area_id,
        "title": o.title,
        "skills": o.skills,
        "place": o.place,
        "place_label": o.get_place_display(),
        "workplace_code": o.workplace_id,
        "place_detail": o.place_detail,
        "pay_min": _money(o.pay_min),
        "pay_max": _money(o.pay_max),
        "headcount": o.headcount,
        "age_max": o.age_max,
        "opens_on": o.opens_on,
        "closes_on": o.closes_on,
        "status": o.status,
        "status_label": o.get_status_display(),
        "source": o.source,
        "version": o.version,
    }


def recommendation_out(r: Recommendation) -> dict[str, Any]:
    return {
        "id": r.pk,
        "opening_id": r.opening_id,
        "opening_title": r.opening.title,
        "employer_name": r.opening.employer.name,
        "person_id": r.person_id,
        "person_name": r.person.name,
        "village_code": r.village_id,
        "score": f"{r.score:.2f}",
        "reasons": r.reasons,
        "outcome": r.outcome,
        "outcome_label": r.get_outcome_display(),
        "outcome_on": r.outcome_on,
        "outcome_note": r.outcome_note,
        "work_id": r.work_id,
        "version": r.version,
    }
