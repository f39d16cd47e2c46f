"""Shared fixtures: the small real region tree and the personas of DOMAIN.md §1. Nobody is a superuser."""

from __future__ import annotations

import os
import sys

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


_VENDOR_ONLY = {
    "postgres_only": (
        "postgresql",
        "多连接并发（行锁、原子计数）测试只在 PostgreSQL 上运行（设置 SHOUDI_TEST_DATABASE_URL=postgres://…，"
        ".ci/run 的第二遍即是）；SQLite 上由顺序执行的测试覆盖同一规则。",
    ),
    "sqlite_only": (
        "sqlite",
        "SQLite 文件读取器（县级筛查快照直接读数据库文件）只在 SQLite 上运行；make test 即是这一遍。",
    ),
}


def pytest_collection_modifyitems(config, items):
    """Tests marked ``postgres_only`` (several connections racing) or ``sqlite_only`` (the SQLite file reader) are
    deselected — not skipped — when the test database is another one, and the run says so."""
    from django.db import connection

    reporter = config.pluginmanager.get_plugin("terminalreporter")
    for marker, (vendor, why) in _VENDOR_ONLY.items():
        if connection.vendor == vendor:
            continue
        dropped = [item for item in items if item.get_closest_marker(marker)]
        if not dropped:
            continue
        items[:] = [item for item in items if not item.get_closest_marker(marker)]
        config.hook.pytest_deselected(items=dropped)
        message = f"{len(dropped)} 个 {marker} 测试未选中：测试数据库为 {connection.vendor}，{why}"
        if reporter is not None:
            reporter.write_line(message)
        else:
            print(message)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as pytest-django builds it; then, for the session, the cheap flush after a test with
    ``transaction=True`` (``shoudi.testing.dbreset``: what the next test sees is the same, it costs less)."""
    from shoudi.testing import dbreset

    with django_db_blocker.unblock():
        dbreset.take_snapshot()
    with dbreset.cheap_flush():
        yield


@pytest.fixture(scope="session", autouse=True)
def _stop_spark_at_the_end():
    """The Spark session the engine tests share (screening, lowincome) stops once, when the session ends."""
    yield
    engines = sys.modules.get("shoudi.screening.engines")  # not imported: no Spark was started
    if engines is not None:
        engines.stop_spark()


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    """Each test sees an empty cache (the workbench counts are cached per area): its own key prefix, so nothing
    needs clearing — the cache is the database's table, which a test without database access cannot touch."""
    import copy
    import uuid

    from shoudi.employment.matching_pool import forget
    from shoudi.regions.selectors import forget_region_choices

    caches = copy.deepcopy(settings.CACHES)
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    forget()  # the matching pools this process keeps (their generation counters lived in the old cache)
    forget_region_choices()  # the filters' region lists this process keeps (tests build regions in bulk)


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
hr_clerk = _persona("hr_clerk")
committee_a = _persona("committee_a")  # 村两委 of village A
agri_clerk = _persona("agri_clerk")  # 农业农村 clerk of the county (markets)
province_admin = _persona("province_admin")  # designates key assistance counties


@pytest.fixture
def team(village_a, township, county, committee_a):
    """The personas who take a case through its steps (``shoudi.testing.monitoring.case_at``)."""
    from shoudi.testing.monitoring import Team

    return Team(contact=village_a, township=township, county=county, committee=committee_a)


@pytest.fixture
def helper_cadre(regions):
    """A 帮扶责任人 of township A (盘石镇)."""
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import TOWNSHIP_A, make_user

    return make_user("helper_a", Role.HELPER_CADRE, TOWNSHIP_A, full_name="帮扶干部（盘石镇）")


@pytest.fixture
def outsider(regions):
    """The 乡村振兴局 of another county (沿河县): sees nothing of 松桃县."""
    from shoudi.accounts.roles import Role
    from shoudi.testing.factories import make_user

    return make_user("yanhe", Role.COUNTY_OFFICER, "520627", full_name="沿河县乡村振兴局")


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
