"""Django for a benchmark: a data directory (a fresh temporary one unless given), the database (SQLite in
that directory unless a URL is given), then ``django.setup()`` and, by default, the migrations."""

from __future__ import annotations

import os
import tempfile


def setup(database_url: str | None = None, data_dir: str | None = None, *, prefix: str, migrate: bool = True) -> str:
    data_dir = data_dir or tempfile.mkdtemp(prefix=prefix)
    os.environ.setdefault("SHOUDI_DEBUG", "1")
    os.environ["SHOUDI_DATA_DIR"] = data_dir
    os.environ.setdefault("SHOUDI_LOG_LEVEL", "WARNING")
    os.environ.setdefault("SHOUDI_DB_STATEMENT_TIMEOUT", "0")  # batch work: the web's 30 s limit does not apply
    if database_url:
        os.environ["SHOUDI_DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    return data_dir
