import pytest

from shoudi.testing.factories import VILLAGE_A, VILLAGE_B


@pytest.fixture
def committee_a(regions):
    from shoudi.testing.projects import make_committee

    return make_committee(VILLAGE_A, "committee_a")


@pytest.fixture
def committee_b(regions):
    from shoudi.testing.projects import make_committee

    return make_committee(VILLAGE_B, "committee_b")


@pytest.fixture(autouse=True)
def builtin_parameters(request):
    """The built-in policy parameters (industry_fund_share…), as the migration loads them in a real database."""
    if request.node.get_closest_marker("django_db") is None and "db" not in request.fixturenames:
        return
    request.getfixturevalue("db")
    from shoudi.testing.policy import load_builtin

    load_builtin()  # apply_builtin(Parameter) in one insert
