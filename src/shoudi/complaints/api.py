"""投诉举报 API: list, detail, record, and the handling steps (take up, close, feedback, turn into a risk lead) —
the same selectors and services as the pages, so the same role, area, date and version checks apply; anyone
who does not work on complaints, and any complaint outside the caller's area, is a 404. Phones are masked (the
pages show them in full to roles that may see phones). Mounted at /api/v1/complaints/."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from shoudi.complaints import checks, codes, handling, selectors, services
from shoudi.complaints.access import require_work
from shoudi.complaints.models import Complaint
from shoudi.core.api import CONFLICT, ERRORS, InputSchema
from shoudi.core.api import actor as _user
from shoudi.core.errors import ConflictError
from shoudi.registry.idnumber import mask_phone
from shoudi.registry.selectors import access_household_by_id, households_visible

router = Router()
MAX_LIMIT = 200


class ComplaintChangeOut(Schema):
    action: str = Field(title="环节代码")
    label: str = Field(title="环节")
    from_status: str = Field(title="原状态")
    to_status: str = Field(title="新状态")
    actor_name: str = Field(title="办理人")
    on: dt.date = Field(title="办理日期")
    reason: str = Field(title="办理情况或反馈")


class ComplaintOut(Schema):
    id: uuid.UUID
    receipt: str = Field(title="回执编号")
    source: str = Field(title="来源代码")
    source_label: str = Field(title="来源")
    kind: str = Field(title="类别代码")
    kind_label: str = Field(title="类别")
    received_on: dt.date = Field(title="收到日期")
    township_code: str = Field(title="所属乡镇代码")
    village_code: str | None = Field(None, title="所属村代码")
    household_number: str | None = Field(None, title="涉及农户户编号")
    status: str = Field(title="状态代码")
    status_label: str = Field(title="状态")
    due_on: dt.date = Field(title="办理期限")
    overdue: bool = Field(title="超期")
    version: int = Field(title="版本")


class ComplaintDetailOut(ComplaintOut):
    content: str = Field(title="反映内容")
    reporter_name: str = Field(title="反映人姓名")
    reporter_phone: str = Field(title="反映人电话（脱敏）")
    outcome: str = Field(title="核查结果代码")
    outcome_label: str = Field(title="核查结果")
    handling: str = Field(title="办理情况")
    closed_on: dt.date | None = Field(None, title="办结日期")
    handled_by_name: str = Field(title="办理人")
    feedback: str = Field(title="反馈内容")
    feedback_on: dt.date | None = Field(None, title="反馈日期")
    lead_id: uuid.UUID | None = Field(None, title="转为的风险线索")
    lead_status: str = Field("", title="风险线索状态代码")
    lead_status_label: str = Field("", title="风险线索状态")
    lead_due_on: dt.date | None = Field(None, title="风险线索核实期限")
    changes: list[ComplaintChangeOut] = Field(title="办理记录")


class ComplaintPage(Schema):
    count: int
    items: list[ComplaintOut]


VERSION_TITLE = "版本（读取时的值；他人已修改时回答 409）"
MAX_VERSION = 2_147_483_647


class ComplaintIn(InputSchema):
    source: str = Field(
        title="来源代码", max_length=20, description="、".join(f"{c.value}（{c.label}）" for c in codes.Source)
    )
    kind: str = Field(
        title="类别代码", max_length=20, description="、".join(f"{c.value}（{c.label}）" for c in codes.Kind)
    )
    received_on: dt.date | None = Field(None, title="收到日期（默认今天）")
    township_code: str = Field(title="所属乡镇代码", pattern=r"^\d{9}$")
    village_code: str = Field("", title="所属村代码", pattern=r"^(\d{12})?$")
    household_id: uuid.UUID | None = Field(None, title="涉及农户")
    content: str = Field(title="反映内容", max_length=2000)
    reporter_name: str = Field("", title="反映人姓名", max_length=50)
    reporter_phone: str = Field("", title="反映人电话", max_length=20)


class ComplaintCloseIn(InputSchema):
    outcome: str = Field(
        title="核查结果代码", max_length=20, description="、".join(f"{c.value}（{c.label}）" for c in codes.Outcome)
    )
    handling: str = Field(title="办理情况", max_length=2000)
    on: dt.date | None = Field(None, title="办结日期（默认今天）")
    feedback: str = Field("", title="反馈内容", max_length=2000)
    feedback_on: dt.date | None = Field(None, title="反馈日期（默认办结日期）")
    version: int | None = Field(None, title=VERSION_TITLE, ge=0, le=MAX_VERSION)


class ComplaintTakeUpIn(InputSchema):
    on: dt.date | None = Field(None, title="开始办理日期（默认今天）")
    version: int | None = Field(None, title=VERSION_TITLE, ge=0, le=MAX_VERSION)


class ComplaintFeedbackIn(InputSchema):
    feedback: str = Field(
        title="反馈内容",
        max_length=checks.MAX_TEXT,
        description="告知反映人的答复，反映人凭回执编号可查到；不写身份证号、电话等个人信息",
    )
    on: dt.date | None = Field(None, title="反馈日期（默认今天）")
    version: int | None = Field(None, title=VERSION_TITLE, ge=0, le=MAX_VERSION)


class ComplaintToLeadIn(InputSchema):
    household_id: uuid.UUID | None = Field(None, title="涉及农户（不填则为投诉举报已关联的农户）")
    channel: str = Field(
        "",
        max_length=20,
        title="发现渠道代码（不填：反映困难为农户自主申报，其他为信访）",
        description="、".join(f"{c.value}（{c.label}）" for c in codes.LEAD_CHANNELS),
    )
    summary: str = Field(
        title="线索内容",
        max_length=checks.MAX_TEXT,
        description="村监测联系人可见：只写农户的困难，不写反映人的任何信息",
    )
    version: int | None = Field(None, title=VERSION_TITLE, ge=0, le=MAX_VERSION)


def _out(complaint: Complaint, today: dt.date) -> dict[str, Any]:
    return {
        "id": complaint.pk,
        "receipt": complaint.receipt_shown,
        "source": complaint.source,
        "source_label": complaint.get_source_display(),
        "kind": complaint.kind,
        "kind_label": complaint.get_kind_display(),
        "received_on": complaint.received_on,
        "township_code": complaint.township_id,
        "village_code": complaint.village_id,
        "household_number": complaint.household.number if complaint.household_id and complaint.household else None,
        "status": complaint.status,
        "status_label": complaint.get_status_display(),
        "due_on": complaint.due_on,
        "overdue": selectors.is_overdue(complaint, today),
        "version": complaint.version,
    }


def _detail(user: Any, complaint_id: Any) -> dict[str, Any]:
    complaint = selectors.access_complaint_by_id(user, complaint_id)  # fresh, and still visible
    data = _out(complaint, timezone.localdate())
    data.update(
        content=complaint.content,
        reporter_name=complaint.reporter_name,
        reporter_phone=mask_phone(complaint.reporter_phone),
        outcome=complaint.outcome,
        outcome_label=complaint.get_outcome_display() if complaint.outcome else "",
        handling=complaint.handling,
        closed_on=complaint.closed_on,
        handled_by_name=complaint.handled_by.display_name if complaint.handled_by else "",
        feedback=complaint.feedback,
        feedback_on=complaint.feedback_on,
        lead_id=complaint.lead_id,
        lead_status=complaint.lead.status if complaint.lead else "",
        lead_status_label=complaint.lead.get_status_display() if complaint.lead else "",
        lead_due_on=complaint.lead.due_on if complaint.lead else None,
        changes=list(complaint.changes.order_by("at", "id")),
    )
    return data


@router.get("/", response={200: ComplaintPage, **ERRORS}, summary="投诉举报列表")
def list_complaints(
    request: HttpRequest,
    status: str = Query("", title="状态代码", max_length=20),
    source: str = Query("", title="来源代码", max_length=20),
    township: str = Query("", pattern=r"^(\d{9})?$", title="乡镇代码"),
    overdue: bool = Query(False, title="只看超期"),
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _user(request)
    require_work(user)
    today = timezone.localdate()
    qs = selectors.complaint_list(user, today=today, status=status, source=source, township=township, overdue=overdue)
    page = qs.select_related("household")[offset : offset + limit]
    return {"count": qs.count(), "items": [_out(c, today) for c in page]}


@router.get("/{complaint_id}", response={200: ComplaintDetailOut, **ERRORS}, summary="投诉举报详情（含办理记录）")
def get_complaint(request: HttpRequest, complaint_id: uuid.UUID) -> dict[str, Any]:
    return _detail(_user(request), complaint_id)


class ReporterPhoneOut(Schema):
    id: uuid.UUID
    reporter_phone: str = Field(title="反映人电话（完整）")


@router.post(
    "/{complaint_id}/reveal-phone",
    response={200: ReporterPhoneOut, **ERRORS},
    summary="查看反映人完整电话（记入操作日志；乡镇审核员、县级）",
)
def reveal_reporter_phone(request: HttpRequest, complaint_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    return {"id": complaint.pk, "reporter_phone": services.complaint_phone_reveal(by=user, complaint=complaint)}


@router.post("/", response={201: ComplaintDetailOut, **ERRORS}, summary="登记投诉举报（12317 来电、来信、来访等）")
def create_complaint(request: HttpRequest, payload: ComplaintIn) -> Status:
    user = _user(request)
    require_work(user)
    township = selectors.townships_for(user).filter(code=payload.township_code).first()
    if township is None:
        raise ValidationError({"township_code": f"乡镇代码“{payload.township_code}”不存在或不在您负责的区域内"})
    village = None
    if payload.village_code:
        village = selectors.villages_for(user).filter(code=payload.village_code).first()
        if village is None:
            raise ValidationError({"village_code": f"村代码“{payload.village_code}”不存在或不在您负责的区域内"})
    household = access_household_by_id(user, payload.household_id) if payload.household_id else None
    complaint = services.complaint_record(
        by=user,
        source=payload.source,
        kind=payload.kind,
        received_on=payload.received_on,
        township=township,
        village=village,
        household=household,
        content=payload.content,
        reporter_name=payload.reporter_name,
        reporter_phone=payload.reporter_phone,
    )
    return Status(201, _detail(user, complaint.pk))


@router.post(
    "/{complaint_id}/close", response={200: ComplaintDetailOut, **CONFLICT}, summary="办结（核查结果、办理情况、反馈）"
)
def close_complaint(request: HttpRequest, complaint_id: uuid.UUID, payload: ComplaintCloseIn) -> dict[str, Any]:
    user = _user(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    handling.complaint_close(
        by=user,
        complaint=complaint,
        outcome=payload.outcome,
        handling=payload.handling,
        on=payload.on,
        feedback=payload.feedback,
        feedback_on=payload.feedback_on,
        expected_version=payload.version,
    )
    return _detail(user, complaint.pk)


@router.post(
    "/{complaint_id}/take-up", response={200: ComplaintDetailOut, **CONFLICT}, summary="开始办理（待办理 → 办理中）"
)
def take_up_complaint(request: HttpRequest, complaint_id: uuid.UUID, payload: ComplaintTakeUpIn) -> dict[str, Any]:
    user = _user(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    handling.complaint_take_up(by=user, complaint=complaint, on=payload.on, expected_version=payload.version)
    return _detail(user, complaint.pk)


@router.post(
    "/{complaint_id}/feedback",
    response={200: ComplaintDetailOut, **CONFLICT},
    summary="记录反馈（办理中或办结后；再次反馈替换反映人查到的答复）",
)
def record_complaint_feedback(
    request: HttpRequest, complaint_id: uuid.UUID, payload: ComplaintFeedbackIn
) -> dict[str, Any]:
    user = _user(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    handling.complaint_feedback(
        by=user, complaint=complaint, feedback=payload.feedback, on=payload.on, expected_version=payload.version
    )
    return _detail(user, complaint.pk)


def _renamed(exc: ValidationError, names: dict[str, str]) -> ValidationError:
    """The service's error with its fields called as the API calls them (``household`` → ``household_id``)."""
    if isinstance(exc, ConflictError) or not hasattr(exc, "error_dict"):
        return exc
    return ValidationError({names.get(k, k): v for k, v in exc.error_dict.items()})


@router.post(
    "/{complaint_id}/to-lead",
    response={200: ComplaintDetailOut, **CONFLICT},
    summary="转为风险线索（村里入户核实；每件一次，再次转办回答 409）",
)
def turn_complaint_into_lead(
    request: HttpRequest, complaint_id: uuid.UUID, payload: ComplaintToLeadIn
) -> dict[str, Any]:
    user = _user(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    household = complaint.household
    if payload.household_id:  # as the page's 户编号: absent and elsewhere alike, said on the field
        household = households_visible(user).filter(pk=payload.household_id).first()
        if household is None:
            raise ValidationError({"household_id": "涉及农户不存在或不在您负责的区域内"})
    if household is None:
        raise ValidationError({"household_id": "该投诉举报未关联农户，请填写涉及农户（household_id）"})
    channel = payload.channel or codes.default_lead_channel(complaint.kind)
    if channel not in codes.LEAD_CHANNELS:  # said here, without quoting what was sent (it may be anything)
        choices = "、".join(f"{c.value}（{c.label}）" for c in codes.LEAD_CHANNELS)
        raise ValidationError({"channel": f"发现渠道不适用于投诉举报，可选：{choices}"})
    try:
        handling.complaint_to_lead(
            by=user,
            complaint=complaint,
            household=household,
            channel=channel,
            summary=payload.summary,
            expected_version=payload.version,
        )
    except ValidationError as exc:
        raise _renamed(exc, {"household": "household_id"}) from None
    return _detail(user, complaint.pk)
