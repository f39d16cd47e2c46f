"""区划 routes: a user looks up their own area and the chain above it, never the villages next door."""

import pytest

from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A, VILLAGE_B, VILLAGE_C

pytestmark = pytest.mark.django_db


def codes_of(response):
    assert response.status_code == 200, response.content
    return [r["code"] for r in response.json()]


def test_children_without_parent_are_the_users_province(as_user, county):
    assert codes_of(as_user(county).get("/api/v1/regions/")) == ["52"]


def test_county_officer_walks_down_the_tree(as_user, county):
    client = as_user(county)
    assert codes_of(client.get("/api/v1/regions/", parent=COUNTY)) == [TOWNSHIP_A, "520628102"]
    assert codes_of(client.get("/api/v1/regions/", parent=TOWNSHIP_A)) == [VILLAGE_A, VILLAGE_B]


def test_village_contact_sees_only_their_village_among_siblings(as_user, village_b):
    client = as_user(village_b)
    assert codes_of(client.get("/api/v1/regions/", parent=TOWNSHIP_A)) == [VILLAGE_B]
    # the neighbouring village and township are out of sight: 404 like a code that does not exist
    for code in (VILLAGE_A, VILLAGE_C, "520628101299"):
        response = client.get(f"/api/v1/regions/{code}")
        assert response.status_code == 404
        assert response.json()["detail"] == "未找到"
    assert client.get("/api/v1/regions/", parent="520628102").status_code == 404


def test_detail_has_labels_and_parent(as_user, village_a):
    response = as_user(village_a).get(f"/api/v1/regions/{VILLAGE_A}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "当造村村民委员会"
    assert body["level"] == 5 and body["level_label"] == "村级"
    assert body["parent_code"] == TOWNSHIP_A


def test_detail_of_an_ancestor_is_visible_for_breadcrumbs(as_user, village_a):
    assert as_user(village_a).get(f"/api/v1/regions/{COUNTY}").json()["name"] == "松桃苗族自治县"


def test_search_by_name_and_code_within_area(as_user, township, county):
    assert codes_of(as_user(county).get("/api/v1/regions/search", q="盘信")) == ["520628102"]
    assert codes_of(as_user(county).get("/api/v1/regions/search", q="5206281012", within=TOWNSHIP_A)) == [
        VILLAGE_A,
        VILLAGE_B,
    ]
    # a township reviewer does not find the other township's villages
    assert codes_of(as_user(township).get("/api/v1/regions/search", q="团塘")) == []
    assert as_user(township).get("/api/v1/regions/search", q="团塘", within="520628102").status_code == 404


def test_malformed_code_is_refused_in_chinese(as_user, county):
    response = as_user(county).get("/api/v1/regions/", parent="52a")
    assert response.status_code == 422
    assert response.json()["field"] == "parent"
    assert "上级区划代码" in response.json()["detail"]


def test_anonymous_gets_401_in_chinese(anonymous, regions):
    response = anonymous.get("/api/v1/regions/")
    assert response.status_code == 401
    assert "未登录" in response.json()["detail"]
