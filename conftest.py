"""Shared fixtures: the small real region tree and the personas of DOMAIN.md §1. Nobody is a superuser."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres_only`` (several connections racing) are deselected — not skipped — when the test
    database is not PostgreSQL, and the run says so."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    dropped = [item for item in items if item.get_closest_marker("postgres_only")]
    if not dropped:
        return
    items[:] = [item for item in items if not item.get_closest_marker("postgres_only")]
    config.hook.pytest_deselected(items=dropped)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    message = (
        f"{len(dropped)} 个 postgres_only 测试未选中：测试数据库为 {connection.vendor}，"
        "多连接并发（行锁、原子计数）测试只在 PostgreSQL 上运行（设置 SHOUDI_TEST_DATABASE_URL=postgres://…，"
        ".ci/run 的第二遍即是）；SQLite 上由顺序执行的测试覆盖同一规则。"
    )
    if reporter is not None:
        reporter.write_line(message)
    else:
        print(message)


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test sees an empty cache (the workbench counts are cached per area): its own key prefix, so nothing
    needs clearing — the cache is the database's table, which a test without database access cannot touch."""
    import copy
    import uuid

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches


@pytest.fixture
def regions(db):
    from shoudi.testing.factories import build_region_tree

    build_region_tree()


def _persona(name):
    @pytest.fixture
    def fixture(regions):
        from shoudi.testing.factories import make_persona

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
    from shoudi.testing.factories import VILLAGE_A, household_with_members

    return household_with_members(VILLAGE_A, size=3, status="former_poor", exit_year=2018)


@pytest.fixture
def household_b(regions):
    from shoudi.testing.factories import VILLAGE_B, household_with_members

    return household_with_members(VILLAGE_B, size=2)


@pytest.fixture
def client():
    """Django's test client, but each request commits its on-commit work (see CommittingClient)."""
    from shoudi.testing.clients import CommittingClient

    return CommittingClient()
