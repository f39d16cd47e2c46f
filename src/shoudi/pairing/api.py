"""结对帮扶 API: a household's pairings, a cadre's pairings, pair and end — the same selectors and services as
the pages; anything outside the caller's area is 404."""

from __future__ import annotations

import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from shoudi.core.access import Capability, get_visible_or_404
from shoudi.core.api import CONFLICT, ERRORS, InputSchema, require_capability
from shoudi.pairing import selectors, services
from shoudi.pairing.models import Pairing
from shoudi.registry.selectors import access_household_by_id

router = Router()


class PairingOut(Schema):
    id: uuid.UUID
    household_id: uuid.UUID = Field(title="农户")
    household_number: str = Field(title="户编号")
    cadre_id: int = Field(title="帮扶责任人")
    cadre_name: str = Field(title="帮扶责任人姓名")
    since: dt.date = Field(title="结对开始日期")
    until: dt.date | None = Field(None, title="结对结束日期")
    end_reason: str = Field("", title="解除原因")

    @staticmethod
    def resolve_household_number(obj: Pairing) -> str:
        return obj.household.number

    @staticmethod
    def resolve_cadre_name(obj: Pairing) -> str:
        return str(obj.cadre.display_name)


class PairingIn(InputSchema):
    household_id: uuid.UUID = Field(title="农户")
    cadre_id: int = Field(title="帮扶责任人", ge=1, le=2_147_483_647)
    since: dt.date = Field(title="结对开始日期")


class PairingEndIn(InputSchema):
    until: dt.date = Field(title="结对结束日期")
    reason: str = Field("", title="解除原因", max_length=200)


@router.get("/households/{household_id}", response={200: list[PairingOut], **ERRORS}, summary="农户的结对记录")
def household_pairings(request: HttpRequest, household_id: uuid.UUID) -> list[Pairing]:
    user = require_capability(request, Capability.VIEW_HOUSEHOLDS)
    return selectors.household_pairings(user, access_household_by_id(user, household_id))


@router.get("/cadres/{cadre_id}", response={200: list[PairingOut], **ERRORS}, summary="帮扶责任人的结对户")
def cadre_pairings(request: HttpRequest, cadre_id: int) -> list[Pairing]:
    user = require_capability(request, Capability.VIEW_HOUSEHOLDS)
    cadre = get_visible_or_404(selectors.cadres_visible(user), cadre_id)
    return list(selectors.cadre_pairings(user, cadre).select_related("cadre")[:2000])


@router.post("/", response={201: PairingOut, **ERRORS}, summary="安排帮扶责任人（结对）")
def pairing_create(request: HttpRequest, payload: PairingIn) -> Status:
    user = require_capability(request, Capability.ASSIGN_HELPERS)
    household = access_household_by_id(user, payload.household_id)
    cadre = selectors.cadres_for_village(household.village_id).filter(pk=payload.cadre_id).first()
    pairing = services.pairing_create(by=user, household=household, cadre=cadre, since=payload.since)
    return Status(201, pairing)


@router.post("/{pairing_id}/end", response={200: PairingOut, **CONFLICT}, summary="解除结对（保留记录）")
def pairing_end(request: HttpRequest, pairing_id: uuid.UUID, payload: PairingEndIn) -> Pairing:
    user = require_capability(request, Capability.ASSIGN_HELPERS)
    pairing = selectors.access_pairing_by_id(user, pairing_id)
    return services.pairing_end(by=user, pairing=pairing, until=payload.until, reason=payload.reason)
