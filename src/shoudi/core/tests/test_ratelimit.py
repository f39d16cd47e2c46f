"""The rate limit of the public page holds across processes: the count is atomic in the database and in Redis."""

from __future__ import annotations

import threading

import pytest

from shoudi.core.models import RateCount
from shoudi.core.ratelimit import allow


@pytest.mark.django_db
def test_the_sixth_use_in_a_window_is_refused_and_another_key_is_not():
    assert [allow("apply:10.0.0.1", limit=5, seconds=3600) for _ in range(6)] == [True] * 5 + [False]
    assert allow("apply:10.0.0.2", limit=5, seconds=3600)
    assert RateCount.objects.get(key="apply:10.0.0.1").count == 5


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_twenty_processes_at_once_get_exactly_the_limit():
    """Twenty connections ask at the same moment (a barrier releases them together): five are allowed."""
    results: list[bool] = []
    barrier = threading.Barrier(20)

    def ask() -> None:
        from django.db import connection as own

        barrier.wait()
        try:
            results.append(allow("apply:race", limit=5, seconds=3600))
        finally:
            own.close()

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 15 + [True] * 5


def test_with_redis_the_count_is_redis_incr(settings):
    """CI machines run Redis on 127.0.0.1:6379; database 15 is the suite's."""
    from django.core.cache import caches

    settings.REDIS_URL = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": settings.REDIS_URL}
    }
    caches["default"].clear()
    results: list[bool] = []
    barrier = threading.Barrier(20)

    def ask() -> None:
        barrier.wait()
        results.append(allow("apply:redis-race", limit=5, seconds=3600))

    threads = [threading.Thread(target=ask) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 15 + [True] * 5
    caches["default"].clear()
