"""/api/v1/cooperation/pairings/{id}/…: what flows through a pairing — the lists, and recording a member, a fund,
a project, a labour transfer (or taking them from the jobs database), a talent exchange, a meeting and the linked
buyers (``api_out``: ID numbers and phones masked unless the caller may reveal them). Corrections: ``api_rows``."""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from shoudi.cooperation import api_out, flows, selectors, services
from shoudi.cooperation.api_schemas import (
    CoopBuyersIn,
    CoopCountOut,
    CoopCreatedOut,
    CoopExchangeIn,
    CoopFlowsOut,
    CoopFundIn,
    CoopImportIn,
    CoopMeetingIn,
    CoopMemberIn,
    CoopProjectIn,
    CoopTransferIn,
)
from shoudi.cooperation.models import Pairing
from shoudi.core.access import Capability, can
from shoudi.core.api import ERRORS, actor

router = Router()
BASE = "/pairings/{coop_id}"


def _pairing(request: HttpRequest, coop_id: uuid.UUID) -> tuple[Any, Pairing]:
    user = actor(request)
    return user, selectors.access_pairing_by_id(user, coop_id)


def _created(row: Any) -> Status:
    return Status(201, {"id": row.pk, "label": str(row)[:200]})


@router.get(
    f"{BASE}/flows", response={200: CoopFlowsOut, **ERRORS}, summary="结对的成员、资金、项目、劳务、人才交流和会议"
)
def flows_list(request: HttpRequest, coop_id: uuid.UUID) -> dict[str, Any]:
    user, pairing = _pairing(request, coop_id)
    return api_out.flows_out(selectors.detail_rows(pairing), can(user, Capability.REVEAL_ID))


@router.post(f"{BASE}/members", response={201: CoopCreatedOut, **ERRORS}, summary="登记结对成员")
def member_add(request: HttpRequest, coop_id: uuid.UUID, payload: CoopMemberIn) -> Status:
    user, pairing = _pairing(request, coop_id)
    return _created(services.member_add(by=user, pairing=pairing, **payload.model_dump()))


@router.post(f"{BASE}/funds", response={201: CoopCreatedOut, **ERRORS}, summary="登记协作资金")
def fund_add(request: HttpRequest, coop_id: uuid.UUID, payload: CoopFundIn) -> Status:
    user, pairing = _pairing(request, coop_id)
    return _created(flows.fund_add(by=user, pairing=pairing, **payload.model_dump()))


@router.post(f"{BASE}/projects", response={201: CoopCreatedOut, **ERRORS}, summary="计入协作项目（项目库）")
def project_link(request: HttpRequest, coop_id: uuid.UUID, payload: CoopProjectIn) -> Status:
    user, pairing = _pairing(request, coop_id)
    return _created(flows.project_link(by=user, pairing=pairing, **payload.model_dump()))


@router.post(f"{BASE}/transfers", response={201: CoopCreatedOut, **ERRORS}, summary="登记劳务输出")
def transfer_add(request: HttpRequest, coop_id: uuid.UUID, payload: CoopTransferIn) -> Status:
    user, pairing = _pairing(request, coop_id)
    row = flows.transfer_add(by=user, pairing=pairing, **payload.model_dump())
    return Status(201, {"id": row.pk, "label": f"{row.person.name} → {row.destination}"})


@router.post(
    f"{BASE}/transfers/import",
    response={200: CoopCountOut, **ERRORS},
    summary="从岗位数据库带入东部协作城市务工（已计入的跳过）",
)
def transfers_import(request: HttpRequest, coop_id: uuid.UUID, payload: CoopImportIn) -> dict[str, Any]:
    user, pairing = _pairing(request, coop_id)
    return {"count": flows.transfers_import(by=user, pairing=pairing, work_ids=payload.work_ids)}


@router.post(f"{BASE}/exchanges", response={201: CoopCreatedOut, **ERRORS}, summary="登记人才交流")
def exchange_add(request: HttpRequest, coop_id: uuid.UUID, payload: CoopExchangeIn) -> Status:
    user, pairing = _pairing(request, coop_id)
    return _created(flows.exchange_add(by=user, pairing=pairing, **payload.model_dump()))


@router.post(f"{BASE}/meetings", response={201: CoopCreatedOut, **ERRORS}, summary="登记联席会议或互访")
def meeting_add(request: HttpRequest, coop_id: uuid.UUID, payload: CoopMeetingIn) -> Status:
    user, pairing = _pairing(request, coop_id)
    return _created(flows.meeting_add(by=user, pairing=pairing, **payload.model_dump()))


@router.put(f"{BASE}/buyers", response={200: CoopCountOut, **ERRORS}, summary="关联协作方采购单位（消费帮扶台账）")
def buyers_set(request: HttpRequest, coop_id: uuid.UUID, payload: CoopBuyersIn) -> dict[str, Any]:
    user, pairing = _pairing(request, coop_id)
    return {"count": services.buyers_set(by=user, pairing=pairing, buyer_ids=payload.buyer_ids)}
