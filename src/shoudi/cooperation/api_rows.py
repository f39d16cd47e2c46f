"""/api/v1/cooperation/pairings/{coop_id}/…: correcting a pairing's records (deleting a pairing is in ``api``, on its path) — PUT a member, fund, talent exchange
or meeting (the full record, with the ``updated_at`` read: 409 if someone changed it since), DELETE (撤销, with
``?reason=``, kept in the audit log) any record or the link to a buyer.
Only the county (``MANAGE``) of the pairing's area; a row of another pairing or area is 404."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status

from shoudi.cooperation import api_out, corrections, selectors
from shoudi.cooperation.access import MANAGE
from shoudi.cooperation.api_schemas import (
    CoopExchangeOut,
    CoopExchangeUpdateIn,
    CoopFundOut,
    CoopFundUpdateIn,
    CoopMeetingOut,
    CoopMeetingUpdateIn,
    CoopMemberOut,
    CoopMemberUpdateIn,
)
from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    Pairing,
    PairingMember,
    PairingProject,
    TalentExchange,
)
from shoudi.core.access import Capability, can, require
from shoudi.core.api import CONFLICT, ERRORS, actor

router = Router()
BASE = "/pairings/{coop_id}"
REASON = Query(..., title="撤销原因（记入操作日志）", max_length=corrections.MAX_REASON)


def _managed(request: HttpRequest, coop_id: uuid.UUID) -> tuple[Any, Pairing]:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    require(user, MANAGE, pairing.area_id)
    return user, pairing


def _withdraw(request: HttpRequest, coop_id: uuid.UUID, model: type[Any], row_id: uuid.UUID, reason: str) -> Status:
    user, pairing = _managed(request, coop_id)
    row = selectors.row_of(pairing, model, row_id)
    corrections.row_withdraw(by=user, pairing=pairing, row=row, reason=reason)
    return Status(204, None)


def _fresh(pairing: Pairing, model: type[Any], row_id: uuid.UUID) -> Any:
    return selectors.row_of(pairing, model, row_id)


@router.put(f"{BASE}/members/{{coop_member_id}}", response={200: CoopMemberOut, **CONFLICT}, summary="修改结对成员")
def member_update(
    request: HttpRequest, coop_id: uuid.UUID, coop_member_id: uuid.UUID, payload: CoopMemberUpdateIn
) -> dict[str, Any]:
    user, pairing = _managed(request, coop_id)
    member = selectors.row_of(pairing, PairingMember, coop_member_id)
    data = payload.model_dump()
    seen = data.pop("updated_at")
    corrections.member_update(by=user, pairing=pairing, member=member, seen=seen, **data)
    fresh = _fresh(pairing, PairingMember, coop_member_id)
    return api_out.member_out(fresh, can(user, Capability.REVEAL_ID))


@router.delete(f"{BASE}/members/{{coop_member_id}}", response={204: None, **ERRORS}, summary="撤销结对成员")
def member_withdraw(
    request: HttpRequest, coop_id: uuid.UUID, coop_member_id: uuid.UUID, reason: str = REASON
) -> Status:
    return _withdraw(request, coop_id, PairingMember, coop_member_id, reason)


@router.put(f"{BASE}/funds/{{coop_fund_id}}", response={200: CoopFundOut, **CONFLICT}, summary="修改协作资金")
def fund_update(
    request: HttpRequest, coop_id: uuid.UUID, coop_fund_id: uuid.UUID, payload: CoopFundUpdateIn
) -> dict[str, Any]:
    user, pairing = _managed(request, coop_id)
    fund = selectors.row_of(pairing, Fund, coop_fund_id)
    data = payload.model_dump()
    seen = data.pop("updated_at")
    corrections.fund_update(by=user, pairing=pairing, fund=fund, seen=seen, **data)
    return api_out.fund_out(_fresh(pairing, Fund, coop_fund_id))


@router.delete(
    f"{BASE}/funds/{{coop_fund_id}}",
    response={204: None, **ERRORS},
    summary="撤销协作资金（随资金计入、已无资金安排的项目一并撤销）",
)
def fund_withdraw(request: HttpRequest, coop_id: uuid.UUID, coop_fund_id: uuid.UUID, reason: str = REASON) -> Status:
    return _withdraw(request, coop_id, Fund, coop_fund_id, reason)


@router.delete(
    f"{BASE}/projects/{{coop_link_id}}",
    response={204: None, **ERRORS},
    summary="撤销计入的协作项目（仍有资金安排到该项目的不能撤销）",
)
def project_withdraw(request: HttpRequest, coop_id: uuid.UUID, coop_link_id: uuid.UUID, reason: str = REASON) -> Status:
    return _withdraw(request, coop_id, PairingProject, coop_link_id, reason)


@router.delete(f"{BASE}/transfers/{{coop_transfer_id}}", response={204: None, **ERRORS}, summary="撤销劳务输出记录")
def transfer_withdraw(
    request: HttpRequest, coop_id: uuid.UUID, coop_transfer_id: uuid.UUID, reason: str = REASON
) -> Status:
    return _withdraw(request, coop_id, LabourTransfer, coop_transfer_id, reason)


@router.put(
    f"{BASE}/exchanges/{{coop_exchange_id}}", response={200: CoopExchangeOut, **CONFLICT}, summary="修改人才交流"
)
def exchange_update(
    request: HttpRequest, coop_id: uuid.UUID, coop_exchange_id: uuid.UUID, payload: CoopExchangeUpdateIn
) -> dict[str, Any]:
    user, pairing = _managed(request, coop_id)
    exchange = selectors.row_of(pairing, TalentExchange, coop_exchange_id)
    data = payload.model_dump()
    seen = data.pop("updated_at")
    corrections.exchange_update(by=user, pairing=pairing, exchange=exchange, seen=seen, **data)
    return api_out.exchange_out(_fresh(pairing, TalentExchange, coop_exchange_id))


@router.delete(f"{BASE}/exchanges/{{coop_exchange_id}}", response={204: None, **ERRORS}, summary="撤销人才交流")
def exchange_withdraw(
    request: HttpRequest, coop_id: uuid.UUID, coop_exchange_id: uuid.UUID, reason: str = REASON
) -> Status:
    return _withdraw(request, coop_id, TalentExchange, coop_exchange_id, reason)


@router.put(
    f"{BASE}/meetings/{{coop_meeting_id}}", response={200: CoopMeetingOut, **CONFLICT}, summary="修改联席会议或互访"
)
def meeting_update(
    request: HttpRequest, coop_id: uuid.UUID, coop_meeting_id: uuid.UUID, payload: CoopMeetingUpdateIn
) -> dict[str, Any]:
    user, pairing = _managed(request, coop_id)
    meeting = selectors.row_of(pairing, Meeting, coop_meeting_id)
    data = payload.model_dump()
    seen = data.pop("updated_at")
    corrections.meeting_update(by=user, pairing=pairing, meeting=meeting, seen=seen, **data)
    return api_out.meeting_out(_fresh(pairing, Meeting, coop_meeting_id))


@router.delete(f"{BASE}/meetings/{{coop_meeting_id}}", response={204: None, **ERRORS}, summary="撤销联席会议或互访")
def meeting_withdraw(
    request: HttpRequest, coop_id: uuid.UUID, coop_meeting_id: uuid.UUID, reason: str = REASON
) -> Status:
    return _withdraw(request, coop_id, Meeting, coop_meeting_id, reason)


@router.delete(
    f"{BASE}/buyers/{{coop_buyer_id}}",
    response={204: None, **ERRORS},
    summary="取消关联协作方采购单位（其采购不再计入消费帮扶）",
)
def buyer_unlink(request: HttpRequest, coop_id: uuid.UUID, coop_buyer_id: uuid.UUID, reason: str = REASON) -> Status:
    user, pairing = _managed(request, coop_id)
    buyer = selectors.buyer_of(pairing, coop_buyer_id)
    corrections.buyer_unlink(by=user, pairing=pairing, buyer=buyer, reason=reason)
    return Status(204, None)
