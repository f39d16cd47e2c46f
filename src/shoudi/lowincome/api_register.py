"""API of the register and the referrals to 民政 (mounted at /api/v1/low-income/): the same selectors and services
as the pages, so the same role, area and date checks apply; anyone without the register, and anything outside
the caller's area, is a 404. ID numbers never appear; household numbers and names of layers do."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.access import NotVisible
from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.lowincome import classify, codes, referrals, selectors, services
from shoudi.lowincome.access import may_view_register
from shoudi.lowincome.models import Membership, Referral
from shoudi.policy.layers import LAYER_LABELS

router = Router()
MAX_LIMIT = 200
LAYER_CODES = "、".join(f"{c}（{LAYER_LABELS[c]}）" for c in codes.ALL_LAYERS)
STORED_CODES = "、".join(f"{c.value}（{c.label}）" for c in codes.StoredLayer)
AS_OF = Query(None, title="测算日期（默认今天）")


class LowIncomeRegisterRow(Schema):
    household_id: uuid.UUID
    number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    village_name: str = Field(title="所在村")
    head_name: str = Field(title="户主姓名")
    layers: list[str] = Field(title="所属类别代码")
    pending: list[str] = Field(title="待民政认定的转介类别代码")


class LowIncomeRegisterPage(Schema):
    count: int
    counts: dict[str, int] = Field(title="各类别户数（pending：待民政认定的转介）")
    items: list[LowIncomeRegisterRow]


class LowIncomeMembershipOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID
    layer: str = Field(title="类别代码")
    layer_label: str = Field(title="类别")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    started_on: dt.date = Field(title="纳入日期")
    ended_on: dt.date | None = Field(None, title="退出日期")
    end_reason: str = Field(title="退出原因")
    phase_out_until: dt.date | None = Field(None, title="渐退期截止日期")
    deciding_body: str = Field(title="认定机关")
    document_no: str = Field(title="认定文号")
    source: str = Field(title="来源代码")
    dibao_class: str = Field(title="低保类别")
    monthly_amount: Decimal | None = Field(None, title="月救助金额（元）")
    income_pattern: str = Field(title="收入状况代码")
    next_due: dt.date | None = Field(None, title="下次核查日期")


class LowIncomeReferralOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID
    number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    layer: str = Field(title="转介类别代码")
    layer_label: str = Field(title="转介类别")
    source: str = Field(title="转介来源代码")
    referred_on: dt.date = Field(title="转介日期")
    reasons: list[str] = Field(title="转介依据")
    per_capita_income: Decimal | None = Field(None, title="人均纯收入（元）")
    as_of: dt.date | None = Field(None, title="测算日期")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    decided_on: dt.date | None = Field(None, title="认定日期")
    decision_note: str = Field(title="认定意见")
    membership_id: uuid.UUID | None = Field(None, title="纳入后的台账")


class LowIncomeReferralPage(Schema):
    count: int
    items: list[LowIncomeReferralOut]


class LowIncomeLayerOut(Schema):
    code: str = Field(title="类别代码")
    label: str = Field(title="类别")
    qualifies: bool | None = Field(None, title="是否符合（null：由民政认定或无法判断）")
    holds: bool = Field(title="是否已纳入")
    candidate: bool = Field(title="符合而未纳入（转介或核实）")
    reasons: list[str] = Field(title="依据")


class LowIncomeHouseholdOut(Schema):
    household_id: uuid.UUID
    number: str = Field(title="户编号")
    village_code: str = Field(title="所在村代码")
    as_of: dt.date = Field(title="测算日期")
    error: str = Field(title="无法测算的原因")
    figures: list[str] = Field(title="测算的收入数据")
    layers: list[LowIncomeLayerOut]
    memberships: list[LowIncomeMembershipOut]
    referrals: list[LowIncomeReferralOut]


class LowIncomeMembershipFields(InputSchema):
    started_on: dt.date | None = Field(None, title="纳入日期（默认今天）")
    deciding_body: str = Field("县民政局", title="认定机关", max_length=50)
    document_no: str = Field("", title="认定文号", max_length=50)
    dibao_class: str = Field("", title="低保类别（1–4，仅低保）", max_length=2)
    monthly_amount: Decimal | None = Field(None, title="月救助金额（元）", ge=0, le=Decimal("9999999999.99"))
    income_pattern: str = Field(
        codes.IncomePattern.STABLE,
        title="收入状况代码",
        max_length=20,
        description="、".join(f"{c.value}（{c.label}）" for c in codes.IncomePattern),
    )


class LowIncomeMembershipIn(LowIncomeMembershipFields):
    household_id: uuid.UUID = Field(title="农户")
    layer: str = Field(title="类别代码", max_length=20, description=STORED_CODES)


class LowIncomeMembershipEndIn(InputSchema):
    ended_on: dt.date | None = Field(None, title="退出日期（默认今天）")
    reason: str = Field(title="退出原因", max_length=200)


class LowIncomeReferralIn(InputSchema):
    household_id: uuid.UUID = Field(title="农户")
    layer: str = Field(title="转介类别代码", max_length=20, description=STORED_CODES)
    reasons: list[str] = Field(title="转介依据（每条一句）", max_length=30)


class LowIncomeDecideIn(LowIncomeMembershipFields):
    accepted: bool = Field(title="是否予以纳入")
    decided_on: dt.date | None = Field(None, title="认定日期（默认今天）")
    note: str = Field("", title="认定意见（不予纳入时必填）", max_length=300)


class LowIncomeWithdrawIn(InputSchema):
    reason: str = Field(title="撤回理由", max_length=300)
    on: dt.date | None = Field(None, title="撤回日期（默认今天）")


class LowIncomeClassifyIn(InputSchema):
    area: str = Field(title="县或乡镇区划代码", max_length=12)
    as_of: dt.date | None = Field(None, title="测算日期（默认今天）")


class LowIncomeClassifyLayer(Schema):
    code: str
    qualifies: int = Field(title="符合条件户数")
    holds: int = Field(title="已纳入户数")
    candidates: int = Field(title="符合而未纳入户数")


class LowIncomeClassifyOut(Schema):
    area: str
    area_name: str
    as_of: dt.date
    households: int
    assessed: int
    error_count: int
    errors: list[str]
    layers: list[LowIncomeClassifyLayer]
    referrals_created: int = Field(title="新转介民政")
    referrals_skipped: int = Field(title="已转介、未重复")
    leads_created: int = Field(title="新增风险线索")
    leads_skipped: int = Field(title="已有线索或监测对象")
    seconds: float = Field(title="用时（秒）")


def _membership(m: Membership) -> dict[str, Any]:
    return {
        **{f: getattr(m, f) for f in ("id", "household_id", "layer", "status", "started_on", "ended_on")},
        **{f: getattr(m, f) for f in ("end_reason", "phase_out_until", "deciding_body", "document_no", "source")},
        **{f: getattr(m, f) for f in ("dibao_class", "monthly_amount", "income_pattern", "next_due")},
        "layer_label": m.get_layer_display(),
        "status_label": m.get_status_display(),
    }


def _referral(r: Referral) -> dict[str, Any]:
    return {
        **{f: getattr(r, f) for f in ("id", "household_id", "layer", "source", "referred_on", "per_capita_income")},
        **{f: getattr(r, f) for f in ("as_of", "status", "decided_on", "decision_note", "membership_id")},
        "reasons": [str(x) for x in (r.reasons or [])],
        "number": r.household.number,
        "village_code": r.village_id,
        "layer_label": r.get_layer_display(),
        "status_label": r.get_status_display(),
    }


def _viewer(request: HttpRequest) -> Any:
    user = _user(request)
    if not may_view_register(user):
        raise NotVisible()
    return user


@router.get("/register", response={200: LowIncomeRegisterPage, **ERRORS}, summary="低收入人口台账（分页、筛选）")
def list_register(
    request: HttpRequest,
    layer: str = Query("", title="类别代码", max_length=20, description=LAYER_CODES),
    status: str = Query("", title="台账状态代码", max_length=20),
    township: str = Query("", title="乡镇代码", pattern=r"^(\d{9})?$"),
    village: str = Query("", title="村代码", pattern=r"^(\d{12})?$"),
    q: str = Query("", title="姓名、户编号或身份证号", max_length=30),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _viewer(request)
    if "\x00" in q:
        raise ValidationError({"q": "查询内容含有不可见的空字符"})
    qs = selectors.register_list(user, layer=layer, status=status, township=township, village=village, q=q)
    rows = selectors.register_rows(qs[offset : offset + limit])
    items = [
        {
            "household_id": row["household"].pk,
            "number": row["household"].number,
            "village_code": row["household"].village_id,
            "village_name": row["household"].village.name,
            "head_name": row["head"],
            "layers": [str(c) for c in row["layers"]],
            "pending": [str(c) for c in row["pending"]],
        }
        for row in rows
    ]
    counts = selectors.layer_counts(user, township=township, village=village)
    return {"count": qs.count(), "counts": {str(k): v for k, v in counts.items()}, "items": items}


@router.get(
    "/households/{household_id}/layers",
    response={200: LowIncomeHouseholdOut, **ERRORS},
    summary="一户的分层分类（是否符合、是否已纳入、依据）、台账和转介",
)
def household_layers(request: HttpRequest, household_id: uuid.UUID, as_of: dt.date | None = AS_OF) -> dict[str, Any]:
    household = selectors.access_household_by_id(_viewer(request), household_id)
    day = services.clean_date(as_of, field="as_of", label="测算日期")
    error, layers, figures = "", [], []
    try:
        result = classify.household_classification(household, day)
        layers, figures = [layer.as_json() for layer in result.layers], result.figures
    except ValidationError as exc:
        error = "；".join(exc.messages)
    return {
        "household_id": household.pk,
        "number": household.number,
        "village_code": household.village_id,
        "as_of": day,
        "error": error,
        "figures": figures,
        "layers": layers,
        "memberships": [_membership(m) for m in selectors.household_memberships(household)],
        "referrals": [_referral(r) for r in selectors.household_referrals(household)],
    }


@router.post("/memberships", response={201: LowIncomeMembershipOut, **ERRORS}, summary="纳入台账（民政认定）")
def record_membership(request: HttpRequest, payload: LowIncomeMembershipIn) -> Status:
    user = _viewer(request)
    household = selectors.access_household_by_id(user, payload.household_id)
    fields = payload.model_dump(exclude={"household_id"})
    membership = services.membership_record(by=user, household=household, **fields)
    return Status(201, _membership(membership))


@router.post(
    "/memberships/{membership_id}/end", response={200: LowIncomeMembershipOut, **CONFLICT}, summary="退出（民政认定）"
)
def end_membership(request: HttpRequest, membership_id: uuid.UUID, payload: LowIncomeMembershipEndIn) -> dict[str, Any]:
    user = _viewer(request)
    membership = selectors.access_membership_by_id(user, membership_id)
    ended = services.membership_end(by=user, membership=membership, ended_on=payload.ended_on, reason=payload.reason)
    return _membership(ended)


@router.get("/referrals", response={200: LowIncomeReferralPage, **ERRORS}, summary="转介民政（待认定的在前）")
def list_referrals(
    request: HttpRequest,
    status: str = Query("", title="状态代码", max_length=20),
    layer: str = Query("", title="转介类别代码", max_length=20, description=STORED_CODES),
    township: str = Query("", title="乡镇代码", pattern=r"^(\d{9})?$"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    qs = selectors.referral_list(_viewer(request), status=status, layer=layer, township=township)
    return {"count": qs.count(), "items": [_referral(r) for r in qs[offset : offset + limit]]}


@router.get("/referrals/{referral_id}", response={200: LowIncomeReferralOut, **ERRORS}, summary="一件转介")
def get_referral(request: HttpRequest, referral_id: uuid.UUID) -> dict[str, Any]:
    return _referral(selectors.access_referral_by_id(_viewer(request), referral_id))


@router.post("/referrals", response={201: LowIncomeReferralOut, **ERRORS}, summary="转介民政部门认定")
def create_referral(request: HttpRequest, payload: LowIncomeReferralIn) -> Status:
    user = _viewer(request)
    household = selectors.access_household_by_id(user, payload.household_id)
    referral = referrals.referral_create(by=user, household=household, layer=payload.layer, reasons=payload.reasons)
    return Status(201, _referral(selectors.access_referral_by_id(user, referral.pk)))


@router.post(
    "/referrals/{referral_id}/decide", response={200: LowIncomeReferralOut, **CONFLICT}, summary="民政认定转介"
)
def decide_referral(request: HttpRequest, referral_id: uuid.UUID, payload: LowIncomeDecideIn) -> dict[str, Any]:
    user = _viewer(request)
    referral = selectors.access_referral_by_id(user, referral_id)
    fields = payload.model_dump(exclude={"accepted", "decided_on", "note"})
    referrals.referral_decide(
        by=user,
        referral=referral,
        accepted=payload.accepted,
        decided_on=payload.decided_on,
        note=payload.note,
        **fields,
    )
    return _referral(selectors.access_referral_by_id(user, referral_id))


@router.post("/referrals/{referral_id}/withdraw", response={200: LowIncomeReferralOut, **CONFLICT}, summary="撤回转介")
def withdraw_referral(request: HttpRequest, referral_id: uuid.UUID, payload: LowIncomeWithdrawIn) -> dict[str, Any]:
    user = _viewer(request)
    referral = selectors.access_referral_by_id(user, referral_id)
    referrals.referral_withdraw(by=user, referral=referral, reason=payload.reason, on=payload.on)
    return _referral(selectors.access_referral_by_id(user, referral_id))


@router.post("/classify", response={200: LowIncomeClassifyOut, **ERRORS}, summary="分层分类测算（县或乡镇）")
def classify_area(request: HttpRequest, payload: LowIncomeClassifyIn) -> dict[str, Any]:
    user = _viewer(request)
    summary = classify.classify_area(by=user, area=payload.area, as_of=payload.as_of or timezone.localdate())
    return summary.as_json()
