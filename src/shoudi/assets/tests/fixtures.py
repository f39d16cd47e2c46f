"""Fixtures shared by the asset and project tests (imported by both conftests)."""

import pytest

from shoudi.testing.factories import VILLAGE_A, VILLAGE_B


@pytest.fixture
def committee_a(regions):
    from shoudi.assets.tests.builders import committee

    return committee(VILLAGE_A)


@pytest.fixture
def committee_b(regions):
    from shoudi.assets.tests.builders import committee

    return committee(VILLAGE_B)


@pytest.fixture(autouse=True)
def builtin_parameters(request):
    """The built-in policy parameters (industry_fund_share, asset_simplified_disposal_limit…), as the migration
    loads them in a real database (tests run without migrations)."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from shoudi.testing.policy import load_builtin

    load_builtin()  # apply_builtin's rows in one insert
