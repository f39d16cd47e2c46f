"""A rate limit that holds across web processes: ``allow(key, limit=5, seconds=3600)`` counts one use of
``key`` in the current window and says whether it is within the limit.

With Redis (``SHOUDI_REDIS_URL``) the count is Redis's atomic INCR on a key that expires with its window;
otherwise it is a row per key and window whose count goes up by one conditional UPDATE (``count < limit``),
so two processes can never both take the last allowed use."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import F

from shoudi.core.models import RateCount


def allow(key: str, *, limit: int, seconds: int) -> bool:
    window = int(time.time()) // seconds
    if getattr(settings, "REDIS_URL", ""):
        name = f"rate:{key}:{window}"
        cache.add(name, 0, timeout=seconds)
        return int(cache.incr(name)) <= limit
    return _allow_in_database(key[:200], window, limit, seconds)


def _allow_in_database(key: str, window: int, limit: int, seconds: int) -> bool:
    rows = RateCount.objects.filter(key=key, window=window)
    if not rows.exists():
        try:
            with transaction.atomic():
                RateCount.objects.create(key=key, window=window, count=0)
        except IntegrityError:
            pass  # another process created it a moment ago
        RateCount.objects.filter(window__lt=window - 1, key=key).delete()
    return rows.filter(count__lt=limit).update(count=F("count") + 1) == 1
