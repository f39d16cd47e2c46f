"""``shoudi household_codes --area``: codes for every household of the area without one, once."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from shoudi.hhcodes.models import HouseholdCode
from shoudi.testing.factories import COUNTY, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db


def test_the_command_issues_missing_codes_once(household_a, household_b):
    household_with_members(VILLAGE_C, size=1)
    out = io.StringIO()
    call_command("household_codes", "--area", COUNTY, stdout=out)
    assert "3 个村共 3 户" in out.getvalue()
    assert HouseholdCode.objects.filter(revoked_at__isnull=True).count() == 3
    out = io.StringIO()
    call_command("household_codes", "--area", VILLAGE_C, stdout=out)
    assert "没有新生成" in out.getvalue()
    assert HouseholdCode.objects.count() == 3


@pytest.mark.parametrize("area", ["", "52", "abc", "520628999", "5206281012039"])
def test_a_wrong_area_is_refused_in_chinese(regions, area):
    with pytest.raises(CommandError, match="区划代码"):
        call_command("household_codes", "--area", area)
