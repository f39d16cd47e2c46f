"""One SQLite in the process (issue 12). A second copy of SQLite (``adbc-driver-sqlite`` bundled one) cannot see
the POSIX locks of Django's copy on the same WAL database: it deleted the ``-wal`` and ``-shm`` files under
Django's open connection (whose later commits went to a deleted file) and truncated the ``-shm`` Django had
mapped (SIGBUS). Each test reads a snapshot in a fresh process, as a worker does, on a file database in WAL
mode that Django's connection holds open and writes before and after the read.
``scripts/sqlite_two_copies_stress.py`` is the longer stress run."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

import shoudi
from shoudi.registry.models import Household

pytestmark = pytest.mark.sqlite_only

# The worker's side, in its own process: Django's connection opens the file (WAL, -shm mapped), writes,
# the snapshot is read, Django writes again; then what the process has open and mapped, what another
# connection sees, and the file's integrity once Django's connection is closed.
CHILD = r"""
import json, os, sqlite3, sys
from pathlib import Path

import django

django.setup()
from django.db import connection

from shoudi.registry.models import Household
from shoudi.screening import snapshot

db, area = Path(sys.argv[1]), sys.argv[2]
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    mode = cursor.fetchone()[0]
Household.objects.update(address="before the snapshot")
tables = snapshot.read(area)
Household.objects.update(address="after the snapshot")

fds = []
for fd in os.listdir("/proc/self/fd"):
    try:
        fds.append(os.readlink(f"/proc/self/fd/{fd}"))
    except OSError:  # the descriptor listdir used, closed by now
        pass
deleted = [f for f in fds if f.startswith(str(db)) and f.endswith("(deleted)")]
try:  # what a web server or worker would see
    other = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    seen = other.execute("SELECT count(*) FROM registry_household WHERE address = 'after the snapshot'").fetchone()[0]
    other.close()
except sqlite3.Error as exc:
    seen = repr(exc)

mapped = []
for line in Path("/proc/self/maps").read_text().splitlines():
    parts = line.split(maxsplit=5)
    if len(parts) == 6 and parts[5].startswith("/") and parts[5] not in mapped and Path(parts[5]).is_file():
        mapped.append(parts[5])
# Every build of SQLite carries its unix VFS, with its own bookkeeping of the process's POSIX locks.
copies = [p for p in mapped if b"unix-dotfile" in Path(p).read_bytes()]

connection.close()
try:
    check = sqlite3.connect(db)
    integrity = [row[0] for row in check.execute("PRAGMA integrity_check")]
    check.close()
except sqlite3.Error as exc:
    integrity = [repr(exc)]
print(json.dumps({
    "journal_mode": mode,
    "households": tables["households"].num_rows,
    "deleted": deleted,
    "seen_after": seen,
    "integrity": integrity,
    "copies": copies,
    "adbc": [p for p in mapped if "adbc" in p.lower()],
}))
"""


def _file_copy(directory: Path) -> Path:
    """The test database (in memory, inside the test's transaction) copied to a file, as a laptop has it."""
    path = directory / "county.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    target.executescript("\n".join(connection.connection.iterdump()))
    target.close()
    return path


def _worker(directory: Path, area: str) -> dict:
    db = _file_copy(directory)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shoudi.settings",
        "SHOUDI_DEBUG": "1",
        "SHOUDI_DATA_DIR": str(directory),
        "SHOUDI_DATABASE_URL": f"sqlite:///{db}",
        "SHOUDI_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(Path(shoudi.__file__).parents[1]),  # this tree's shoudi, whatever is installed
    }
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), area], env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def worker_run(world, tmp_path):
    return _worker(tmp_path, "520628"), Household.objects.count()


def test_a_snapshot_leaves_one_sqlite_in_the_process(worker_run):
    got, _ = worker_run

    assert got["adbc"] == []
    assert len(got["copies"]) == 1, got["copies"]


def test_django_keeps_its_wal_files_and_the_database_stays_whole_across_a_snapshot(worker_run):
    got, households = worker_run

    assert got["journal_mode"] == "wal"
    assert got["households"] == households > 0
    assert got["deleted"] == []  # Django's connection still writes the -wal and -shm that are on disk
    assert got["seen_after"] == households  # its commit after the read reaches other connections
    assert got["integrity"] == ["ok"]
