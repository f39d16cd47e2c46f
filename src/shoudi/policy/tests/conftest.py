from __future__ import annotations

import pytest


@pytest.fixture
def builtin(db):
    """The built-in parameters, as the data migration loads them (tests run without migrations)."""
    from shoudi.testing.policy import load_builtin

    load_builtin()  # apply_builtin(Parameter) in one insert


@pytest.fixture
def province_admin(regions):
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("province_admin", Role.ADMIN, "52", full_name="省级系统管理员")
