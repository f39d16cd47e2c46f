"""网上申报 API for the township (mounted into ``monitoring.api.router``): the applications of its area, and the
two decisions on an unregistered applicant — 登记并受理 (the household registered, the applicant among its
members) and 不予受理 (with the reason the applicant reads). ID numbers and phones are always masked here."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from shoudi.core.access import Capability, require
from shoudi.core.api import CONFLICT, ERRORS
from shoudi.core.api import InputSchema as In
from shoudi.core.api import actor as _user
from shoudi.core.masking import mask_numbers
from shoudi.monitoring import applications, selectors
from shoudi.monitoring.models_apply import ApplicationStatus
from shoudi.registry.idnumber import mask, mask_phone

router = Router()


class ApplicationOut(Schema):
    id: uuid.UUID
    receipt: str
    submitted_at: dt.datetime
    name: str
    id_number_masked: str
    phone_masked: str
    village_code: str
    risk_hint: str
    description: str
    household_id: uuid.UUID | None
    lead_id: uuid.UUID | None
    status: str
    status_label: str
    reason: str
    accept_due: dt.date
    handled_on: dt.date | None


class ApplicationRegisterIn(In):
    household_number: str = Field(title="已登记的户编号（申请人须为该户成员）", min_length=1, max_length=20)


class ApplicationRejectIn(In):
    reason: str = Field(title="不予受理理由（申请人可查看，勿写个人信息）", min_length=1, max_length=500)


def _out(a: Any) -> dict[str, Any]:
    return {
        "id": a.pk,
        "receipt": a.receipt,
        "submitted_at": a.submitted_at,
        "name": a.name,
        "id_number_masked": mask(a.id_number),
        "phone_masked": mask_phone(a.phone),
        "village_code": a.village_id,
        "risk_hint": a.risk_hint,
        "description": mask_numbers(a.description),  # numbers typed into it: masked, like the page
        "household_id": a.household_id,
        "lead_id": a.lead_id,
        "status": a.status,
        "status_label": a.get_status_display(),
        "reason": a.reason,
        "accept_due": a.accept_due,
        "handled_on": a.handled_on,
    }


@router.get("/applications", response={200: list[ApplicationOut], **ERRORS}, summary="网上申报（本辖区，最近200条）")
def application_list(
    request: HttpRequest,
    status: str = Query("", title="状态", pattern=r"^[a-z_]{0,20}$"),
) -> list[dict[str, Any]]:
    user = _user(request)
    require(user, Capability.ACCEPT_APPLICATIONS)
    qs = applications.applications_visible(user)
    if status in ApplicationStatus.values:
        qs = qs.filter(status=status)
    return [_out(a) for a in qs.order_by("accept_due", "submitted_at")[:200]]


@router.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS}, summary="网上申报详情")
def application_get(request: HttpRequest, application_id: uuid.UUID) -> dict[str, Any]:
    return _out(applications.access_application_by_id(_user(request), application_id))


@router.post(
    "/applications/{application_id}/register",
    response={200: ApplicationOut, **CONFLICT},
    summary="登记并受理：未登记申请人的农户已登记，转为网上申报线索并受理",
)
def application_register(request: HttpRequest, application_id: uuid.UUID, payload: ApplicationRegisterIn) -> Any:
    user = _user(request)
    application = applications.access_application_by_id(user, application_id)
    household = selectors.household_by_number(user, payload.household_number)
    return _out(applications.application_register(by=user, application=application, household=household))


@router.post(
    "/applications/{application_id}/reject",
    response={200: ApplicationOut, **CONFLICT},
    summary="不予受理未登记申请人的申报",
)
def application_reject(request: HttpRequest, application_id: uuid.UUID, payload: ApplicationRejectIn) -> Any:
    user = _user(request)
    application = applications.access_application_by_id(user, application_id)
    return _out(applications.application_reject(by=user, application=application, reason=payload.reason))
