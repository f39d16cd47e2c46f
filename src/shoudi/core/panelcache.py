"""The workbench panels' counts, kept for ``PANEL_SECONDS`` and forgotten on every write.

Each panel of the workbench counts over the user's whole area (a county: 100,000 households) on every visit; the
counts are kept in the cache per (panel, user, day) and the personal rows (the cases and leads waiting for the
user) stay live. Forgetting: every save or delete of a model of Shoudi's apps moves a generation token that is
part of each key, so a page written and reloaded shows the new counts at once (tests do so). Writes that bypass
the model signals (``QuerySet.update``, ``bulk_create`` of imports) are seen at the latest after
``PANEL_SECONDS``, like ``registry.selectors.area_counts``.

Each process keeps what it read in memory too (``_local``), so a page reads only the token from the shared
cache. Cost of a write: in a web request, one cache write at the first write and one when its transaction commits (a
reader between the two could have kept the old counts under the new token); outside a request, one cache write
for the first write after this process last read the token, so a loop of saves in a command moves it once.
"""

from __future__ import annotations

import logging
import pickle
import time
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from shoudi.core.memo import request_memo, request_memo_forget

T = TypeVar("T")
logger = logging.getLogger(__name__)
PANEL_SECONDS = 60
_GEN_KEY = "workbench:panels:generation"
# models whose writes do not change a panel's count (sessions, the cache, audit and job bookkeeping)
_IGNORED_APPS = frozenset({"sessions", "admin", "contenttypes", "axes", "audit", "jobs", "migrations"})
# bookkeeping of the offline app and of API tokens: a phone's sync writes them, no panel counts them
_IGNORED_MODELS = frozenset({"fieldwork.synclog", "fieldwork.device", "accounts.apitoken"})
_QUIET_FIELDS = frozenset({"last_login", "last_used_at"})
# what this process read last, in front of the shared cache (one query less per panel per page); the key holds
# the generation token, so a write anywhere is seen as soon as through the shared cache
LOCAL_ENTRIES = 5000
_local: dict[str, tuple[float, bytes]] = {}
_state = {"unread_bump": False}  # a bump not yet followed by a read of the token in this process


def _generation() -> str:
    def read() -> str:
        _state["unread_bump"] = False
        token = cache.get(_GEN_KEY)
        if token is None:
            token = uuid.uuid4().hex
            cache.add(_GEN_KEY, token, None)
            token = cache.get(_GEN_KEY) or token
        return str(token)

    return request_memo(("panelcache",), read)


def _bump() -> None:
    try:
        cache.set(_GEN_KEY, uuid.uuid4().hex, None)
    except DatabaseError:  # no cache table yet (SQLite; on PostgreSQL this would abort the transaction, which
        # is why the writes of ``migrate``'s historical models are ignored, and why core, which creates the
        # table after migrating, comes before every app that writes in its own post_migrate)
        logger.debug("panel cache token not moved", exc_info=True)


def forget_panels() -> None:
    """Every panel's cached counts are recomputed on their next read."""
    request_memo_forget("panelcache")
    flags: dict[str, bool] = request_memo(("panelcache_flags",), dict)
    if flags is request_memo(("panelcache_flags",), dict):  # in a web request: once now, once on commit
        if not flags.get("bumped"):
            flags["bumped"] = True
            _bump()
            transaction.on_commit(_bump)
        return
    if not _state["unread_bump"]:
        _state["unread_bump"] = True
        _bump()


def panel_counts(panel: str, user: Any, compute: Callable[[], T]) -> T:
    """``compute()`` (a panel's counts for ``user`` today), from the cache when computed in the last minute and
    nothing was written since."""
    key = ":".join(
        [
            "workbench:panel",
            panel,
            _generation(),
            str(getattr(user, "pk", "")),
            str(getattr(user, "role", "")),
            str(getattr(user, "area_id", "")),
            timezone.localdate().isoformat(),
        ]
    )
    now = time.monotonic()
    local = _local.get(key)
    if local is not None and local[0] > now:
        kept: T = pickle.loads(local[1])  # noqa: S301 - bytes this process pickled; a copy, callers may change it
        return kept
    cached = cache.get(key)
    if cached is None:
        cached = compute()
        cache.set(key, cached, PANEL_SECONDS)
    if len(_local) >= LOCAL_ENTRIES:
        _local.clear()
    _local[key] = (now + PANEL_SECONDS, pickle.dumps(cached, pickle.HIGHEST_PROTOCOL))
    value: T = cached
    return value


def _on_write(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    meta = getattr(sender, "_meta", None)
    if getattr(sender, "__module__", "") == "__fake__":  # a migration's historical model: ``migrate`` is running
        return
    if meta is None or meta.app_label in _IGNORED_APPS or meta.label_lower in _IGNORED_MODELS:
        return
    if update_fields is not None and set(update_fields) <= _QUIET_FIELDS:
        return  # a login's last_login
    forget_panels()


def connect() -> None:
    """Called at start-up (``CoreConfig.ready``) and by the panels' modules (idempotent)."""
    post_save.connect(_on_write, dispatch_uid="shoudi.core.panelcache.save")
    post_delete.connect(_on_write, dispatch_uid="shoudi.core.panelcache.delete")


connect()
