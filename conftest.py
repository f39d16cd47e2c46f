"""Shared fixtures: the small real region tree and the personas of DOMAIN.md §1. Nobody is a superuser."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (the workbench counts are cached per area)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def regions(db):
    from shoudi.core.testing.factories import build_region_tree

    build_region_tree()


def _persona(name):
    @pytest.fixture
    def fixture(regions):
        from shoudi.core.testing.factories import make_persona

        return make_persona(name)

    fixture.__name__ = name
    return fixture


village_a = _persona("village_a")
village_b = _persona("village_b")
township = _persona("township")
county = _persona("county")
clerk = _persona("clerk")
leader = _persona("leader")


@pytest.fixture
def household_a(regions):
    from shoudi.core.testing.factories import VILLAGE_A, household_with_members

    return household_with_members(VILLAGE_A, size=3, status="former_poor", exit_year=2018)


@pytest.fixture
def household_b(regions):
    from shoudi.core.testing.factories import VILLAGE_B, household_with_members

    return household_with_members(VILLAGE_B, size=2)


@pytest.fixture
def client():
    """Django's test client, but each request commits its on-commit work (see CommittingClient)."""
    from shoudi.core.testing.clients import CommittingClient

    return CommittingClient()
