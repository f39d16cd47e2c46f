"""The list filters' region choices are kept per process, but a region saved here shows at once."""

from __future__ import annotations

import pytest

from shoudi.regions.models import Level, Region
from shoudi.regions.selectors import region_choices
from shoudi.testing.factories import COUNTY, TOWNSHIP_A

pytestmark = pytest.mark.django_db


def test_a_new_village_is_offered_at_once_and_names_follow_renames(regions):
    before = region_choices(COUNTY, Level.VILLAGE, TOWNSHIP_A)
    assert before and all(code.startswith(TOWNSHIP_A) for code, _ in before)
    Region.objects.create(code=f"{TOWNSHIP_A}299", name="新建村民委员会", level=Level.VILLAGE, parent_id=TOWNSHIP_A)
    after = region_choices(COUNTY, Level.VILLAGE, TOWNSHIP_A)
    assert (f"{TOWNSHIP_A}299", "新建村民委员会") in after and len(after) == len(before) + 1
    region = Region.objects.get(code=f"{TOWNSHIP_A}299")
    region.name = "改名村民委员会"
    region.save()
    assert (f"{TOWNSHIP_A}299", "改名村民委员会") in region_choices(COUNTY, Level.VILLAGE, TOWNSHIP_A)


def test_no_area_no_choices(regions):
    assert region_choices("", Level.TOWNSHIP) == []
