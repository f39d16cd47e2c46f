"""Builders for the area sweep (src/shoudi/core/tests/test_area_sweep.py) and the form sweep: a 驻村帮扶 pairing of
village A, the same on every call."""

from __future__ import annotations

from shoudi.cooperation import codes
from shoudi.cooperation.models import Pairing
from shoudi.cooperation.testing import pairing
from shoudi.testing.factories import VILLAGE_A

NAME = "当造村驻村工作队（区域检查）"


def sweep_pairing() -> Pairing:
    found = Pairing.objects.filter(area_id=VILLAGE_A, name=NAME).first()
    return found or pairing(VILLAGE_A, NAME, kind=codes.PairingKind.VILLAGE_TEAM, partner="松桃县财政局")
