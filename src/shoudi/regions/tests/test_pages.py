"""Region pages: browse inside one's own area; county officers set county classes and village flags."""

import pytest
from django.urls import reverse

from shoudi.core.models import AuditEntry
from shoudi.regions.models import Region
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db
INDEX = reverse("regions:index")


def test_county_officer_browses_the_tree(client, county):
    Region.objects.filter(code=COUNTY).update(key_county="national", local_class="advancing")
    Region.objects.filter(code=VILLAGE_A).update(poverty_exit_village=True)
    client.force_login(county)
    html = client.get(INDEX).content.decode()
    assert "松桃苗族自治县" in html and "国家乡村振兴重点帮扶县" in html and "重点推进县" in html
    assert "盘石镇" in html and "盘信镇" in html
    township = client.get(INDEX, {"code": TOWNSHIP_A}).content.decode()
    assert "当造村村民委员会" in township and "脱贫村" in township
    assert "团塘村" not in township
    assert reverse("regions:edit", args=[VILLAGE_A]) in township


def test_area_outside_is_404_and_ancestors_are_not_links(client, township):
    client.force_login(township)
    assert client.get(INDEX, {"code": "520628102"}).status_code == 404
    assert client.get(INDEX, {"code": "520627"}).status_code == 404
    html = client.get(INDEX).content.decode()
    assert "盘石镇" in html and "当造村村民委员会" in html
    assert f"?code={COUNTY}" not in html  # the county above is shown, not browsable
    assert "设置分类" not in html and "regions/" + VILLAGE_A + "/edit/" not in html


def test_village_user_sees_own_village(client, village_a):
    client.force_login(village_a)
    html = client.get(INDEX).content.decode()
    assert "当造村村民委员会" in html
    assert client.get(INDEX, {"code": VILLAGE_B}).status_code == 404


def test_county_officer_sets_county_classes(client, county):
    client.force_login(county)
    url = reverse("regions:edit", args=[COUNTY])
    page = client.get(url).content.decode()
    assert "重点帮扶县类别" in page and "地方分类" in page and "脱贫村" not in page
    response = client.post(url, {"key_county": "national", "local_class": "foundation"})
    assert response.status_code == 302
    region = Region.objects.get(code=COUNTY)
    assert region.key_county == "national" and region.local_class == "foundation"
    entry = AuditEntry.objects.get(object_type="region")
    assert entry.actor == county and "重点帮扶县类别" in entry.changes


def test_county_officer_sets_village_flags(client, county):
    client.force_login(county)
    url = reverse("regions:edit", args=[VILLAGE_B])
    assert client.post(url, {"poverty_exit_village": "on", "relocation_site": "on"}).status_code == 302
    region = Region.objects.get(code=VILLAGE_B)
    assert region.poverty_exit_village and region.relocation_site
    assert client.post(url, {"poverty_exit_village": "on"}).status_code == 302
    assert not Region.objects.get(code=VILLAGE_B).relocation_site


def test_bad_class_value_is_a_field_error(client, county):
    client.force_login(county)
    html = client.post(reverse("regions:edit", args=[COUNTY]), {"key_county": "galactic"}).content.decode()
    assert 'data-field="key_county"' in html and "galactic" in html
    assert Region.objects.get(code=COUNTY).key_county == ""


def test_edit_refused_without_capability_outside_area_or_at_township_level(client, township, county):
    client.force_login(township)
    assert client.get(reverse("regions:edit", args=[VILLAGE_A])).status_code == 404
    assert client.post(reverse("regions:edit", args=[VILLAGE_A]), {"poverty_exit_village": "on"}).status_code == 404
    assert not Region.objects.get(code=VILLAGE_A).poverty_exit_village
    client.force_login(county)
    assert client.get(reverse("regions:edit", args=["520627"])).status_code == 404  # the neighbour county
    assert client.get(reverse("regions:edit", args=[TOWNSHIP_A])).status_code == 404  # no classes for townships
