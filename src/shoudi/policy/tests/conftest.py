from __future__ import annotations

import pytest


@pytest.fixture
def builtin(db):
    """The built-in parameters, as the data migration loads them (tests run without migrations)."""
    from shoudi.policy.models import Parameter
    from shoudi.policy.services import apply_builtin

    apply_builtin(Parameter)


@pytest.fixture
def province_admin(regions):
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("province_admin", Role.ADMIN, "52", full_name="省级系统管理员")
