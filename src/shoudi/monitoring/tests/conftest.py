"""Fixtures of the monitoring tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def monitoring_setup(db, settings, tmp_path):
    from shoudi.monitoring.testing.builders import load_rules
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()


@pytest.fixture
def driver(village_a, township, county, committee_a):
    from shoudi.monitoring.testing.builders import Driver

    return Driver(contact=village_a, township=township, county=county, committee=committee_a)


@pytest.fixture
def bearer():
    """``bearer(user)``: the headers of an API call with a fresh token of ``user``."""
    from shoudi.accounts.models import ApiToken

    def make(user) -> dict[str, str]:
        _, raw = ApiToken.issue(user=user, name="测试")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make
