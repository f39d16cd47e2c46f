"""A county that starts the register keeps the 低保 / 特困 its base database already flags: `shoudi lowincome
adopt` turns the flags into memberships once, so the classification does not refer them to 民政 as new."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from shoudi.lowincome import codes
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.tests.sweep import household_at, standards
from shoudi.testing.factories import COUNTY, VILLAGE_A, VILLAGE_C

DAY = dt.date(2026, 6, 30)


def adopt(area=COUNTY):
    out = io.StringIO()
    call_command("lowincome", "adopt", "--area", area, "--on", DAY.isoformat(), stdout=out)
    return out.getvalue()


@pytest.fixture
def flagged(regions):
    standards()
    household = household_at("3000", village=VILLAGE_A, size=2)
    household.members.update(dibao=True)
    return household


def test_flags_become_memberships_once_and_the_classification_does_not_refer_them(flagged):
    other = household_at("3000", village=VILLAGE_C, size=1)
    other.members.filter(relationship="head").update(tekun=True)
    said = adopt()
    assert "最低生活保障对象 1 户" in said and "特困人员 1 户" in said
    held = Membership.objects.get(household=flagged)
    assert held.layer == codes.StoredLayer.DIBAO and held.source == codes.Source.REGISTRY and held.started_on == DAY
    assert held.next_due is not None
    assert "最低生活保障对象 0 户" in adopt() and Membership.objects.count() == 2  # idempotent

    call_command("lowincome", "classify", "--area", COUNTY, "--as-of", DAY.isoformat(), stdout=io.StringIO())
    assert not Referral.objects.filter(household=flagged, layer=codes.StoredLayer.DIBAO).exists()


def test_an_unknown_area_is_refused(regions):
    with pytest.raises(CommandError, match="区划代码“999999”不存在"):
        adopt("999999")
