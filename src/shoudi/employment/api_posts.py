"""/api/v1/employment/: 公益性岗位 — posts (list, create, update with the version seen, abolish), the ranked
candidates of a vacant post, hiring, exit, the year's relocated share; the pay sheet is ``api_post_pay``. The same
selectors and services as the pages, so the same role, area and date checks apply: anyone who may not view the
jobs ledgers, and any row outside the caller's area, is a 404. ID numbers are masked."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.core.errors import ConflictError
from shoudi.employment import codes, post_candidates, post_share, posts
from shoudi.employment import selectors_posts as selectors
from shoudi.employment.access import MANAGE_POSTS, VIEW, require_may
from shoudi.employment.api_post_pay import router as pay_router
from shoudi.employment.models import PostHolding, WelfarePost

router = Router()
router.add_router("", pay_router)
MAX_LIMIT = 200
T = TypeVar("T")
KINDS = "、".join(f"{c.value}（{c.label}）" for c in codes.PostKind)
FUNDINGS = "、".join(f"{c.value}（{c.label}）" for c in codes.PostFunding)
REASONS = "、".join(f"{c.value}（{c.label}）" for c in codes.ExitReason)
AREA = r"^(\d{9}|\d{12})$"


class EmpPostHoldingOut(Schema):
    id: uuid.UUID
    post_id: uuid.UUID = Field(title="岗位编号")
    person_id: uuid.UUID = Field(title="人员编号")
    person_name: str = Field(title="姓名")
    id_number: str = Field(title="身份证号（脱敏）")
    village_code: str = Field(title="人员所在村代码")
    priority: str = Field(title="人员类别代码")
    priority_label: str = Field(title="人员类别")
    relocated: bool = Field(title="易地扶贫搬迁劳动力")
    started_on: dt.date = Field(title="上岗日期")
    ended_on: dt.date | None = Field(None, title="退岗日期")
    exit_reason: str = Field(title="退岗原因代码")
    exit_note: str = Field(title="退岗说明")
    agreement_no: str = Field(title="聘用协议编号")
    work_id: uuid.UUID | None = Field(None, title="务工就业记录编号")


class EmpPostOut(Schema):
    id: uuid.UUID
    area_code: str = Field(title="设岗村（乡镇）代码")
    area_name: str = Field(title="设岗村（乡镇）")
    kind: str = Field(title="岗位类型代码")
    kind_label: str = Field(title="岗位类型")
    title: str = Field(title="岗位名称")
    duty: str = Field(title="岗位职责")
    need: str = Field(title="设岗依据")
    monthly_subsidy: str = Field(title="月岗位补贴（元）")
    funding: str = Field(title="资金来源代码")
    created_on: dt.date = Field(title="设岗日期")
    term_months: int = Field(title="聘期（月）")
    asset_id: uuid.UUID | None = Field(None, title="管护资产编号")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    abolished_on: dt.date | None = Field(None, title="撤岗日期")
    version: int = Field(title="版本（修改时原样提交）")
    holder: EmpPostHoldingOut | None = Field(None, title="在岗人员")


class EmpPostPage(Schema):
    count: int
    items: list[EmpPostOut]


class EmpPostDetailOut(EmpPostOut):
    holdings: list[EmpPostHoldingOut] = Field(title="聘用记录")


class EmpPostIn(InputSchema):
    kind: str = Field(title="岗位类型代码", max_length=20, description=KINDS)
    title: str = Field(title="岗位名称", max_length=posts.MAX_TITLE)
    need: str = Field(title="设岗依据", max_length=posts.MAX_NEED)
    duty: str = Field("", title="岗位职责", max_length=posts.MAX_DUTY)
    monthly_subsidy: Decimal = Field(
        title="月岗位补贴（元）", gt=0, le=posts.MAX_SUBSIDY, max_digits=12, decimal_places=2
    )
    funding: str = Field(title="资金来源代码", max_length=20, description=FUNDINGS)
    created_on: dt.date = Field(title="设岗日期")
    term_months: int = Field(12, title="聘期（月）", ge=1, le=posts.MAX_TERM)
    asset_id: uuid.UUID | None = Field(None, title="管护资产编号（资产管护岗位必填）")


class EmpPostCreateIn(EmpPostIn):
    area_code: str = Field(title="设岗村（乡镇）代码", pattern=AREA)


class EmpPostUpdateIn(EmpPostIn):
    version: int = Field(title="读取时的版本", ge=1, le=2_000_000_000)


class EmpPostAbolishIn(InputSchema):
    abolished_on: dt.date = Field(title="撤岗日期")
    note: str = Field("", title="撤岗说明", max_length=posts.MAX_NOTE)


class EmpPostCandidateOut(Schema):
    person_id: uuid.UUID = Field(title="人员编号")
    name: str = Field(title="姓名")
    id_number: str = Field(title="身份证号（脱敏）")
    village_code: str = Field(title="所在村代码")
    age: int = Field(title="年龄")
    group: str = Field(title="人员类别代码")
    group_label: str = Field(title="人员类别")
    relocated: bool = Field(title="易地扶贫搬迁户")
    working: bool = Field(title="已有务工")


class EmpPostCandidatesOut(Schema):
    relocated_first: bool = Field(title="搬迁群众安置比例未达标，搬迁劳动力排在同类人员之前")
    items: list[EmpPostCandidateOut]


class EmpPostHireIn(InputSchema):
    person_id: uuid.UUID = Field(title="聘用人员编号")
    started_on: dt.date = Field(title="上岗日期")
    agreement_no: str = Field("", title="聘用协议编号", max_length=posts.MAX_AGREEMENT)


class EmpPostExitIn(InputSchema):
    ended_on: dt.date = Field(title="退岗日期")
    exit_reason: str = Field(title="退岗原因代码", max_length=20, description=REASONS)
    exit_note: str = Field("", title="退岗说明（原因为其他时必填）", max_length=posts.MAX_NOTE)


class EmpPostShareOut(Schema):
    area_code: str = Field(title="区域代码")
    year: int = Field(title="年度")
    hires: int = Field(title="本年新聘人数")
    hires_relocated: int = Field(title="其中易地扶贫搬迁劳动力")
    posts_created: int = Field(title="本年新设岗位")
    posts_created_relocated: int = Field(title="其中聘用搬迁劳动力的岗位")
    share: str | None = Field(None, title="搬迁劳动力占比（小数）")
    share_text: str = Field(title="搬迁劳动力占比")
    target: str = Field(title="目标比例（小数）")
    target_text: str = Field(title="目标比例")
    target_source: str = Field(title="目标依据")
    met: bool | None = Field(None, title="是否达标（本年无新聘为空）")
    status: str = Field(title="达标情况")
    posts: int = Field(title="现有岗位")
    filled: int = Field(title="在岗")
    vacant: int = Field(title="待聘")
    abolished: int = Field(title="已撤岗")


def refused(exc: ValidationError) -> Status:
    """A service's refusal as the one error shape (its messages already name the field or row in Chinese)."""
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
    field = next((k for k in errors if k != NON_FIELD_ERRORS), None)
    first = errors[field or next(iter(errors))][0]
    return Status(422, {"detail": first, "field": field, "errors": errors})


def call(fn: Callable[[], T]) -> T | Status:
    try:
        return fn()
    except ConflictError:
        raise
    except ValidationError as exc:
        return refused(exc)


def _holding(h: PostHolding) -> dict[str, Any]:
    return {
        "id": h.pk,
        "post_id": h.post_id,
        "person_id": h.person_id,
        "person_name": h.person.name,
        "id_number": h.person.masked_id,
        "village_code": h.village_id,
        "priority": h.priority,
        "priority_label": h.get_priority_display(),
        "relocated": h.relocated,
        "started_on": h.started_on,
        "ended_on": h.ended_on,
        "exit_reason": h.exit_reason,
        "exit_note": h.exit_note,
        "agreement_no": h.agreement_no,
        "work_id": h.work_id,
    }


def _post(p: WelfarePost, holder: PostHolding | None) -> dict[str, Any]:
    return {
        "id": p.pk,
        "area_code": p.village_id,
        "area_name": p.village.name,
        "kind": p.kind,
        "kind_label": p.get_kind_display(),
        "title": p.title,
        "duty": p.duty,
        "need": p.need,
        "monthly_subsidy": f"{p.monthly_subsidy:.2f}",
        "funding": p.funding,
        "created_on": p.created_on,
        "term_months": p.term_months,
        "asset_id": p.asset_id,
        "status": p.status,
        "status_label": p.get_status_display(),
        "abolished_on": p.abolished_on,
        "version": p.version,
        "holder": _holding(holder) if holder else None,
    }


def _detail(user: Any, post_id: Any) -> dict[str, Any]:
    post = selectors.access_post_by_id(user, post_id)
    holdings = list(selectors.post_holdings(post))
    current = next((h for h in holdings if h.ended_on is None), None)
    return {**_post(post, current), "holdings": [_holding(h) for h in holdings]}


def _entry(payload: EmpPostIn) -> posts.PostInput:
    return posts.PostInput(
        kind=payload.kind,
        title=payload.title,
        need=payload.need,
        duty=payload.duty,
        monthly_subsidy=payload.monthly_subsidy,
        funding=payload.funding,
        created_on=payload.created_on,
        term_months=payload.term_months,
        asset_id=payload.asset_id,
    )


@router.get("/posts", response={200: EmpPostPage, **ERRORS}, summary="公益性岗位列表")
def list_posts(
    request: HttpRequest,
    area: str = Query("", title="村（乡镇）代码", pattern=r"^(\d{9}|\d{12})?$"),
    kind: str = Query("", title="岗位类型代码", max_length=20),
    status: str = Query("", title="状态代码：vacant 待聘、filled 在岗、abolished 已撤岗", max_length=20),
    funding: str = Query("", title="资金来源代码", max_length=20),
    year: int | None = Query(None, title="设岗年度", ge=2016, le=2100),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _user(request)
    require_may(user, VIEW)
    qs = selectors.post_list(user, area=area, kind=kind, status=status, funding=funding, year=year)
    page = list(qs[offset : offset + limit])
    found = selectors.holders(page)
    return {"count": qs.count(), "items": [_post(p, found.get(p.pk)) for p in page]}


@router.post("/posts", response={201: EmpPostDetailOut, **ERRORS}, summary="按需设岗")
def create_post(request: HttpRequest, payload: EmpPostCreateIn) -> Status:
    user = _user(request)
    require_may(user, MANAGE_POSTS)
    done = call(lambda: posts.post_create(by=user, area_code=payload.area_code, entry=_entry(payload)))
    return done if isinstance(done, Status) else Status(201, _detail(user, done.pk))


@router.get("/posts/{post_id}", response={200: EmpPostDetailOut, **ERRORS}, summary="一个公益性岗位及其聘用记录")
def get_post(request: HttpRequest, post_id: uuid.UUID) -> dict[str, Any]:
    return _detail(_user(request), post_id)


@router.put("/posts/{post_id}", response={200: EmpPostDetailOut, **CONFLICT}, summary="修改岗位（提交读取时的版本）")
def update_post(request: HttpRequest, post_id: uuid.UUID, payload: EmpPostUpdateIn) -> Any:
    user = _user(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    done = call(lambda: posts.post_update(by=user, post=post, entry=_entry(payload), version=payload.version))
    return done if isinstance(done, Status) else _detail(user, post.pk)


@router.post("/posts/{post_id}/abolish", response={200: EmpPostDetailOut, **ERRORS}, summary="撤销岗位")
def abolish_post(request: HttpRequest, post_id: uuid.UUID, payload: EmpPostAbolishIn) -> Any:
    user = _user(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    done = call(lambda: posts.post_abolish(by=user, post=post, abolished_on=payload.abolished_on, note=payload.note))
    return done if isinstance(done, Status) else _detail(user, post.pk)


@router.get(
    "/posts/{post_id}/candidates",
    response={200: EmpPostCandidatesOut, **ERRORS},
    summary="以岗聘任：待聘岗位的候选人员（按优先顺序）",
)
def post_candidates_list(
    request: HttpRequest, post_id: uuid.UUID, limit: int = Query(50, ge=1, le=MAX_LIMIT)
) -> dict[str, Any]:
    user = _user(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    today = timezone.localdate()
    first = post_share.below_target(post.village_id, today)
    found = post_candidates.candidates(post.village_id, today, relocated_first=first, limit=limit)
    items = [
        {
            "person_id": c.person.pk,
            "name": c.person.name,
            "id_number": c.person.masked_id,
            "village_code": c.person.household.village_id,
            "age": c.age,
            "group": c.group,
            "group_label": c.group_label,
            "relocated": c.relocated,
            "working": c.working,
        }
        for c in found
    ]
    return {"relocated_first": first, "items": items}


@router.post("/posts/{post_id}/hire", response={201: EmpPostHoldingOut, **ERRORS}, summary="以岗聘任")
def hire(request: HttpRequest, post_id: uuid.UUID, payload: EmpPostHireIn) -> Status:
    user = _user(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    person = post_candidates.person_in_area(post.village_id, payload.person_id)
    if person is None:
        return refused(ValidationError({"person_id": "该人员不是本岗位所在村（乡镇）的群众"}))
    done = call(
        lambda: posts.post_hire(
            by=user, post=post, person=person, started_on=payload.started_on, agreement_no=payload.agreement_no
        )
    )
    return done if isinstance(done, Status) else Status(201, _holding(selectors.access_holding_by_id(user, done.pk)))


@router.post("/post-holdings/{holding_id}/exit", response={200: EmpPostHoldingOut, **ERRORS}, summary="有序退岗")
def exit_post(request: HttpRequest, holding_id: uuid.UUID, payload: EmpPostExitIn) -> Any:
    user = _user(request)
    holding = selectors.access_holding_by_id(user, holding_id)
    require_may(user, MANAGE_POSTS, holding.post.village_id)
    done = call(
        lambda: posts.holding_exit(
            by=user, holding=holding, ended_on=payload.ended_on, reason=payload.exit_reason, note=payload.exit_note
        )
    )
    return done if isinstance(done, Status) else _holding(selectors.access_holding_by_id(user, holding.pk))


@router.get("/post-share", response={200: EmpPostShareOut, **ERRORS}, summary="公益性岗位搬迁群众安置比例与在岗情况")
def share(
    request: HttpRequest,
    area: str = Query("", title="区域代码（默认本人辖区）", pattern=r"^(\d{6}|\d{9}|\d{12})?$"),
    year: int | None = Query(None, title="年度（默认今年）", ge=2016, le=2100),
) -> dict[str, Any]:
    user = _user(request)
    require_may(user, VIEW)
    code = area or user.area_id
    if area:
        require_may(user, VIEW, area)
    found = post_share.relocated_share(code, year or timezone.localdate().year)
    return {
        **found,
        "share": None if found["share"] is None else f"{found['share']:.4f}",
        "target": f"{found['target']:.4f}",
    }
