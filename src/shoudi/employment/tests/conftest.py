"""Fixtures of the employment tests: the monitoring rules and policy a monitored household needs, and such a
household (walked to 监测中 by the root conftest's ``team``)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def employment_setup(db, settings, tmp_path):
    from shoudi.monitoring.testing.builders import load_rules
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()


@pytest.fixture
def monitored(team):
    """A household of village A under monitoring (an open case at 监测中)."""
    from shoudi.monitoring import codes
    from shoudi.testing.monitoring import case_at

    return case_at(codes.Status.MONITORED, team=team)
