"""Fixtures of the round tests: the policy parameters (the assessment and leads need them), a helper cadre,
a village committee member and another county's officer."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def policy(db):
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    setup_policy()


@pytest.fixture
def helper_cadre(regions):
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("helper_a", Role.HELPER_CADRE, "520628101", full_name="帮扶干部（盘石镇）")


@pytest.fixture
def outsider(regions):
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("yanhe", Role.COUNTY_OFFICER, "520627", full_name="沿河县乡村振兴局")
