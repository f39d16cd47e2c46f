"""The workbench counts: the user's own area, refreshed when the registry's services change it."""

import pytest
from django.test import Client

from shoudi.core.testing.factories import VILLAGE_A, household_with_members, next_id
from shoudi.registry import services

pytestmark = pytest.mark.django_db


def _counts(user) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    html = client.get("/").content.decode()
    found = {}
    for name in ("households", "persons", "former-poor"):
        marker = f'data-testid="count-{name}">'
        found[name] = html.split(marker, 1)[1].split("<", 1)[0]
    return found


def test_counts_are_of_the_users_own_area(village_a, township):
    household_with_members(VILLAGE_A, size=3, status="former_poor")
    household_with_members(size=2, village="520628101204")  # village B, same township
    assert _counts(village_a) == {"households": "1", "persons": "3", "former-poor": "1"}
    assert _counts(township) == {"households": "2", "persons": "5", "former-poor": "1"}


def test_a_household_added_through_the_services_shows_at_once_on_every_level(
    village_a, township, county, django_capture_on_commit_callbacks
):
    household_with_members(VILLAGE_A, size=2)
    assert _counts(township)["households"] == "1" and _counts(county)["persons"] == "2"
    with django_capture_on_commit_callbacks(execute=True):  # the figures are forgotten once the write commits
        services.household_create(
            by=village_a,
            data={"village_code": VILLAGE_A, "status": "ordinary"},
            members=[{"id_number": next_id(), "name": "新户主", "relationship": "head"}],
        )
    assert _counts(village_a)["households"] == "2"
    assert _counts(township)["households"] == "2"
    assert _counts(county) == {"households": "2", "persons": "3", "former-poor": "0"}


def test_rows_written_around_the_services_show_after_the_cache_time(village_a):
    """A bulk import writes without the services; its rows show once the cached figures expire."""
    from django.core.cache import cache

    household_with_members(VILLAGE_A, size=2)
    assert _counts(village_a)["households"] == "1"
    household_with_members(VILLAGE_A, size=2)
    assert _counts(village_a)["households"] == "1"  # still the cached figure
    cache.clear()  # what expiry does after AREA_COUNTS_SECONDS
    assert _counts(village_a)["households"] == "2"
