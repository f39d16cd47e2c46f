"""动态监测 API: leads, cases and their steps, notices, data-quality checks — the same selectors and services
as the pages, so the same role, area, version and step checks apply. Mounted at /api/v1/monitoring/."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from shoudi.core.access import Capability, NotVisible, code_in_user_area, require
from shoudi.core.api import CONFLICT, ERRORS
from shoudi.core.api import actor as _user
from shoudi.monitoring import api_schemas as s
from shoudi.monitoring import checks, notices, presenters, quality, selectors, services
from shoudi.monitoring.models import Case, Lead, Notice, Objection
from shoudi.monitoring.steps import StepInput, step_take
from shoudi.monitoring.workflow import CASE_FLOW
from shoudi.regions.models import Region
from shoudi.registry.selectors import access_household_by_id, household_heads

router = Router()
MAX_LIMIT = 200


def risk_input(items: list[s.RiskIn] | None) -> tuple[Any, ...] | None:
    if items is None:
        return None
    return tuple((r.code, r.disaster_subtype) for r in items)


def case_out(case: Case, *, head: str = "", today: Any = None, days: Any = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    deadline = presenters.deadline(case, today)
    return {
        **presenters.step_deadlines(case, today, days).fields(),
        "id": case.pk,
        "household_id": case.household_id,
        "household_number": case.household.number,
        "head_name": head,
        "village_code": case.village_id,
        "status": case.status,
        "status_label": case.get_status_display(),
        "category": case.category,
        "category_label": case.get_category_display() if case.category else "",
        "channel": case.channel,
        "fast_track": case.fast_track,
        "opened_on": case.opened_on,
        "deadline": case.deadline,
        "period_start": case.period_start,
        "period_end": case.period_end,
        "elimination_kind": case.elimination_kind,
        "days_used": deadline.used,
        "days_left": deadline.left,
        "overdue": deadline.overdue,
        "previous_id": case.previous_id,
        "version": case.version,
        "risks": [{"code": r.code, "label": str(r), "disaster_subtype": r.disaster_subtype} for r in case.risks.all()],
    }


def case_detail_out(user: Any, case: Case) -> dict[str, Any]:
    today = timezone.localdate()
    case = selectors.access_case_by_id(user, case.pk)  # fresh, and still visible
    head = household_heads(user, [case.household_id]).get(case.household_id)
    data = case_out(case, head=head.name if head else "", today=today)
    data.update(
        assessment=case.assessment or {},
        contact_name=case.contact.display_name if case.contact else "",
        helper_name=case.helper.display_name if case.helper else "",
        actions=[{"key": a.key, "label": a.label} for a in presenters.available_actions(user, case, today)],
        transitions=list(case.transitions.order_by("at", "id")),
    )
    return data


@router.get("/cases", response={200: s.CasePage, **ERRORS}, summary="监测对象列表")
def list_cases(
    request: HttpRequest,
    q: str = "",
    group: str = "",
    status: str = "",
    township: str = Query("", pattern=r"^(\d{9})?$", title="乡镇代码"),
    village: str = Query("", pattern=r"^(\d{12})?$", title="村代码"),
    category: str = "",
    risk: str = "",
    overdue: bool = False,
    fast_track: bool = False,
    mine: bool = False,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> dict[str, Any]:
    user = _user(request)
    require(user, Capability.VIEW_CASES)
    today = timezone.localdate()
    qs = selectors.case_list(
        user,
        today=today,
        q=q,
        group=group,
        status=status,
        township=township,
        village=village,
        category=category,
        risk=risk,
        overdue=overdue,
        fast_track=fast_track,
        mine=mine,
    )
    page = list(presenters.with_risks(qs)[offset : offset + limit])
    heads = household_heads(user, [c.household_id for c in page])
    days = presenters.step_days_for(user.area_id)
    items = [case_out(c, head=getattr(heads.get(c.household_id), "name", ""), today=today, days=days) for c in page]
    return {"count": qs.count(), "items": items}


@router.get(
    "/cases/{case_id}", response={200: s.CaseDetailOut, **ERRORS}, summary="监测对象详情（含办理过程和可办理环节）"
)
def get_case(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    return case_detail_out(user, selectors.access_case_by_id(user, case_id))


@router.post(
    "/cases/{case_id}/steps/{action}",
    response={200: s.CaseDetailOut, **CONFLICT},
    summary="办理一个环节（含退回 return、终止 reject）",
)
def take_step(request: HttpRequest, case_id: uuid.UUID, action: str, payload: s.StepIn) -> dict[str, Any]:
    user = _user(request)
    case = selectors.access_case_by_id(user, case_id)
    if action not in CASE_FLOW.actions():
        raise NotVisible("未知的办理环节")
    data = payload.dict(exclude={"risks", "marks"})
    marks = tuple((m.key, m.mark, m.note) for m in payload.marks or ())
    entry = StepInput(**{k: v for k, v in data.items() if v is not None}, risks=risk_input(payload.risks), marks=marks)
    step_take(by=user, case=case, action=action, entry=entry)
    return case_detail_out(user, case)


@router.post(
    "/cases/{case_id}/attachments", response={201: s.AttachmentOut, **ERRORS}, summary="上传材料（承诺授权书等）"
)
def upload(request: HttpRequest, case_id: uuid.UUID, kind: Form[str], file: File[UploadedFile]) -> Status:
    user = _user(request)
    case = selectors.access_case_by_id(user, case_id)
    return Status(201, services.attachment_add(by=user, case=case, kind=kind, upload=file))


@router.post(
    "/cases/{case_id}/assign", response={200: s.CaseDetailOut, **CONFLICT}, summary="指定监测联系人和帮扶责任人"
)
def assign(request: HttpRequest, case_id: uuid.UUID, payload: s.AssignIn) -> dict[str, Any]:
    from shoudi.accounts.models import User

    user = _user(request)
    case = selectors.access_case_by_id(user, case_id)
    people = {u.pk: u for u in User.objects.filter(pk__in=[payload.contact_id, payload.helper_id], is_active=True)}
    for key, value in (("contact_id", payload.contact_id), ("helper_id", payload.helper_id)):
        if value is not None and value not in people:
            raise ValidationError({key: "用户不存在或已停用"})
    services.case_assign(
        by=user,
        case=case,
        contact=people.get(payload.contact_id or 0),
        helper=people.get(payload.helper_id or 0),
        expected_version=payload.version,
    )
    return case_detail_out(user, case)


# ---- leads --------------------------------------------------------------------------------------------


def lead_out(lead: Lead) -> dict[str, Any]:
    return {
        "id": lead.pk,
        "household_id": lead.household_id,
        "household_number": lead.household.number,
        "village_code": lead.village_id,
        "channel": lead.channel,
        "channel_label": lead.get_channel_display(),
        "online": lead.online,
        "department": lead.department,
        "summary": lead.summary,
        "reported_on": lead.reported_on,
        "due_on": lead.due_on,
        "status": lead.status,
        "status_label": lead.get_status_display(),
        "case_id": lead.case_id,
        "outcome": lead.outcome,
    }


@router.get("/leads", response={200: list[s.LeadOut], **ERRORS}, summary="线索列表")
def list_leads(
    request: HttpRequest,
    status: str = "",
    village: str = "",
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, Capability.VIEW_CASES)
    return [lead_out(x) for x in selectors.lead_list(user, status=status, village=village)[offset : offset + limit]]


@router.post("/leads", response={201: s.LeadOut, **ERRORS}, summary="登记线索")
def create_lead(request: HttpRequest, payload: s.LeadIn) -> Status:
    user = _user(request)
    require(user, Capability.RECORD_LEADS)
    household = access_household_by_id(user, payload.household_id)
    lead = services.lead_create(
        by=user,
        household=household,
        channel=payload.channel.value,
        summary=payload.summary,
        evidence=payload.evidence,
        reported_on=payload.reported_on,
        online=payload.online,
        risk_hint=payload.risk_hint,
    )
    return Status(201, lead_out(lead))


@router.post("/leads/{lead_id}/accept", response={200: s.LeadOut, **CONFLICT}, summary="乡镇受理网上申报")
def accept_lead(request: HttpRequest, lead_id: uuid.UUID) -> dict[str, Any]:
    user = _user(request)
    return lead_out(services.lead_accept(by=user, lead=selectors.access_lead_by_id(user, lead_id)))


@router.post("/leads/{lead_id}/close", response={200: s.LeadOut, **CONFLICT}, summary="核实不存在风险，排除线索")
def close_lead(request: HttpRequest, lead_id: uuid.UUID, payload: s.LeadCloseIn) -> dict[str, Any]:
    user = _user(request)
    lead = selectors.access_lead_by_id(user, lead_id)
    return lead_out(services.lead_close(by=user, lead=lead, reason=payload.reason, on=payload.on))


@router.post(
    "/leads/{lead_id}/convert",
    response={200: s.CaseDetailOut, **CONFLICT},
    summary="核实存在风险：启动识别或并入在办对象",
)
def convert_lead(request: HttpRequest, lead_id: uuid.UUID, payload: s.LeadConvertIn) -> dict[str, Any]:
    user = _user(request)
    lead = selectors.access_lead_by_id(user, lead_id)
    case = services.lead_convert(
        by=user,
        lead=lead,
        risks=risk_input(payload.risks) or (),
        findings=payload.findings,
        on=payload.on,
        category=payload.category,
    )
    return case_detail_out(user, case)


# ---- notices and checks -------------------------------------------------------------------------------------


def notice_out(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.pk,
        "village_code": notice.village_id,
        "kind": notice.kind,
        "kind_label": notice.get_kind_display(),
        "posted_on": notice.posted_on,
        "ends_on": notice.ends_on,
        "objection_channel": notice.objection_channel,
        "entries": list(notice.entries.order_by("id")),
    }


@router.get("/notices", response={200: list[s.NoticeOut], **ERRORS}, summary="公示列表")
def list_notices(request: HttpRequest) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, Capability.VIEW_CASES)
    return [notice_out(n) for n in selectors.notices_visible(user).order_by("-posted_on")[:100]]


@router.post("/notices", response={201: s.NoticeOut, **ERRORS}, summary="发布村内公示")
def post_notice(request: HttpRequest, payload: s.NoticeIn) -> Status:
    user = _user(request)
    require(user, Capability.VILLAGE_REVIEW)
    village = Region.objects.filter(code=payload.village_code, level=5).first()
    if village is None or not code_in_user_area(user, village.code):
        raise NotVisible("未找到该村")
    cases = None
    if payload.case_ids is not None:
        cases = list(selectors.cases_visible(user).filter(pk__in=payload.case_ids))
        if len(cases) != len(set(payload.case_ids)):
            raise ValidationError({"case_ids": "部分监测对象不存在或不在您负责的区域内"})
    notice = notices.notice_post(
        by=user,
        village=village,
        kind=payload.kind.value,
        posted_on=payload.posted_on,
        cases=cases,
        objection_channel=payload.objection_channel,
    )
    return Status(201, notice_out(notice))


@router.get("/notices/{notice_id}", response={200: s.NoticeOut, **ERRORS}, summary="公示详情")
def get_notice(request: HttpRequest, notice_id: uuid.UUID) -> dict[str, Any]:
    return notice_out(selectors.access_notice_by_id(_user(request), notice_id))


@router.post("/notices/{notice_id}/objections", response={201: s.ObjectionOut, **ERRORS}, summary="登记公示异议")
def add_objection(request: HttpRequest, notice_id: uuid.UUID, payload: s.ObjectionIn) -> Status:
    user = _user(request)
    notice = selectors.access_notice_by_id(user, notice_id)
    case = selectors.access_case_by_id(user, payload.case_id)
    objection = notices.objection_record(
        by=user, notice=notice, case=case, received_on=payload.received_on, content=payload.content
    )
    return Status(201, objection)


@router.post("/objections/{objection_id}/resolve", response={200: s.ObjectionOut, **ERRORS}, summary="记录异议核实结论")
def resolve_objection(request: HttpRequest, objection_id: uuid.UUID, payload: s.ObjectionResolveIn) -> Objection:
    user = _user(request)
    objection = selectors.access_objection_by_id(user, objection_id)
    return notices.objection_resolve(
        by=user, objection=objection, upheld=payload.upheld, note=payload.note, on=payload.on
    )


@router.get("/checks", response={200: s.CheckRunOut, **ERRORS}, summary="数据质量检查（最近一次）")
def latest_checks(request: HttpRequest) -> dict[str, Any]:
    user = _user(request)
    require(user, Capability.VIEW_CASES)
    run = quality.latest_run(user)
    counts = quality.check_counts(user, run)
    return {
        "run_id": run.pk if run else None,
        "as_of": run.as_of if run else None,
        "area_code": user.area_id,
        "checks": [{"name": c.name, "label": c.label, "count": counts.get(c.name, 0)} for c in checks.CHECKS],
    }


@router.post("/checks/run", response={202: dict, **ERRORS}, summary="提交数据质量检查（后台运行）")
def run_checks(request: HttpRequest) -> Status:
    user = _user(request)
    job = checks.checks_submit(by=user, area_code=user.area_id)
    return Status(202, {"detail": "已提交数据质量检查", "job": str(job.pk)})


router.add_router("", "shoudi.monitoring.api_checks.router")
router.add_router("", "shoudi.monitoring.api_applications.router")
