"""Benchmark: import the 收入核算表 of 100,000 households (≈1.2 million item cells) from one wide-layout XLSX.

    .venv/bin/python benchmarks/import_income.py [--households 100000] [--items 12] [--county 520628]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_income] [--data-dir /tmp/bench-income]

Set-up (not timed as the import): migrate, load the province's divisions, one county officer, and the
households (one head each) bulk-inserted over the county's real villages. The file: one row per household
(户编号, 年度, 核算日期, then ~``--items`` non-empty item columns of the 26, random amounts). Then, each in a fresh
process, for SQLite and — with ``--database-url`` (created and dropped) — PostgreSQL: the import (open, validate
every row, write in one transaction) and a re-import of the same file (which must change nothing). Prints wall
time per phase, peak memory (ru_maxrss) and the machine. Target: ≤ 60 s and ≤ 1.5 GiB for the import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_households import pg_admin, setup_django, villages_of
from machine import describe


def generate(path: Path, households: int, county: str, items: int, seed: int = 1) -> int:
    """The wide file over the households ``step_setup`` creates (same numbers); returns the non-empty cells."""
    import xlsxwriter

    from shoudi.income.inputs import ITEM_LABELS

    rng = random.Random(seed)
    codes = list(ITEM_LABELS)
    headers = ["户编号", "年度", "核算日期", *ITEM_LABELS.values()]
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("按户填写")
    sheet.write_row(0, 0, headers)
    cells = 0
    for n, number in enumerate(numbers(households, county), start=1):
        sheet.write_string(n, 0, number)
        sheet.write_number(n, 1, 2026)
        sheet.write_string(n, 2, f"2026-10-{rng.randint(1, 31):02d}")
        for code in rng.sample(codes, items):
            sheet.write_number(n, 3 + codes.index(code), round(rng.uniform(0, 40000), rng.choice([0, 2])))
            cells += 1
    book.close()
    return cells


def numbers(households: int, county: str) -> list[str]:
    villages = villages_of(county)
    return [f"{villages[i % len(villages)]}{i // len(villages) + 1:05d}"[:20] for i in range(households)]


def step_setup(county: str, households: int) -> dict[str, float]:
    from django.core.management import call_command
    from django.db import transaction

    from shoudi.accounts.models import User
    from shoudi.regions import loader
    from shoudi.registry.idnumber import make
    from shoudi.registry.io.bulk import BulkInsert
    from shoudi.registry.models import Household, Person

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    loader.load([county[:2]])
    user = User(username="bench_county", role="county_officer", area_id=county, full_name="基准测试县级账号")
    user.set_unusable_password()
    user.save()
    base = time.perf_counter() - t
    t = time.perf_counter()
    with transaction.atomic():
        hh, people = BulkInsert(Household), BulkInsert(Person)
        start = dt.date(1940, 1, 1)
        for i, number in enumerate(numbers(households, county)):
            pk = uuid.uuid4()
            hh.add({"id": pk, "number": number, "village_id": number[:12], "status": "ordinary"})
            birth = start + dt.timedelta(days=i % 25000)
            people.add(
                {
                    "id": uuid.uuid4(),
                    "household_id": pk,
                    "id_number": make(county, birth, 100 + (i // 25000) * 2 + 1),
                    "name": f"户主{i}",
                    "relationship": "head",
                    "sex": "M",
                    "birth_date": birth,
                }
            )
            if i % 5000 == 4999:
                hh.flush()
                people.flush()
        hh.flush()
        people.flush()
    return {"setup": base, "households": time.perf_counter() - t}


def step_import(path: Path) -> dict[str, object]:
    from django.db import connection

    from shoudi.accounts.models import User
    from shoudi.core.exports import INSTRUCTIONS
    from shoudi.income.io import pipeline
    from shoudi.income.io.layout import KEY_MARKERS
    from shoudi.income.io.validate import validate
    from shoudi.registry.io.reader import open_tables

    actor = User.objects.select_related("area").get(username="bench_county")
    phases: dict[str, float] = {}
    marks: list[tuple[str, float]] = []

    def progress(phase: str, done: int, total: int) -> None:
        if not marks or marks[-1][0] != phase:
            marks.append((phase, time.perf_counter()))

    started, cpu = time.perf_counter(), time.process_time()
    tables = open_tables(path, markers=KEY_MARKERS, skip=frozenset({INSTRUCTIONS}))
    phases["打开文件"] = time.perf_counter() - started
    plan = validate(tables, actor=actor, progress=progress)
    validated = time.perf_counter()
    for (phase, at), nxt in zip(marks, [*(m[1] for m in marks[1:]), validated], strict=True):
        phases[phase] = nxt - at
    if plan.error_count:
        raise SystemExit(f"unexpected errors: {[str(e) for e in plan.errors[:5]]}")
    outcome = pipeline.ImportOutcome(tables=tables, plan=plan)
    t = time.perf_counter()
    result = pipeline.apply(outcome, actor=actor, valid_only=False, reason="收入核算表导入：基准测试")
    phases["写入数据库（一个事务）"] = time.perf_counter() - t
    return {
        "phases": phases,
        "total": time.perf_counter() - started,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "cpu": time.process_time() - cpu,  # this process's CPU time: what the figure is on an idle machine
        "result": result.as_dict(),
        "rows": plan.rows,
        "lines": plan.summary()["valid_lines"],
        "vendor": connection.vendor,
    }


def run_step(step: str, args: argparse.Namespace, data_dir: Path, database_url: str | None) -> dict:
    cmd = [sys.executable, __file__, "--worker", step, "--file", str(args.file), "--county", args.county]
    cmd += ["--data-dir", str(data_dir), "--households", str(args.households)]
    if database_url:
        cmd += ["--database-url", database_url]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"step {step} failed")
    return json.loads(next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))[7:])


def report(label: str, setup: dict, first: dict, again: dict) -> None:
    print(f"\n== {label} == (load average now {os.getloadavg()[0]:.2f})")
    print(
        f"  set-up (not timed as the import): migrate + divisions {setup['setup']:.1f} s, households {setup['households']:.1f} s"
    )
    for name, run in (("import", first), ("re-import (no changes)", again)):
        print(
            f"  {name}: {run['rows']:,} rows, {run['lines']:,} lines, total {run['total']:.1f} s, "
            f"(CPU time of the process {run['cpu']:.1f} s), peak memory {run['peak_rss_mib']:.0f} MiB"
        )
        for phase, seconds in run["phases"].items():
            print(f"      {phase:<24} {seconds:7.1f} s")
        print(f"      result: {run['result']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--items", type=int, default=12)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--data-dir", default="/tmp/bench-income")
    parser.add_argument("--file", default="")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--worker", choices=["setup", "import"], dest="step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        setup_django(Path(args.data_dir), args.database_url)
        out = step_setup(args.county, args.households) if args.step == "setup" else step_import(Path(args.file))
        print("RESULT " + json.dumps(out, ensure_ascii=False))
        return
    base = Path(args.data_dir)
    base.mkdir(parents=True, exist_ok=True)
    args.file = Path(args.file or base / f"income-{args.households}-{args.items}.xlsx")
    print(describe())
    if not args.file.exists():
        setup_django(base / "gen", None)
        t = time.perf_counter()
        cells = generate(args.file, args.households, args.county, args.items)
        size = args.file.stat().st_size / 1024 / 1024
        print(
            f"generated {args.file}: {args.households:,} households, {cells:,} item cells, {size:.1f} MiB in {time.perf_counter() - t:.1f} s"
        )
    else:
        print(f"using {args.file} ({args.file.stat().st_size / 1024 / 1024:.1f} MiB)")
    sqlite_dir = base / "sqlite"
    for stale in sqlite_dir.glob("shoudi.sqlite3*"):
        stale.unlink()
    sqlite_dir.mkdir(exist_ok=True)
    setup = run_step("setup", args, sqlite_dir, None)
    report("SQLite", setup, run_step("import", args, sqlite_dir, None), run_step("import", args, sqlite_dir, None))
    if args.database_url:
        name = urlparse(args.database_url).path.lstrip("/")
        pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')
        pg_admin(args.database_url, f'CREATE DATABASE "{name}"')
        try:
            pg_dir = base / "pg"
            pg_dir.mkdir(exist_ok=True)
            setup = run_step("setup", args, pg_dir, args.database_url)
            first = run_step("import", args, pg_dir, args.database_url)
            report("PostgreSQL", setup, first, run_step("import", args, pg_dir, args.database_url))
        finally:
            pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
