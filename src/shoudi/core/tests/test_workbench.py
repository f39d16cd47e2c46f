"""The workbench counts: the user's own area, refreshed when the registry's services change it."""

import pytest
from django.test import Client

from shoudi.registry import services
from shoudi.testing.factories import VILLAGE_A, household_with_members, next_id

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


def test_the_counts_live_in_the_shared_cache_not_in_one_process(village_a, settings):
    """Two web processes must agree: the cached figures are rows of the database cache (or Redis when
    SHOUDI_REDIS_URL is set), so another process reads them and a service's invalidation reaches it."""
    from django.db import connection

    household_with_members(VILLAGE_A, size=2)
    _counts(village_a)
    table = settings.CACHES["default"]["LOCATION"]
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        assert cursor.fetchone()[0] >= 1
