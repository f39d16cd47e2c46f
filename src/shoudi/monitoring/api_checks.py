"""API of the identification checks (mounted into ``monitoring.api.router``): a case's department records for
信息比对 (the marks go with the step ``id_data_check``), its exclusion facts and decisions (record one, withdraw
one recorded by mistake), and the 结果公告."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from shoudi.core.access import Capability, NotVisible, code_in_user_area, get_visible_or_404, require
from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.monitoring import announcements, datacheck, exclusions, selectors
from shoudi.monitoring import api_schemas as s
from shoudi.regions.models import Level, Region

router = Router()


class ExclusionDecisionStateOut(s.ExclusionDecisionOut):
    """A decision with its withdrawal (all empty while it stands)."""

    withdrawn: bool = Field(title="是否已撤回（撤回的认定不再覆盖所涉情形）")
    withdrawn_on: dt.date | None = Field(None, title="撤回日期")
    withdrawn_reason: str = Field("", title="撤回原因")
    withdrawn_by_name: str = Field("", title="撤回人")

    @staticmethod
    def resolve_withdrawn(obj: Any) -> bool:
        return obj.withdrawn_on is not None

    @staticmethod
    def resolve_withdrawn_by_name(obj: Any) -> str:
        return obj.withdrawn_by.display_name if obj.withdrawn_by_id else ""


class ExclusionListOut(Schema):
    open: list[str] = Field(title="尚未认定的不纳入情形（撤回的认定不算）")
    decisions: list[ExclusionDecisionStateOut]


class ExclusionWithdrawIn(InputSchema):
    reason: str = Field(title="撤回原因", description="如：票数录错、涉及的情形有误、录到了别的农户")
    on: dt.date | None = Field(None, title="撤回日期（默认今天）")


@router.get("/cases/{case_id}/data-check", response={200: s.DataCheckOut, **ERRORS}, summary="信息比对：该户的部门记录")
def data_check(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    case = selectors.access_case_by_id(user, case_id)
    require(user, Capability.VIEW_CASES, case.village_id)
    return {"rows": datacheck.rows_for(case.household), "last": datacheck.latest_items(case)}


def _exclusions_out(case: Any) -> dict[str, Any]:
    today = timezone.localdate()
    open_facts = exclusions.uncovered(case, today) if case.status in exclusions.OPEN_FOR_DECISION else []
    decisions = case.exclusion_decisions.select_related("withdrawn_by").order_by("decided_on", "created_at")
    return {"open": open_facts, "decisions": list(decisions)}


@router.get("/cases/{case_id}/exclusions", response={200: ExclusionListOut, **ERRORS}, summary="不纳入情形及认定")
def exclusion_list(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    return _exclusions_out(selectors.access_case_by_id(user, case_id))


@router.post(
    "/cases/{case_id}/exclusions",
    response={201: ExclusionDecisionStateOut, **ERRORS},
    summary="录入不纳入情形认定（村民代表大会评议认定 assembly / 经核实情形不属实 not_fact，附材料）",
)
def exclusion_add(
    request: HttpRequest,
    case_id: uuid.UUID,
    kind: Form[str],
    note: Form[str],
    document: File[UploadedFile],
    decided_on: Form[dt.date | None] = None,
    attendance: Form[int | None] = None,
    votes_for: Form[int | None] = None,
    votes_against: Form[int | None] = None,
) -> Status:
    user = _user(request)
    case = selectors.access_case_by_id(user, case_id)
    for name, value in (("attendance", attendance), ("votes_for", votes_for), ("votes_against", votes_against)):
        if value is not None and not 0 <= value <= 10000:
            raise ValidationError({name: "人数或票数应在0到10000之间"})
    decision = exclusions.exclusion_decide(
        by=user,
        case=case,
        kind=kind,
        decided_on=decided_on,
        note=note[:2000],
        document=document,
        attendance=attendance,
        votes_for=votes_for,
        votes_against=votes_against,
    )
    return Status(201, decision)


@router.post(
    "/cases/{case_id}/exclusions/{decision_id}/withdraw",
    response={200: ExclusionDecisionStateOut, **CONFLICT},
    summary="撤回录入有误的不纳入情形认定（民主评议通过前；撤回后该认定不再覆盖所涉情形）",
)
def exclusion_withdraw(
    request: HttpRequest, case_id: uuid.UUID, decision_id: uuid.UUID, payload: ExclusionWithdrawIn
) -> Any:
    user = _user(request)
    case = selectors.access_case_by_id(user, case_id)
    require(user, Capability.VILLAGE_REVIEW, case.village_id)
    decision = get_visible_or_404(case.exclusion_decisions.all(), decision_id)
    return exclusions.exclusion_withdraw(by=user, decision=decision, reason=payload.reason, on=payload.on)


def _announcement_out(announcement: Any) -> Any:
    announcement.entries_list = list(announcement.entries.order_by("id"))
    return {
        "id": announcement.pk,
        "village_id": announcement.village_id,
        "kind": announcement.kind,
        "posted_on": announcement.posted_on,
        "issuer": announcement.issuer,
        "hotline": announcement.hotline,
        "entries": announcement.entries_list,
    }


@router.get("/announcements", response={200: list[s.AnnouncementOut], **ERRORS}, summary="结果公告列表（最近100条）")
def announcement_list(request: HttpRequest) -> list[Any]:
    user = _user(request)
    require(user, Capability.VIEW_CASES)
    items = announcements.announcements_visible(user).order_by("-posted_on", "-created_at")[:100]
    return [_announcement_out(a) for a in items]


@router.get("/announcements/{announcement_id}", response={200: s.AnnouncementOut, **ERRORS}, summary="结果公告")
def announcement_get(request: HttpRequest, announcement_id: uuid.UUID) -> Any:
    user = _user(request)
    return _announcement_out(get_visible_or_404(announcements.announcements_visible(user), announcement_id))


@router.post("/announcements", response={201: s.AnnouncementOut, **ERRORS}, summary="发布结果公告（乡镇）")
def announcement_add(request: HttpRequest, payload: s.AnnouncementIn) -> Status:
    user = _user(request)
    require(user, Capability.REVIEW_CASES)
    village = Region.objects.filter(code=payload.village_code, level=Level.VILLAGE).first()
    if village is None or not code_in_user_area(user, village.code):
        raise NotVisible("村不存在或不在您的辖区内")
    announcement = announcements.announcement_post(
        by=user,
        village=village,
        kind=payload.kind,
        posted_on=payload.posted_on,
        issuer=payload.issuer,
        hotline=payload.hotline,
    )
    return Status(201, _announcement_out(announcement))
