"""Stress: Django's SQLite and the screening snapshot reader in one process, on one WAL database (issue 12).

The county screening benchmark died with SIGBUS on a freshly generated SQLite county. Cause: the snapshot
was read through ``adbc-driver-sqlite``, which carries its own copy of SQLite, beside the system SQLite that
Django uses. POSIX file locks belong to the process, so neither copy sees the other's locks: the second copy,
opening the database, takes itself for the first connection and truncates the ``-shm`` file that Django's
connection has mapped (a later access past the new end of the file is a bus error); closing, it takes itself
for the last one, checkpoints and deletes ``-wal`` and ``-shm`` under Django's connection, which then goes on
writing into a deleted WAL that no other connection sees ("disk I/O error", lost writes, a corrupt file).

Each run is a fresh process on a fresh database (so a crash is seen as an exit status, not a hang): generate
a county in one transaction as ``shoudi synth county`` does (a WAL of several wal-index regions), then, round
after round, read its snapshot (``shoudi.screening.snapshot.read``, as a screening does), check that Django's
connection still has the ``-wal``/``-shm`` files that are on disk, edit a household and a person (a page),
import a second county in one transaction (the worker), compare what Django and an independent connection
count, and at the end run ``PRAGMA integrity_check``. Exit status: 0 when every run is clean, 1 otherwise.

    .venv/bin/python scripts/sqlite_two_copies_stress.py              # 10 runs of 6,000 households
    .venv/bin/python scripts/sqlite_two_copies_stress.py --runs 3 --households 8000 --rounds 4
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
COUNTY = "520628"  # 松桃: the county that is screened
OTHER = "520627"  # 沿河: the county the "worker" imports, again and again
DB_NAME = "shoudi.sqlite3"


class Failed(Exception):
    """Checks failed; the message says how many."""


# ---- one run (the child process) ---------------------------------------------------------------------


def sqlite_copies() -> list[str]:
    """Files mapped into this process that carry SQLite's unix VFS (their own POSIX-lock bookkeeping)."""
    seen: list[str] = []
    for line in Path("/proc/self/maps").read_text().splitlines():
        parts = line.split(maxsplit=5)
        path = parts[5] if len(parts) == 6 else ""
        if not path.startswith("/") or path in seen or not Path(path).is_file():
            continue
        seen.append(path)
    return [p for p in seen if b"unix-dotfile" in Path(p).read_bytes()]


def open_database_files(db: Path) -> list[str]:
    """What this process's file descriptors on the database, its -wal and its -shm point at."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(db)):
            found.append(target)
    return sorted(found)


def child(data_dir: Path, households: int, rounds: int) -> None:
    db = data_dir / DB_NAME
    os.environ.update(
        SHOUDI_DEBUG="1",
        SHOUDI_DATA_DIR=str(data_dir),
        SHOUDI_DATABASE_URL=f"sqlite:///{db}",
        SHOUDI_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="shoudi.settings",
    )
    sys.path.insert(0, str(ROOT / "src"))
    import sqlite3

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.registry.models import Household, Person
    from shoudi.screening import snapshot
    from shoudi.synth.writer import write_county

    started = time.perf_counter()
    problems: list[str] = []

    def say(text: str) -> None:
        print(f"  [{time.perf_counter() - started:6.1f} s] {text}", flush=True)

    def fail(text: str) -> None:
        """A failed check is recorded and the run goes on: what follows shows the harm (a crash, lost rows)."""
        problems.append(text)
        say(f"FAILED: {text}")

    def count(area: str) -> int:
        return Household.objects.filter(in_area("village_id", area)).count()

    def independent_count() -> int | str:
        """Households as a second connection sees them (a web server or worker process would see the same)."""
        try:
            other = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
            try:
                return int(other.execute("SELECT count(*) FROM registry_household").fetchone()[0])
            finally:
                other.close()
        except sqlite3.Error as exc:
            return repr(exc)

    def check_files() -> None:
        files = open_database_files(db)
        deleted = [f for f in files if f.endswith("(deleted)")]
        if deleted:
            fail(f"Django's connection writes to files deleted under it: {deleted}")

    def check_snapshot(area: str) -> None:
        tables: dict[str, Any] = snapshot.read(area)
        got, want = tables["households"].num_rows, count(area)
        say(f"snapshot.read({area}): {got:,} households, {tables['persons'].num_rows:,} persons (Django: {want:,})")
        if got != want:
            fail(f"the snapshot of {area} has {got:,} households, the database {want:,}")
        check_files()

    call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode")
        say(f"migrated {db} (journal_mode={cur.fetchone()[0]}, SQLite {sqlite3.sqlite_version})")
    write_county(COUNTY, households, seed=1)
    say(f"generated {COUNTY}: {count(COUNTY):,} households in one transaction; -wal {_size(db, '-wal')}")
    for n in range(1, rounds + 1):
        check_snapshot(COUNTY)
        if n == 1:
            copies = sqlite_copies()
            say("SQLite copies in the process: " + ", ".join(copies))
            if len(copies) != 1:
                fail(f"{len(copies)} copies of SQLite in one process")
        # A page: one household and one person edited, each saved in its own transaction.
        household = Household.objects.filter(in_area("village_id", COUNTY)).order_by("number")[n]
        household.address = f"压力测试第 {n} 轮"
        household.save()
        person = Person.objects.filter(household=household).first()
        if person is not None:
            person.phone = f"1390000{n:04d}"
            person.save()
        # The worker: a county imported in one transaction (thousands of WAL frames).
        write_county(OTHER, households, seed=n, replace=n > 1)
        total = Household.objects.count()
        seen = independent_count()
        say(f"round {n}: page edits and an import of {OTHER}; Django counts {total:,}, another connection {seen}")
        if seen != total:
            fail(f"another connection counts {seen}, Django {total:,}")
        check_snapshot(OTHER)
    connection.close()
    check = sqlite3.connect(db)
    try:
        result = [row[0] for row in check.execute("PRAGMA integrity_check")]
        final = int(check.execute("SELECT count(*) FROM registry_household").fetchone()[0])
    finally:
        check.close()
    say(f"PRAGMA integrity_check: {result[:3]}; {final:,} households after closing")
    if result != ["ok"]:
        fail(f"integrity_check: {result[:5]}")
    if final != 2 * households:
        fail(f"{final:,} households after closing, {2 * households:,} written")
    if problems:
        raise Failed(f"{len(problems)} checks failed")


def _size(db: Path, suffix: str) -> str:
    path = db.with_name(db.name + suffix)
    return f"{path.stat().st_size / 2**20:.1f} MiB" if path.exists() else "absent"


# ---- the loop (the parent process) ---------------------------------------------------------------------


def describe(code: int) -> str:
    if code < 0:
        name = signal.Signals(-code).name
        return f"exit {code} (killed by {name}{': bus error' if name == 'SIGBUS' else ''})"
    return f"exit {code}" + (" (a check failed or an error was raised)" if code else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--households", type=int, default=6000, help="per county (the WAL needs several regions)")
    parser.add_argument("--rounds", type=int, default=3, help="snapshot reads and writes per run")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per run")
    parser.add_argument("--keep", action="store_true", help="keep the databases (under /tmp) of failed runs")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        try:
            child(args.child, args.households, args.rounds)
        except Failed as exc:
            print(f"  FAILED: {exc}", flush=True)
            return 1
        print("  clean", flush=True)
        return 0

    print(f"{args.runs} runs · {args.households:,} households per county · {args.rounds} rounds · {sys.executable}")
    failures = 0
    for run in range(1, args.runs + 1):
        data_dir = Path(tempfile.mkdtemp(prefix="shoudi-two-sqlite-"))
        print(f"run {run}/{args.runs}: {data_dir}", flush=True)
        started = time.perf_counter()
        command = [sys.executable, "-X", "faulthandler", __file__, "--child", str(data_dir)]
        command += ["--households", str(args.households), "--rounds", str(args.rounds)]
        try:
            code = subprocess.run(command, timeout=args.timeout, check=False).returncode  # noqa: S603
        except subprocess.TimeoutExpired:
            code = -int(signal.SIGKILL)
        print(f"run {run}/{args.runs}: {describe(code)} after {time.perf_counter() - started:.1f} s", flush=True)
        failures += code != 0
        if code == 0 or not args.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    print(f"{args.runs - failures} of {args.runs} runs clean, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
