"""Fixtures of the employment tests (the lead's file: ask before adding): the monitoring rules and policy a
monitored household needs, the village committee of village A, and the team that walks a case through its steps
(``shoudi.testing.monitoring.case_at``)."""

from __future__ import annotations

import pytest

from shoudi.testing.factories import VILLAGE_A, make_user


@pytest.fixture(autouse=True)
def employment_setup(db, settings, tmp_path):
    from shoudi.monitoring.testing.builders import load_rules, setup_policy

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()


@pytest.fixture
def committee_a(regions):
    from shoudi.accounts.roles import Role

    return make_user("committee_a", Role.VILLAGE_COMMITTEE, VILLAGE_A, full_name="村两委（当造村）")


@pytest.fixture
def team(village_a, township, county, committee_a):
    from shoudi.testing.monitoring import Team

    return Team(contact=village_a, township=township, county=county, committee=committee_a)


@pytest.fixture
def monitored(team):
    """A household of village A under monitoring (an open case at 监测中)."""
    from shoudi.monitoring import codes
    from shoudi.testing.monitoring import case_at

    return case_at(codes.Status.MONITORED, team=team)
