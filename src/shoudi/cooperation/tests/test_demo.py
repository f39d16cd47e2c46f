"""``shoudi cooperation demo``: realistic pairings through the services; a second run does nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shoudi.cooperation.models import Fund, Pairing, PairingMember
from shoudi.testing.factories import COUNTY

pytestmark = pytest.mark.django_db


def test_demo_builds_once(county, village_a):
    out = io.StringIO()
    call_command("cooperation", "demo", "--area", COUNTY, stdout=out)
    assert "结对 3 个" in out.getvalue()
    call_command("cooperation", "demo", "--area", COUNTY, stdout=out)
    assert "已存在" in out.getvalue()
    assert Pairing.objects.count() == 3 and Fund.objects.count() == 2 and PairingMember.objects.count() == 3
