"""/api/v1/employment/workshops: 就业帮扶车间 — the list, recognising one, editing it, a subsidy received, the
yearly review (with the year's proposal on the workshop's page). The same selectors and services as the pages;
a workshop outside the caller's area is a 404; ID numbers are never returned here."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import CONFLICT, ERRORS, InputSchema, actor
from shoudi.employment import selectors_projects as selectors
from shoudi.employment import workshops
from shoudi.employment.access import MANAGE_JOBS, VIEW, may, require_may
from shoudi.employment.models import Workshop, WorkshopReview, WorkshopSubsidy

router = Router()
MAX_LIMIT = 200
MAX_AMOUNT = Decimal("9999999999.99")


class EmpWorkshopOut(Schema):
    id: uuid.UUID
    name: str = Field(title="车间名称")
    employer_id: uuid.UUID = Field(title="经营主体编号")
    employer_name: str = Field(title="经营主体")
    village_code: str = Field(title="所在村（社区）代码")
    village_name: str = Field(title="所在村（社区）")
    at_relocation_site: bool = Field(title="位于易地搬迁安置点")
    relocation_site: str = Field(title="安置点名称")
    industry: str = Field(title="主营业务")
    jobs: int = Field(title="就业岗位数")
    recognised_on: dt.date = Field(title="认定日期")
    recognised_by: str = Field(title="认定部门")
    status: str = Field(title="认定状态代码")
    status_label: str = Field(title="认定状态")
    version: int = Field(title="版本（修改时回传）")


class EmpWorkshopPage(Schema):
    count: int
    items: list[EmpWorkshopOut]


class EmpWorkshopSubsidyOut(Schema):
    id: uuid.UUID
    kind: str
    kind_label: str
    amount: str = Field(title="金额（元）")
    received_on: dt.date
    document_no: str


class EmpWorkshopReviewOut(Schema):
    id: uuid.UUID
    year: int
    employed: int = Field(title="吸纳就业人数")
    employed_priority: int = Field(title="其中脱贫人口和监测对象")
    qualifies: bool = Field(title="继续认定")
    criteria: str = Field(title="认定标准")
    note: str


class EmpWorkshopProposalOut(Schema):
    year: int
    employed: int
    employed_priority: int
    min_employed: int
    min_priority: int
    qualifies: bool = Field(title="系统测算：是否符合继续认定条件")
    criteria: str


class EmpWorkshopDetailOut(Schema):
    workshop: EmpWorkshopOut
    employed_now: int = Field(title="在岗人数")
    priority_now: int = Field(title="其中脱贫人口和监测对象")
    subsidies: list[EmpWorkshopSubsidyOut]
    reviews: list[EmpWorkshopReviewOut]
    proposal: EmpWorkshopProposalOut


class EmpWorkshopFactsIn(InputSchema):
    name: str = Field(title="车间名称", max_length=200)
    village_code: str = Field(title="所在村（社区）代码", max_length=12)
    industry: str = Field(title="主营业务", max_length=100)
    jobs: int = Field(0, title="就业岗位数", ge=0, le=100_000)
    recognised_on: dt.date = Field(title="认定日期")
    recognised_by: str = Field("县人力资源和社会保障局", title="认定部门", max_length=50)
    at_relocation_site: bool = Field(False, title="位于易地搬迁安置点")
    relocation_site: str = Field("", title="安置点名称", max_length=100)

    def entry(self) -> workshops.WorkshopInput:
        return workshops.WorkshopInput(
            name=self.name,
            village=self.village_code,
            industry=self.industry,
            jobs=self.jobs,
            recognised_on=self.recognised_on,
            recognised_by=self.recognised_by,
            at_relocation_site=self.at_relocation_site,
            relocation_site=self.relocation_site,
        )


class EmpWorkshopIn(EmpWorkshopFactsIn):
    employer_id: uuid.UUID | None = Field(None, title="已有用工主体编号（与新建经营主体二选一）")
    employer_name: str = Field("", title="新建经营主体名称", max_length=200)
    credit_code: str = Field("", title="统一社会信用代码", max_length=18)
    contact: str = Field("", title="联系人", max_length=50)
    phone: str = Field("", title="联系电话", max_length=20)


class EmpWorkshopUpdateIn(EmpWorkshopFactsIn):
    version: int | None = Field(None, title="版本（他人先改过则 409）", ge=0, le=2_000_000_000)


class EmpWorkshopSubsidyIn(InputSchema):
    kind: str = Field(title="补贴类型代码", max_length=20)
    amount: Decimal = Field(title="金额（元）", ge=0, le=MAX_AMOUNT, max_digits=12, decimal_places=2)
    received_on: dt.date = Field(title="拨付日期")
    document_no: str = Field("", title="文号", max_length=50)


class EmpWorkshopReviewIn(InputSchema):
    year: int = Field(title="复核年度", ge=2016, le=2100)
    qualifies: bool = Field(title="继续认定")
    note: str = Field("", title="说明（结论与系统测算不一致时必填）", max_length=300)


def _workshop(w: Workshop) -> dict[str, Any]:
    return {
        "id": w.pk,
        "name": w.name,
        "employer_id": w.employer_id,
        "employer_name": w.employer.name,
        "village_code": w.village_id,
        "village_name": w.village.name,
        "at_relocation_site": w.at_relocation_site,
        "relocation_site": w.relocation_site,
        "industry": w.industry,
        "jobs": w.jobs,
        "recognised_on": w.recognised_on,
        "recognised_by": w.recognised_by,
        "status": w.status,
        "status_label": w.get_status_display(),
        "version": w.version,
    }


def _subsidy(s: WorkshopSubsidy) -> dict[str, Any]:
    return {
        "id": s.pk,
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "amount": f"{s.amount:.2f}",
        "received_on": s.received_on,
        "document_no": s.document_no,
    }


def _review(r: WorkshopReview) -> dict[str, Any]:
    return {
        "id": r.pk,
        "year": r.year,
        "employed": r.employed,
        "employed_priority": r.employed_priority,
        "qualifies": r.qualifies,
        "criteria": r.criteria,
        "note": r.note,
    }


@router.get("/workshops", response={200: EmpWorkshopPage, **ERRORS}, summary="就业帮扶车间列表（安置点车间在前）")
def workshop_list(
    request: HttpRequest,
    township: str = Query("", title="乡镇代码", pattern=r"^(\d{9})?$"),
    site: str = Query("", title="位于安置点：yes 是、no 否", pattern=r"^(yes|no)?$"),
    status: str = Query("", title="认定状态代码", max_length=20),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = actor(request)
    require_may(user, VIEW)
    qs = selectors.workshop_list(user, township=township, site=site, status=status, today=timezone.localdate())
    return {"count": qs.count(), "items": [_workshop(w) for w in qs[offset : offset + limit]]}


@router.post("/workshops", response={201: EmpWorkshopOut, **ERRORS}, summary="认定就业帮扶车间")
def workshop_create(request: HttpRequest, payload: EmpWorkshopIn) -> Status:
    user = actor(request)
    require_may(user, MANAGE_JOBS)
    new = None
    if payload.employer_id is None:
        new = workshops.NewEmployer(payload.employer_name, payload.credit_code, payload.contact, payload.phone)
    created = workshops.workshop_create(
        by=user, entry=payload.entry(), employer_id=payload.employer_id, new_employer=new
    )
    return Status(201, _workshop(selectors.access_workshop_by_id(user, created.pk)))


def _detail(user: Any, workshop: Workshop, year: int | None) -> dict[str, Any]:
    today = timezone.localdate()
    proposal = workshops.review_proposal(workshop, min(year or today.year, today.year), today)
    employees = selectors.workshop_employees(user, workshop, today)
    return {
        "workshop": _workshop(workshop),
        "employed_now": len(employees),
        "priority_now": sum(1 for e in employees if e.former_poor or e.monitored),
        "subsidies": [_subsidy(s) for s in selectors.workshop_subsidies(workshop)],
        "reviews": [_review(r) for r in selectors.workshop_reviews(workshop)],
        "proposal": proposal.__dict__,
    }


@router.get(
    "/workshops/{workshop_id}",
    response={200: EmpWorkshopDetailOut, **ERRORS},
    summary="车间详情：在岗人数、补贴、年度复核和当年测算",
)
def workshop_detail(
    request: HttpRequest, workshop_id: uuid.UUID, year: int | None = Query(None, title="测算年度", ge=2016, le=2100)
) -> dict[str, Any]:
    user = actor(request)
    return _detail(user, selectors.access_workshop_by_id(user, workshop_id), year)


def _managed(request: HttpRequest, workshop_id: uuid.UUID) -> tuple[Any, Workshop]:
    user = actor(request)
    workshop = selectors.access_workshop_by_id(user, workshop_id)
    if not may(user, MANAGE_JOBS):
        raise NotVisible()
    return user, workshop


@router.put("/workshops/{workshop_id}", response={200: EmpWorkshopOut, **CONFLICT}, summary="修改车间")
def workshop_update(request: HttpRequest, workshop_id: uuid.UUID, payload: EmpWorkshopUpdateIn) -> dict[str, Any]:
    user, workshop = _managed(request, workshop_id)
    workshops.workshop_update(by=user, workshop=workshop, entry=payload.entry(), expected_version=payload.version)
    return _workshop(selectors.access_workshop_by_id(user, workshop_id))


@router.post(
    "/workshops/{workshop_id}/subsidies", response={201: EmpWorkshopSubsidyOut, **ERRORS}, summary="登记车间补贴"
)
def workshop_subsidy(request: HttpRequest, workshop_id: uuid.UUID, payload: EmpWorkshopSubsidyIn) -> Status:
    user, workshop = _managed(request, workshop_id)
    row = workshops.subsidy_add(
        by=user,
        workshop=workshop,
        kind=payload.kind,
        amount=payload.amount,
        received_on=payload.received_on,
        document_no=payload.document_no,
    )
    return Status(201, _subsidy(row))


@router.post(
    "/workshops/{workshop_id}/reviews",
    response={201: EmpWorkshopReviewOut, **ERRORS},
    summary="车间年度复核（不再符合条件的取消认定）",
)
def workshop_review(request: HttpRequest, workshop_id: uuid.UUID, payload: EmpWorkshopReviewIn) -> Status:
    user, workshop = _managed(request, workshop_id)
    review = workshops.review_confirm(
        by=user, workshop=workshop, year=payload.year, qualifies=payload.qualifies, note=payload.note
    )
    return Status(201, _review(review))
