from __future__ import annotations

import pytest


def pytest_configure(config):
    config.addinivalue_line("markers", "spark: starts a local Spark session (slow; few tests, one shared session)")


@pytest.fixture
def world(regions):
    from shoudi.screening.tests.world import build_world

    return build_world()


@pytest.fixture(scope="session", autouse=True)
def _stop_spark_at_the_end():
    yield
    from shoudi.screening.engines import stop_spark

    stop_spark()
