"""Fixtures of the monitoring tests."""

from __future__ import annotations

import pytest

from shoudi.testing.factories import VILLAGE_A, make_user


@pytest.fixture(autouse=True)
def monitoring_setup(db, settings, tmp_path):
    from shoudi.monitoring.testing.builders import load_rules, setup_policy

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()


@pytest.fixture
def committee_a(regions):
    from shoudi.accounts.roles import Role

    return make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村两委（当造村）")


@pytest.fixture
def driver(village_a, township, county, committee_a):
    from shoudi.monitoring.testing.builders import Driver

    return Driver(contact=village_a, township=township, county=county, committee=committee_a)


@pytest.fixture
def team(village_a, township, county, committee_a):
    """The personas who take a case through its steps (``testing.monitoring.case_at``)."""
    from shoudi.testing.monitoring import Team

    return Team(contact=village_a, township=township, county=county, committee=committee_a)


@pytest.fixture
def bearer():
    """``bearer(user)``: the headers of an API call with a fresh token of ``user``."""
    from shoudi.accounts.models import ApiToken

    def make(user) -> dict[str, str]:
        _, raw = ApiToken.issue(user=user, name="测试")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
