"""Fixtures of the complaint tests: the policy parameters (the deadline is one), a village committee member,
another county's officer, and a complaint of village A recorded by the township."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture(autouse=True)
def policy(db):
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    setup_policy()


@pytest.fixture
def outsider(regions):
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("yanhe", Role.COUNTY_OFFICER, "520627", full_name="沿河县乡村振兴局")


def record(by, *, days_ago=0, **changes):
    """A complaint of village A (盘石镇 当造村) recorded by ``by``, received ``days_ago`` days ago."""
    from shoudi.complaints.services import complaint_record
    from shoudi.regions.models import Region
    from shoudi.testing.factories import TOWNSHIP_A, VILLAGE_A

    fields = {
        "source": "hotline",
        "kind": "misconduct",
        "received_on": timezone.localdate() - dt.timedelta(days=days_ago),
        "township": Region.objects.get(code=TOWNSHIP_A),
        "village": Region.objects.get(code=VILLAGE_A),
        "content": "村干部把亲戚纳入监测对象，真正困难的张大爷没有纳入",
        "reporter_name": "王五",
        "reporter_phone": "13812345678",
        **changes,
    }
    return complaint_record(by=by, **fields)


@pytest.fixture
def complaint(township):
    return record(township)
