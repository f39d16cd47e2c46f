"""On the embedded SQLite a page and a job that write at once queue for each other (busy timeout, transactions
that take the write lock when they begin) instead of one failing with "database is locked"."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import threading, time
    import django
    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS t (n INTEGER)")
    connection.close()
    outcome = {}

    def long_writer():  # an import applying in one transaction
        with transaction.atomic():
            with connection.cursor() as c:
                c.execute("INSERT INTO t VALUES (1)")
            time.sleep(2.5)
        connection.close()

    def page():  # a page saving a form meanwhile
        time.sleep(0.3)
        started = time.monotonic()
        try:
            with transaction.atomic():
                with connection.cursor() as c:
                    c.execute("INSERT INTO t VALUES (2)")
            outcome["page"] = "saved after %.1f s" % (time.monotonic() - started)
        except Exception as exc:
            outcome["page"] = "failed: %s" % exc
        connection.close()

    threads = [threading.Thread(target=long_writer), threading.Thread(target=page)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    with connection.cursor() as c:
        c.execute("SELECT COUNT(*) FROM t")
        rows = c.fetchone()[0]
    print(outcome["page"], "| rows", rows)
    """
)


def _run(tmp_path, busy_seconds: str) -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shoudi.settings",
        "SHOUDI_DEBUG": "1",
        "SHOUDI_DATA_DIR": str(tmp_path),
        "SHOUDI_DATABASE_URL": f"sqlite:///{tmp_path / 'shoudi.sqlite3'}",
        "SHOUDI_SQLITE_BUSY_SECONDS": busy_seconds,
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_a_page_waits_for_a_long_write_and_then_saves(tmp_path):
    out = _run(tmp_path, "30")
    assert out.startswith("saved after 2.") and out.endswith("rows 2"), out


def test_without_the_wait_it_would_fail(tmp_path):
    """The same with a one-second wait: the page gives up — what the busy timeout prevents."""
    out = _run(tmp_path, "1")
    assert "database is locked" in out and out.endswith("rows 1"), out
