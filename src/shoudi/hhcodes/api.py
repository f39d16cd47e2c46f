"""/api/v1/household-codes/: 一户一码 — a village's households with their code status (paged; the head's name
masked, nothing else personal), issuing the missing codes of a village, revoking or reissuing one household's
code; and the full phone of a scan report (``REVEAL_PHONE``, every look logged). The same selectors and services
as the pages: without ``MANAGE_HOUSEHOLD_CODES``, or outside the caller's area, everything is a 404; a role of
the area without ``REVEAL_PHONE`` asking for a phone is refused with 403 in words."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from shoudi.core.access import can
from shoudi.core.api import CONFLICT, ERRORS, ErrorOut, InputSchema
from shoudi.core.api import actor as _user
from shoudi.core.errors import ConflictError
from shoudi.hhcodes import cards, presenters, services
from shoudi.hhcodes import selectors as sel
from shoudi.hhcodes.models import HouseholdCode

router = Router()
MAX_LIMIT = 200


class HhCodeOut(Schema):
    id: uuid.UUID = Field(title="二维码编号")
    issued_at: dt.datetime = Field(title="生成时间")
    revoked_at: dt.datetime | None = Field(None, title="作废时间")
    revoke_reason: str = Field("", title="作废原因")
    url: str | None = Field(None, title="扫码打开的地址（有效的二维码才有）")


class HhHouseholdOut(Schema):
    household_id: uuid.UUID = Field(title="农户编号")
    number: str = Field(title="户编号")
    head: str = Field(title="户主（脱敏）")
    code: HhCodeOut | None = Field(None, title="有效的二维码（没有则为空）")


class HhHouseholdPage(Schema):
    count: int = Field(title="总户数")
    items: list[HhHouseholdOut]


class HhIssuedOut(Schema):
    village_code: str = Field(title="村代码")
    issued: int = Field(title="本次生成户数")


class HhPhoneOut(Schema):
    report_id: uuid.UUID = Field(title="扫码申报编号")
    household_id: uuid.UUID = Field(title="农户编号")
    phone: str = Field(title="联系电话（完整，本次查看已记入操作日志）")


class HhReasonIn(InputSchema):
    reason: str = Field(title="原因", min_length=1, max_length=200)


def _code(request: HttpRequest, code: HouseholdCode) -> dict[str, Any]:
    return {
        "id": code.pk,
        "issued_at": code.issued_at,
        "revoked_at": code.revoked_at,
        "revoke_reason": code.revoke_reason,
        "url": cards.public_url(request, code.token) if code.active else None,
    }


def _refused(exc: ValidationError) -> Status:
    if hasattr(exc, "error_dict"):
        errors = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
    else:
        errors = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
    field = next((k for k in errors if k != NON_FIELD_ERRORS), None)
    return Status(422, {"detail": errors[field or next(iter(errors))][0], "field": field, "errors": errors})


@router.get(
    "/villages/{code}/codes", response={200: HhHouseholdPage, **ERRORS}, summary="村的农户及其二维码状态（分页）"
)
def village_codes(
    request: HttpRequest,
    code: str,
    limit: int = Query(50, ge=1, le=MAX_LIMIT, title="每页条数"),
    offset: int = Query(0, ge=0, le=10_000_000, title="起始位置"),
) -> dict[str, Any]:
    place = sel.access_village(_user(request), code)
    qs = sel.codes_page(place.code)
    page = list(qs[offset : offset + limit])
    names = sel.heads([h.pk for h in page])
    items = []
    for h in page:
        active = getattr(h, "active_codes", [])
        items.append(
            {
                "household_id": h.pk,
                "number": h.number,
                "head": presenters.masked_name(names.get(h.pk, "")),
                "code": _code(request, active[0]) if active else None,
            }
        )
    return {"count": qs.count(), "items": items}


@router.post(
    "/villages/{code}/codes/issue", response={200: HhIssuedOut, **ERRORS}, summary="为村里尚无二维码的农户生成"
)
def village_issue(request: HttpRequest, code: str) -> Any:
    user = _user(request)
    place = sel.access_village(user, code)
    try:
        done = services.codes_issue_missing(by=user, area_code=place.code)
    except ValidationError as exc:
        return _refused(exc)
    return {"village_code": place.code, "issued": done.issued}


@router.post(
    "/households/{household_id}/code/revoke", response={200: HhCodeOut, **CONFLICT}, summary="作废一户的二维码"
)
def household_revoke(request: HttpRequest, household_id: uuid.UUID, payload: HhReasonIn) -> Any:
    user = _user(request)
    household = sel.access_household(user, household_id)
    try:
        code = services.code_revoke(by=user, household=household, reason=payload.reason)
    except ConflictError:
        raise
    except ValidationError as exc:
        return _refused(exc)
    return _code(request, code)


@router.post(
    "/households/{household_id}/code/reissue",
    response={201: HhCodeOut, **ERRORS},
    summary="作废并重新生成一户的二维码",
)
def household_reissue(request: HttpRequest, household_id: uuid.UUID, payload: HhReasonIn) -> Any:
    user = _user(request)
    household = sel.access_household(user, household_id)
    try:
        code = services.code_reissue(by=user, household=household, reason=payload.reason)
    except ValidationError as exc:
        return _refused(exc)
    return Status(201, _code(request, code))


@router.post(
    "/reports/{code_report_id}/reveal",
    response={200: HhPhoneOut, 403: ErrorOut, **ERRORS},
    summary="查看扫码申报的完整联系电话（记入操作日志）",
)
def report_reveal(request: HttpRequest, code_report_id: uuid.UUID) -> Any:
    user = _user(request)
    report = sel.access_report(user, code_report_id)
    if not can(user, services.REVEAL):
        return Status(403, {"detail": services.REVEAL_REFUSED, "field": None, "errors": {}})
    try:
        phone = services.report_phone_reveal(by=user, report=report, where="通过接口查看扫码申报的联系电话")
    except ValidationError as exc:
        return _refused(exc)
    return {"report_id": report.pk, "household_id": report.household_id, "phone": phone}
