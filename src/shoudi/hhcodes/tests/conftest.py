"""Fixtures of the 一户一码 tests: household A's code, issued by its village contact."""

from __future__ import annotations

import pytest


@pytest.fixture
def code_a(village_a, household_a):
    from shoudi.hhcodes import services

    return services.code_issue(by=village_a, household=household_a)
