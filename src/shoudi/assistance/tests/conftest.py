"""Fixtures of the assistance tests (the same set-up as monitoring's)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def assistance_setup(db, settings, tmp_path):
    from shoudi.monitoring.testing.builders import load_rules
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    settings.MEDIA_ROOT = str(tmp_path / "media")
    setup_policy()
    load_rules()


@pytest.fixture
def driver(village_a, township, county):
    from shoudi.monitoring.testing.builders import Driver

    return Driver(contact=village_a, township=township, county=county)
