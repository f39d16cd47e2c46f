"""Fixtures of the monitoring tests, and the rule for PostgreSQL-only tests.

Tests marked ``postgres_only`` (two threads racing on row locks) are deselected — not skipped — when the test
database is not PostgreSQL; the SQLite run covers the same rule sequentially (optimistic lock path).
"""

from __future__ import annotations

import pytest

from shoudi.core.testing.factories import VILLAGE_A, make_user


def pytest_collection_modifyitems(config, items):
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
        f"monitoring: {len(dropped)} 个 postgres_only 测试未选中：测试数据库为 {connection.vendor}，"
        "线程并发行锁测试只在 PostgreSQL 上运行（设置 SHOUDI_TEST_DATABASE_URL=postgres://…）；"
        "SQLite 上由顺序执行的乐观锁测试覆盖同一规则。"
    )
    if reporter is not None:
        reporter.write_line(message)
    else:
        print(message)


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
def helper_cadre(regions):
    from shoudi.accounts.roles import Role

    return make_user("helper_a", Role.HELPER_CADRE, "520628101", full_name="帮扶干部（盘石镇）")


@pytest.fixture
def driver(village_a, township, county, committee_a):
    from shoudi.monitoring.testing.builders import Driver

    return Driver(contact=village_a, township=township, county=county, committee=committee_a)
