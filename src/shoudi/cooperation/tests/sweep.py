"""Builders for the area sweep (src/shoudi/core/tests/test_area_sweep.py) and the form sweep: a 驻村帮扶 pairing of
village A and one record of each kind on it (a member, a fund, a project link, a labour transfer, a talent
exchange, a meeting, a linked buyer), the same on every call."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.cooperation import codes
from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    Pairing,
    PairingMember,
    PairingProject,
    TalentExchange,
)
from shoudi.cooperation.testing import buyer_with_purchase, pairing, project
from shoudi.testing.factories import COUNTY, VILLAGE_A

NAME = "当造村驻村工作队（区域检查）"


def sweep_pairing() -> Pairing:
    found = Pairing.objects.filter(area_id=VILLAGE_A, name=NAME).first()
    return found or pairing(VILLAGE_A, NAME, kind=codes.PairingKind.VILLAGE_TEAM, partner="松桃县财政局")


def sweep_member() -> PairingMember:
    p = sweep_pairing()
    found = p.members.first()
    return found or PairingMember.objects.create(
        pairing=p, name="杨第一书记", role="first_secretary", phone="13800001234", from_date=timezone.localdate()
    )


def sweep_fund() -> Fund:
    p = sweep_pairing()
    found = p.funds.first()
    return found or Fund.objects.create(
        pairing=p, received_on=timezone.localdate(), year=timezone.localdate().year, amount=50000, source="unit"
    )


def sweep_link() -> PairingProject:
    p = sweep_pairing()
    found = p.projects.first()
    if found is not None:
        return found
    made = project(VILLAGE_A, "XM-COOP-AREA", "当造村茶园（区域检查）")
    return PairingProject.objects.create(pairing=p, project=made, year=timezone.localdate().year)


def sweep_transfer(person: Any) -> LabourTransfer:
    p = sweep_pairing()
    found = p.transfers.first()
    return found or LabourTransfer.objects.create(
        pairing=p, person=person, village_id=VILLAGE_A, destination="广东省东莞市", started_on=timezone.localdate()
    )


def sweep_exchange() -> TalentExchange:
    p = sweep_pairing()
    found = p.exchanges.first()
    return found or TalentExchange.objects.create(
        pairing=p, name="陈老师", kind="teacher", direction="in", started_on=timezone.localdate()
    )


def sweep_meeting() -> Meeting:
    p = sweep_pairing()
    found = p.meetings.first()
    return found or Meeting.objects.create(
        pairing=p, held_on=timezone.localdate(), kind="study", place="当造村", leader_level="township"
    )


def sweep_buyer() -> Any:
    p = sweep_pairing()
    found = p.buyers.first()
    if found is None:
        found = buyer_with_purchase(COUNTY, "东莞市某单位食堂（区域检查）", "100.00", timezone.localdate())
        p.buyers.add(found)
    return found
