"""One slow query or one long lock cannot hold the site: every PostgreSQL connection has a statement and a lock
timeout, and a request that runs into one gets a Chinese 503 (page or API JSON), not a 500 with the database's
text."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import psycopg
import pytest
from django.db import OperationalError, connection
from django.urls import reverse

from shoudi.testing.factories import VILLAGE_A, household_with_members

BUSY = "系统繁忙，请稍后重试"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("database is locked", 503),  # busy: the Chinese 503, with Retry-After
        ("no such table: registry_household", 500),  # other errors are not called busy
    ],
)
def test_only_a_busy_database_answers_503_in_chinese(client, county, monkeypatch, error, status):
    def failing(*args, **kwargs):
        raise OperationalError(error)

    monkeypatch.setattr("shoudi.registry.selectors.household_list", failing)
    client.force_login(county)
    client.raise_request_exception = False
    response = client.get(reverse("registry:list"))
    page = response.content.decode()
    assert response.status_code == status and error not in page
    assert (BUSY in page, response.has_header("Retry-After")) == ((True, True) if status == 503 else (False, False))


@pytest.mark.postgres_only
@pytest.mark.django_db
def test_every_connection_has_the_web_limits():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        statement = cursor.fetchone()[0]
        cursor.execute("SHOW lock_timeout")
        lock = cursor.fetchone()[0]
    assert (statement, lock) == ("30s", "5s")


@contextmanager
def households_locked_elsewhere() -> Iterator[None]:
    """Another session holds a lock on the households table (a long migration, a stuck transaction); this
    connection gives up waiting after 0.3 s instead of the 5 s default, so the test is quick."""
    params = connection.get_connection_params()
    other = psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")})
    try:
        other.execute("LOCK TABLE registry_household IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = 300")
        yield
    finally:
        other.rollback()
        other.close()
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_request_waiting_on_a_lock_gets_503_in_chinese(client, county):
    household = household_with_members(VILLAGE_A, size=2)
    client.force_login(county)
    with households_locked_elsewhere():
        page = client.get(reverse("registry:list"))
        assert page.status_code == 503 and BUSY in page.content.decode()
        assert "lock" not in page.content.decode().lower()
        api = client.get(f"/api/v1/households/{household.pk}")
        assert api.status_code == 503 and api.json()["detail"] == BUSY
    assert client.get(reverse("registry:list")).status_code == 200


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_slow_statement_is_cut_off_and_the_worker_may_set_longer_limits():
    from shoudi.core.dbtimeouts import is_busy, session_timeouts

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 200")
        with pytest.raises(OperationalError) as caught:
            cursor.execute("SELECT pg_sleep(2)")
        cursor.execute("RESET statement_timeout")
    assert is_busy(caught.value)
    stop = session_timeouts(statement=3600, lock=60)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == "1h"
    finally:
        stop()
        connection.close()  # the next test's connection starts with the web limits again
