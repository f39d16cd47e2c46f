from __future__ import annotations

import pytest


@pytest.fixture
def world(regions):
    from shoudi.screening.tests.world import build_world

    return build_world()
