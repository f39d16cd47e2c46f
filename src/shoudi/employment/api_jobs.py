"""/api/v1/employment/: the job database — employers (no delete once used), openings (create, edit with the
version seen, close / fill), the ranked candidates of an opening, the ranked openings of a person,
recommendations and their outcomes, and the two lists. The same selectors and services as the pages, so the
same 人社 gate, area and checks apply; lists are bounded (limit ≤ 200). ID numbers are masked."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from ninja import Query, Router, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import CONFLICT, ERRORS
from shoudi.core.api import actor as _user
from shoudi.core.exports import XLSX_TYPE
from shoudi.employment import codes, jobs, two_lists
from shoudi.employment import jobs_recommendations as recs
from shoudi.employment import selectors_jobs as selectors
from shoudi.employment.access import MANAGE_JOBS, VIEW, require_may
from shoudi.employment.api_jobs_schemas import (
    EmpJobCandidateOut,
    EmpJobEmployerIn,
    EmpJobEmployerOut,
    EmpJobEmployerPage,
    EmpJobOpeningIn,
    EmpJobOpeningOut,
    EmpJobOpeningPage,
    EmpJobOpeningUpdateIn,
    EmpJobOutcomeIn,
    EmpJobPersonOpeningsOut,
    EmpJobRecommendationOut,
    EmpJobRecommendationPage,
    EmpJobRecommendIn,
    EmpJobRecommendOut,
    EmpJobStatusIn,
    EmpJobTwoListsOut,
    employer_out,
    opening_out,
    recommendation_out,
)

router = Router()
MAX_LIMIT = 200
OFFSET = {"ge": 0, "le": 10_000_000}
CODE = r"^(\d{9})?$"


def _employer_entry(p: EmpJobEmployerIn) -> jobs.EmployerInput:
    return jobs.EmployerInput(
        name=p.name,
        kind=p.kind,
        area_code=p.area_code,
        credit_code=p.credit_code,
        address=p.address,
        partner_city=p.partner_city,
        contact=p.contact,
        phone=p.phone,
        active=p.active,
    )


@router.get("/employers", response={200: EmpJobEmployerPage, **ERRORS}, summary="用工主体列表")
def list_employers(
    request: HttpRequest,
    q: str = Query("", title="名称或联系人", max_length=50),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    require_may(user, VIEW)
    qs = selectors.employer_list(user, text=q.replace("\x00", "").strip())
    return {"count": qs.count(), "items": [employer_out(e) for e in qs[offset : offset + limit]]}


@router.post("/employers", response={201: EmpJobEmployerOut, **ERRORS}, summary="登记用工主体")
def create_employer(request: HttpRequest, payload: EmpJobEmployerIn) -> Status:
    employer = jobs.employer_create(by=_user(request), entry=_employer_entry(payload))
    return Status(201, employer_out(selectors.access_employer_by_id(_user(request), employer.pk)))


@router.get("/employers/{employer_id}", response={200: EmpJobEmployerOut, **ERRORS}, summary="一个用工主体")
def get_employer(request: HttpRequest, employer_id: uuid.UUID) -> dict[str, Any]:
    return employer_out(selectors.access_employer_by_id(_user(request), employer_id))


@router.put("/employers/{employer_id}", response={200: EmpJobEmployerOut, **ERRORS}, summary="修改用工主体")
def update_employer(request: HttpRequest, employer_id: uuid.UUID, payload: EmpJobEmployerIn) -> dict[str, Any]:
    user = _user(request)
    employer = selectors.access_employer_by_id(user, employer_id)
    jobs.employer_update(by=user, employer=employer, entry=_employer_entry(payload))
    return employer_out(selectors.access_employer_by_id(user, employer_id))


@router.delete(
    "/employers/{employer_id}", response={204: None, **ERRORS}, summary="删除用工主体（已有岗位或务工记录的不能删除）"
)
def delete_employer(request: HttpRequest, employer_id: uuid.UUID) -> Status:
    user = _user(request)
    jobs.employer_delete(by=user, employer=selectors.access_employer_by_id(user, employer_id))
    return Status(204, None)


def _opening_entry(p: EmpJobOpeningIn | EmpJobOpeningUpdateIn) -> jobs.OpeningInput:
    return jobs.OpeningInput(
        title=p.title,
        place=p.place,
        opens_on=p.opens_on,
        skills=p.skills,
        workplace_code=p.workplace_code,
        place_detail=p.place_detail,
        pay_min=p.pay_min,
        pay_max=p.pay_max,
        headcount=p.headcount,
        age_max=p.age_max,
        closes_on=p.closes_on,
    )


@router.get("/openings", response={200: EmpJobOpeningPage, **ERRORS}, summary="岗位需求列表")
def list_openings(
    request: HttpRequest,
    status: str = Query("", title="状态", pattern=r"^(open|filled|closed)?$"),
    place: str = Query("", title="工作地点类别", max_length=20),
    township: str = Query("", title="乡镇代码", pattern=CODE),
    employer_id: uuid.UUID | None = None,
    q: str = Query("", title="岗位、技能或用工主体", max_length=50),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    require_may(user, VIEW)
    text = q.replace("\x00", "").strip()
    qs = selectors.opening_list(user, status=status, place=place, township=township, employer=employer_id, text=text)
    return {"count": qs.count(), "items": [opening_out(o) for o in qs[offset : offset + limit]]}


@router.post("/openings", response={201: EmpJobOpeningOut, **ERRORS}, summary="发布岗位")
def create_opening(request: HttpRequest, payload: EmpJobOpeningIn) -> Status:
    user = _user(request)
    employer = selectors.access_employer_by_id(user, payload.employer_id)
    opening = jobs.opening_create(
        by=user, employer=employer, entry=_opening_entry(payload), source=codes.WorkSource.API
    )
    return Status(201, opening_out(selectors.access_opening_by_id(user, opening.pk)))


@router.get("/openings/{opening_id}", response={200: EmpJobOpeningOut, **ERRORS}, summary="一个岗位")
def get_opening(request: HttpRequest, opening_id: uuid.UUID) -> dict[str, Any]:
    return opening_out(selectors.access_opening_by_id(_user(request), opening_id))


@router.put("/openings/{opening_id}", response={200: EmpJobOpeningOut, **CONFLICT}, summary="修改岗位（须带版本号）")
def update_opening(request: HttpRequest, opening_id: uuid.UUID, payload: EmpJobOpeningUpdateIn) -> dict[str, Any]:
    user = _user(request)
    opening = selectors.access_opening_by_id(user, opening_id)
    jobs.opening_update(by=user, opening=opening, entry=_opening_entry(payload), expected_version=payload.version)
    return opening_out(selectors.access_opening_by_id(user, opening_id))


@router.post(
    "/openings/{opening_id}/status",
    response={200: EmpJobOpeningOut, **CONFLICT},
    summary="关闭岗位、标记已招满或重新开放",
)
def set_opening_status(request: HttpRequest, opening_id: uuid.UUID, payload: EmpJobStatusIn) -> dict[str, Any]:
    user = _user(request)
    opening = selectors.access_opening_by_id(user, opening_id)
    jobs.opening_set_status(by=user, opening=opening, status=payload.status, expected_version=payload.version)
    return opening_out(selectors.access_opening_by_id(user, opening_id))


@router.get(
    "/openings/{opening_id}/candidates",
    response={200: list[EmpJobCandidateOut], **ERRORS},
    summary="岗位的推荐人选（按匹配得分排序）",
)
def opening_candidates(
    request: HttpRequest, opening_id: uuid.UUID, limit: int = Query(30, ge=1, le=MAX_LIMIT)
) -> list[dict[str, Any]]:
    user = _user(request)
    opening = selectors.access_opening_by_id(user, opening_id)
    require_may(user, MANAGE_JOBS, opening.area_id)
    return [
        {
            "rank": n,
            "person_id": r["person"].pk,
            "name": r["person"].name,
            "id_number": r["person"].masked_id,
            "village_code": r["person"].household.village_id,
            "age": r["age"],
            "score": str(r["score"]),
            "reasons": r["reasons"],
            "outcome": r["outcome"],
        }
        for n, r in enumerate(selectors.candidates(user, opening, limit), start=1)
    ]


@router.get(
    "/persons/{person_id}/openings",
    response={200: EmpJobPersonOpeningsOut, **ERRORS},
    summary="为一名劳动力推荐的在招岗位（按匹配得分排序）",
)
def person_openings(
    request: HttpRequest, person_id: uuid.UUID, limit: int = Query(20, ge=1, le=MAX_LIMIT)
) -> dict[str, Any]:
    user = _user(request)
    person = selectors.access_person_by_id(user, person_id)
    in_pool, rows = selectors.openings_for_person(user, person, limit)
    items = [
        {
            "opening": opening_out(r["opening"]),
            "score": str(r["score"]),
            "reasons": r["reasons"],
            "outcome": r["outcome"],
        }
        for r in rows
    ]
    return {"person_id": person.pk, "in_pool": in_pool, "items": items}


@router.get("/recommendations", response={200: EmpJobRecommendationPage, **ERRORS}, summary="岗位推荐记录")
def list_recommendations(
    request: HttpRequest,
    opening_id: uuid.UUID | None = None,
    outcome: str = Query("", title="推荐结果", pattern=r"^(recommended|contacted|interviewed|hired|failed)?$"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    qs = selectors.recommendations_visible(user).select_related("opening", "opening__employer", "person")
    if opening_id is not None:
        qs = qs.filter(opening_id=opening_id)
    if outcome:
        qs = qs.filter(outcome=outcome)
    qs = qs.order_by("-created_at", "id")
    return {"count": qs.count(), "items": [recommendation_out(r) for r in qs[offset : offset + limit]]}


@router.post("/recommendations", response={201: EmpJobRecommendOut, **ERRORS}, summary="推荐劳动力到岗位（可多人）")
def create_recommendations(request: HttpRequest, payload: EmpJobRecommendIn) -> Status:
    user = _user(request)
    opening = selectors.access_opening_by_id(user, payload.opening_id)
    people = list(selectors.persons_visible(user).select_related("household").filter(pk__in=payload.person_ids))
    if len(people) != len(set(payload.person_ids)):
        raise NotVisible()
    made, skipped = recs.recommend(by=user, opening=opening, persons=people)
    items = [recommendation_out(selectors.access_recommendation_by_id(user, r.pk)) for r in made]
    return Status(201, {"created": len(made), "skipped": skipped, "items": items})


@router.get(
    "/recommendations/{recommendation_id}", response={200: EmpJobRecommendationOut, **ERRORS}, summary="一条推荐记录"
)
def get_recommendation(request: HttpRequest, recommendation_id: uuid.UUID) -> dict[str, Any]:
    return recommendation_out(selectors.access_recommendation_by_id(_user(request), recommendation_id))


@router.post(
    "/recommendations/{recommendation_id}/outcome",
    response={200: EmpJobRecommendationOut, **CONFLICT},
    summary="记录推荐结果（已联系、已面试、已上岗、未成；须带版本号）",
)
def record_outcome(request: HttpRequest, recommendation_id: uuid.UUID, payload: EmpJobOutcomeIn) -> dict[str, Any]:
    user = _user(request)
    rec = selectors.access_recommendation_by_id(user, recommendation_id)
    entry = recs.OutcomeInput(
        outcome=payload.outcome, on=payload.outcome_on, note=payload.note, monthly_pay=payload.monthly_pay
    )
    recs.recommendation_outcome(by=user, recommendation=rec, entry=entry, expected_version=payload.version)
    return recommendation_out(selectors.access_recommendation_by_id(user, recommendation_id))


@router.get("/two-lists", response={200: EmpJobTwoListsOut, **ERRORS}, summary="两清单：企业用工需求和劳动力供给")
def get_two_lists(
    request: HttpRequest,
    township: str = Query("", title="乡镇代码（默认本人所属区域）", pattern=CODE),
    limit: int = Query(100, ge=1, le=MAX_LIMIT, title="劳动力供给清单每页条数"),
    offset: int = Query(0, **OFFSET),
) -> dict[str, Any]:
    user = _user(request)
    require_may(user, VIEW)
    demand = two_lists.demand(user, township)
    count, supply = two_lists.supply(user, township, offset=offset, limit=limit)
    return {"demand": [_plain(r) for r in demand], "supply_count": count, "supply": [_plain(r) for r in supply]}


@router.get("/two-lists/xlsx", response={200: None, **ERRORS}, summary="两清单：下载Excel（两个工作表）")
def download_two_lists(request: HttpRequest, township: str = Query("", title="乡镇代码", pattern=CODE)) -> Any:
    user = _user(request)
    require_may(user, VIEW)
    response = HttpResponse(two_lists.workbook_bytes(user, township), content_type=XLSX_TYPE)
    name = f"就业帮扶两清单_{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """A list row for JSON: Chinese headers kept as they are, money as text, dates as dates."""
    return {k: (f"{v:.2f}" if isinstance(v, Decimal) else v) for k, v in row.items()}
