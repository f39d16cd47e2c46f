from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    """``shoudi migrate`` also creates the cache table (the database is the default cache)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "shoudi.core"
    verbose_name = "公共"

    def ready(self) -> None:
        post_migrate.connect(_cache_table, sender=self, dispatch_uid="shoudi.core.cache_table")
        from shoudi.core import panelcache

        panelcache.connect()  # a process that writes before it renders a panel (the worker) forgets them too
