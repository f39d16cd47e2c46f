"""An administrator of 松桃县 (county A) and people inside and outside its area."""

from __future__ import annotations

import pytest

from shoudi.accounts.roles import Role
from shoudi.testing.factories import COUNTY, PROVINCE, make_user

OTHER_COUNTY = "520627"  # 沿河土家族自治县, same city, not the admin's area


@pytest.fixture
def admin(regions):
    return make_user("admin", Role.ADMIN, COUNTY, full_name="县级系统管理员")


@pytest.fixture
def province_admin(regions):
    return make_user("padmin", Role.ADMIN, PROVINCE, full_name="省级系统管理员")


@pytest.fixture
def other_user(regions):
    return make_user(
        "yanhe_officer", Role.COUNTY_OFFICER, OTHER_COUNTY, full_name="沿河县乡村振兴局", phone="13900001111"
    )


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client
