"""The household list: search, filters, pagination, htmx partials, and a constant query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, VILLAGE_C, household_with_members

pytestmark = pytest.mark.django_db
LIST = reverse("registry:list")


def _head(household):
    return household.members.get(relationship="head")


def test_village_contact_sees_own_households_with_head_and_masked_id(client, village_a, household_a, household_b):
    client.force_login(village_a)
    response = client.get(LIST)
    assert response.status_code == 200
    html = response.content.decode()
    head = _head(household_a)
    assert household_a.number in html
    assert head.name in html
    assert head.masked_id in html
    assert head.id_number not in html  # never the full number in a list
    assert "当造村" in html and "脱贫户" in html
    assert household_b.number not in html
    assert response.context["rows"][0]["household"].member_count == 3


@pytest.mark.parametrize("by", ["name", "id_number", "number"])
def test_search_by_head_name_id_number_or_household_number(client, village_a, household_a, by):
    other = household_with_members(VILLAGE_A, size=1)
    head = _head(household_a)
    query = {"name": head.name, "id_number": head.id_number, "number": household_a.number}[by]
    client.force_login(village_a)
    html = client.get(LIST, {"q": query}).content.decode()
    assert household_a.number in html
    assert other.number not in html
    assert "共 1 户" in html


def test_search_without_match_says_so(client, village_a, household_a):
    client.force_login(village_a)
    html = client.get(LIST, {"q": "不存在的人"}).content.decode()
    assert "没有找到符合条件的农户" in html
    assert household_a.number not in html


def test_county_filters_by_township_village_and_status(client, county, household_a, household_b):
    in_c = household_with_members(VILLAGE_C, size=1, status="former_poor", exit_year=2019)
    client.force_login(county)
    all_html = client.get(LIST).content.decode()
    assert all(h.number in all_html for h in (household_a, household_b, in_c))
    assert "盘石镇" in all_html and "盘信镇" in all_html  # township select offered to a county user

    township = client.get(LIST, {"township": "520628101"}).content.decode()
    assert household_a.number in township and household_b.number in township and in_c.number not in township

    village = client.get(LIST, {"township": "520628101", "village": VILLAGE_B}).content.decode()
    assert household_b.number in village and household_a.number not in village

    # a village that is not in the chosen township is ignored, not mixed in
    mismatch = client.get(LIST, {"township": "520628102", "village": VILLAGE_A}).content.decode()
    assert in_c.number in mismatch and household_a.number not in mismatch

    status = client.get(LIST, {"status": "former_poor"}).content.decode()
    assert household_a.number in status and in_c.number in status and household_b.number not in status


def test_filter_outside_area_shows_nothing_of_the_other_village(client, village_b, household_a, household_b):
    client.force_login(village_b)
    html = client.get(LIST, {"village": VILLAGE_A, "township": "520628101"}).content.decode()
    assert household_a.number not in html
    assert household_b.number in html  # the foreign filter is dropped, the user's own area stays


def test_village_options_follow_the_township(client, county):
    client.force_login(county)
    url = reverse("registry:village_options")
    html = client.get(url, {"township": "520628102"}, headers={"HX-Request": "true"}).content.decode()
    assert VILLAGE_C in html and "团塘村" in html
    assert VILLAGE_A not in html
    everything = client.get(url, {"township": "999"}).content.decode()  # unknown township: all of the area
    assert VILLAGE_A in everything and VILLAGE_C in everything


def test_village_options_stay_inside_the_area(client, township):
    client.force_login(township)
    html = client.get(reverse("registry:village_options"), {"township": "520628102"}).content.decode()
    assert VILLAGE_C not in html
    assert VILLAGE_A in html


def test_pagination_fifty_per_page_with_page_links(client, village_a):
    households = [household_with_members(VILLAGE_A, size=1) for _ in range(55)]
    numbers = sorted(h.number for h in households)
    client.force_login(village_a)
    first = client.get(LIST).content.decode()
    assert "共 55 户，第 1 / 2 页" in first
    assert numbers[49] in first and numbers[50] not in first
    assert "?page=2" in first and "下一页" in first
    second = client.get(LIST, {"page": 2}).content.decode()
    assert numbers[50] in second and numbers[54] in second and numbers[0] not in second
    assert "上一页" in second


def test_page_links_keep_the_filters(client, village_a):
    for _ in range(51):
        household_with_members(VILLAGE_A, size=1, status="former_poor", exit_year=2016)
    client.force_login(village_a)
    html = client.get(LIST, {"status": "former_poor"}).content.decode()
    assert "?status=former_poor&amp;page=2" in html


def test_htmx_request_gets_only_the_results(client, village_a, household_a):
    client.force_login(village_a)
    response = client.get(LIST, {"q": _head(household_a).name}, headers={"HX-Request": "true", "HX-Target": "results"})
    html = response.content.decode()
    assert household_a.number in html
    assert "<html" not in html and "<form" not in html
    assert "HX-Request" in response["Vary"]
    full = client.get(LIST).content.decode()
    assert "<html" in full and 'hx-target="#results"' in full and 'hx-push-url="true"' in full


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_the_page(client, county):
    client.force_login(county)
    for _ in range(5):
        household_with_members(VILLAGE_A, size=3)
    client.get(LIST)  # warm the session
    few = _queries(client, LIST)
    for _ in range(35):
        household_with_members(VILLAGE_B, size=3)
    many = _queries(client, LIST)
    assert few == many, (few, many)


def test_a_filter_that_is_not_an_option_is_dropped_and_says_why(client, county, household_a):
    client.force_login(county)
    response = client.get(LIST, {"q": "长" * 60, "township": "999999999", "status": "rich"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-field="q"' in html and "不能超过 50 个字符" in html
    assert 'data-field="township"' in html and 'data-field="status"' in html
    assert household_a.number in html  # nothing filtered: every household of the area
