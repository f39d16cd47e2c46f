"""region_classify: typed keyword arguments, audited through core.audit, refused outside the area."""

import pytest
from django.core.exceptions import ValidationError

from shoudi.core.access import NotVisible
from shoudi.core.models import AuditEntry
from shoudi.regions.models import Region
from shoudi.regions.services import region_classify
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A

pytestmark = pytest.mark.django_db


def test_classify_audits_only_what_changed(county):
    region = Region.objects.get(code=COUNTY)
    region_classify(region=region, by=county, key_county="national")
    region_classify(region=region, by=county, key_county="national")  # the same again: no second entry
    entry = AuditEntry.objects.get(object_type="region")
    assert entry.changes == {"重点帮扶县类别": ["", "国家乡村振兴重点帮扶县"]}
    assert entry.area_code == COUNTY and entry.actor == county


def test_a_flag_of_the_other_level_names_its_field(county):
    with pytest.raises(ValidationError) as info:
        region_classify(region=Region.objects.get(code=COUNTY), by=county, poverty_exit_village=True)
    assert "poverty_exit_village" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        region_classify(region=Region.objects.get(code=TOWNSHIP_A), by=county, local_class="leading")
    assert "local_class" in info.value.message_dict


def test_unknown_class_is_an_error_on_its_field(county):
    with pytest.raises(ValidationError) as info:
        region_classify(region=Region.objects.get(code=COUNTY), by=county, local_class="galactic")
    assert "galactic" in info.value.message_dict["local_class"][0]
    assert not AuditEntry.objects.exists()


def test_outside_the_area_or_without_the_capability_is_not_visible(village_a, township):
    village = Region.objects.get(code=VILLAGE_A)
    for user in (village_a, township):
        with pytest.raises(NotVisible):
            region_classify(region=village, by=user, poverty_exit_village=True)
    assert not Region.objects.get(code=VILLAGE_A).poverty_exit_village
