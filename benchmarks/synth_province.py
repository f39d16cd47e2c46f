"""Benchmark: a province-scale synthetic base database written straight to Parquet.

    .venv/bin/python benchmarks/synth_province.py --persons 10000000 [--province 52] [--out DIR] [--keep]

Prints the machine, wall time, peak memory (this process and its worker processes), rows and file sizes.
Without ``--out`` the files go to a temporary directory that is removed afterwards unless ``--keep``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path


def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs ({model}), RAM {ram}, Python {platform.python_version()}, {platform.platform()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--persons", type=int, default=10_000_000)
    parser.add_argument("--province", default="52")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--chunk-households", type=int, default=200_000)
    parser.add_argument("--out", default=None)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
    os.environ.setdefault("SHOUDI_DEBUG", "1")  # only to import the division loader; no database is used
    import django

    django.setup()
    import pyarrow.parquet as pq

    from shoudi.synth.province import TABLES, write_province

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="synth-province-"))
    print(f"machine: {machine()}")
    print(f"province {args.province}, {args.persons:,} persons, seed {args.seed} → {out}")
    started = time.perf_counter()
    summary = write_province(
        args.province,
        args.persons,
        out,
        args.seed,
        workers=args.workers,
        chunk_households=args.chunk_households,
        replace=True,
    )
    wall = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        f"wall time: {wall:.1f} s; CPU time: {own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime:.1f} s"
    )
    print(f"peak RSS: main process {own.ru_maxrss / 1024:.0f} MiB, largest worker {children.ru_maxrss / 1024:.0f} MiB")
    print(f"households {summary.households:,}; persons {summary.persons:,}; income rows {summary.finance_rows:,}")
    print(f"rate: {summary.persons / wall:,.0f} persons/s, {summary.finance_rows / wall:,.0f} income rows/s")
    for table in TABLES:
        files = sorted((out / table).glob("*.parquet"))
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in files)
        size = sum(f.stat().st_size for f in files)
        print(f"  {table:<10} {len(files):>4} files {rows:>13,} rows {size / 1e6:>10,.1f} MB")
    print(f"  total      {summary.bytes_written / 1e6:,.1f} MB")
    if not args.out and not args.keep:
        shutil.rmtree(out)


if __name__ == "__main__":
    main()
