import pytest


@pytest.fixture
def builtin(db):
    """The built-in policy parameters (the monitoring line …), as the data migration loads them."""
    from shoudi.testing.policy import load_builtin

    load_builtin()  # apply_builtin(Parameter) in one insert


@pytest.fixture
def line_2026(builtin):
    """A monitoring line for 2026 (the built-in data stop earlier)."""
    import datetime as dt

    from shoudi.monitoring.policy_bridge import store_param

    store_param("monitoring_line", "52", "7000", valid_from=dt.date(2026, 1, 1), source="测试：2026年监测范围")
