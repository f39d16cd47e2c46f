"""Benchmark: import 100,000 households (~350,000 member rows) from one XLSX file.

    .venv/bin/python benchmarks/import_households.py [--households 100000] [--county 520628]
        [--database-url postgres://postgres@127.0.0.1:5432/bench_import] [--data-dir /tmp/bench-import]

Generates the file once (xlsxwriter, constant_memory; valid IDs from registry.idnumber.make; the real
villages of the county from the shipped 2023 division files), then for SQLite — and PostgreSQL when
``--database-url`` is given (that database is created and dropped) — runs in fresh processes: set-up
(migrate, load the province's divisions, one county officer), the import, and a re-import of the same file
(which must change nothing). Prints wall time per phase, peak memory (ru_maxrss) and the machine.
Target: ≤ 60 s and ≤ 1.5 GiB for the import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "明华强军平芳燕红英秀兰玉梅丽敏静霞桂珍凤洪海波涛龙云飞鹏勇杰磊超斌浩宇婷雪琳晶颖佳欣怡"
RELS = ["户主", "配偶", "之子", "之女", "之父母", "之孙子", "之孙女", "之儿媳"]


def setup_django(data_dir: Path, database_url: str | None) -> None:
    os.environ["SHOUDI_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("SHOUDI_DEBUG", "1")
    os.environ.setdefault("SHOUDI_DB_STATEMENT_TIMEOUT", "0")  # batch work: no web statement timeout
    os.environ["DJANGO_SETTINGS_MODULE"] = "shoudi.settings"
    if database_url:
        os.environ["SHOUDI_DATABASE_URL"] = database_url
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


# -- the file -------------------------------------------------------------------------------------------
def villages_of(county: str) -> list[str]:
    from shoudi.regions.loader import iter_rows

    return [code for code, _name, level, _parent in iter_rows([county[:2]]) if level == 5 and code.startswith(county)]


def generate(path: Path, households: int, county: str, seed: int = 1) -> tuple[int, int]:
    import xlsxwriter

    from shoudi.registry.idnumber import make
    from shoudi.registry.io.testing import HEADERS

    rng = random.Random(seed)
    villages = villages_of(county)
    if not villages:
        raise SystemExit(f"no villages for county {county}")
    col = {h: i for i, h in enumerate(HEADERS)}
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("农户成员")
    sheet.write_row(0, 0, HEADERS)
    per_village: dict[str, int] = {}
    row = person = 0
    start = dt.date(1935, 1, 1)
    for _ in range(households):
        village = rng.choice(villages)
        per_village[village] = per_village.get(village, 0) + 1
        number = f"{village}{per_village[village]:04d}"
        poor = rng.random() < 0.3
        size = rng.choices([1, 2, 3, 4, 5, 6], weights=[8, 15, 22, 27, 18, 10])[0]
        hh = {
            "户编号": number,
            "村代码": village,
            "详细地址": f"{rng.randint(1, 12)}组{rng.randint(1, 80)}号",
            "户类型": "脱贫户" if poor else "一般农户",
            "脱贫年度": rng.randint(2014, 2020) if poor else None,
            "易地扶贫搬迁": "是" if poor and rng.random() < 0.1 else "否",
            "住房安全等级": rng.choice(["A级", "B级", "C级"]),
            "饮水安全": "是",
            "耕地面积（亩）": round(rng.uniform(0, 8), 1),
            "负债（元）": rng.choice([0, 0, 0, 5000, 20000]),
            "户联系电话": f"138{rng.randint(0, 99999999):08d}",
        }
        for k in range(size):
            person += 1
            birth = start + dt.timedelta(days=person % 30000)
            cells = {
                **hh,
                "身份证号": make(county, birth, (person // 30000) * 2 + rng.randint(0, 1)),
                "姓名": rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))),
                "与户主关系": RELS[k] if k < len(RELS) else "其他",
                "健康状况": rng.choice(["健康", "健康", "健康", "长期慢性病", "患有大病"]),
                "劳动技能": rng.choice(["普通劳动力", "技能劳动力", "弱劳动力或半劳动力", "无劳动力"]),
                "务工地点": rng.choice(["", "县内", "省内县外", "省外"]),
                "务工时间（月）": rng.randint(0, 12),
                "务工收入（元/年）": rng.choice([0, 12000, 36000, 48000]),
            }
            row += 1
            for header, value in cells.items():
                if value is None or value == "":
                    continue
                if isinstance(value, str):
                    sheet.write_string(row, col[header], value)
                else:
                    sheet.write_number(row, col[header], value)
    book.close()
    return households, row


# -- the steps, each in its own process --------------------------------------------------------------------
def step_setup(county: str) -> dict[str, float]:
    from django.core.management import call_command

    from shoudi.accounts.models import User
    from shoudi.regions import loader

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate = time.perf_counter() - t
    t = time.perf_counter()
    loader.load([county[:2]])
    regions = time.perf_counter() - t
    user = User(username="bench_county", role="county_officer", area_id=county, full_name="基准测试县级账号")
    user.set_unusable_password()
    user.save()
    return {"migrate": migrate, "regions": regions}


def step_import(path: Path) -> dict[str, object]:
    from django.db import connection

    from shoudi.accounts.models import User
    from shoudi.registry.io import pipeline
    from shoudi.registry.io.reader import open_table
    from shoudi.registry.io.validate import validate

    actor = User.objects.select_related("area").get(username="bench_county")
    phases: dict[str, float] = {}
    marks: list[tuple[str, float]] = []

    def progress(phase: str, done: int, total: int) -> None:
        if not marks or marks[-1][0] != phase:
            marks.append((phase, time.perf_counter()))

    started = time.perf_counter()
    table = open_table(path)
    phases["打开文件并计行"] = time.perf_counter() - started
    t = time.perf_counter()
    plan = validate(table, actor=actor, progress=progress)
    validated = time.perf_counter()
    for (phase, at), nxt in zip(marks, [*(m[1] for m in marks[1:]), validated], strict=True):
        phases[phase] = nxt - at
    if plan.error_count:
        raise SystemExit(f"unexpected errors: {[str(e) for e in plan.errors[:5]]}")
    outcome = pipeline.ImportOutcome(table=table, plan=plan)
    t = time.perf_counter()
    result = pipeline.apply(outcome, actor=actor, valid_only=False, reason="批量导入：基准测试")
    phases["写入数据库（一个事务）"] = time.perf_counter() - t
    total = time.perf_counter() - started
    return {
        "phases": phases,
        "total": total,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "result": result.as_dict(),
        "rows": plan.rows,
        "vendor": connection.vendor,
    }


def worker_main(args: argparse.Namespace) -> None:
    setup_django(Path(args.data_dir), args.database_url)
    if args.step == "setup":
        out: object = step_setup(args.county)
    else:
        out = step_import(Path(args.file))
    print("RESULT " + json.dumps(out, ensure_ascii=False))


# -- the driver -----------------------------------------------------------------------------------------
def run_step(step: str, args: argparse.Namespace, data_dir: Path, database_url: str | None) -> dict:
    cmd = [sys.executable, __file__, "--worker", step, "--file", str(args.file), "--county", args.county]
    cmd += ["--data-dir", str(data_dir)]
    if database_url:
        cmd += ["--database-url", database_url]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"step {step} failed")
    line = next(x for x in proc.stdout.splitlines() if x.startswith("RESULT "))
    return json.loads(line[7:])


def pg_admin(database_url: str, sql: str) -> None:
    import psycopg

    url = urlparse(database_url)
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql)


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    return f"{os.cpu_count()} CPU ({model or platform.processor()}), {mem_kb / 1024 / 1024:.1f} GiB RAM, {platform.platform()}"


def report(label: str, setup: dict, first: dict, again: dict) -> None:
    print(f"\n== {label} ==")
    print(f"  set-up: migrate {setup['migrate']:.1f} s, divisions {setup['regions']:.1f} s (not part of the import)")
    for name, run in (("import", first), ("re-import (no changes)", again)):
        print(f"  {name}: {run['rows']:,} rows, total {run['total']:.1f} s, peak memory {run['peak_rss_mib']:.0f} MiB")
        for phase, seconds in run["phases"].items():
            print(f"      {phase:<24} {seconds:7.1f} s")
        print(f"      result: {run['result']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--county", default="520628")
    parser.add_argument("--data-dir", default="/tmp/bench-import")
    parser.add_argument("--file", default="")
    parser.add_argument("--database-url", default="")
    parser.add_argument("--worker", choices=["setup", "import"], dest="step", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        worker_main(args)
        return
    base = Path(args.data_dir)
    base.mkdir(parents=True, exist_ok=True)
    args.file = Path(args.file or base / f"households-{args.households}.xlsx")
    print(f"machine: {machine()}")
    if not args.file.exists():
        setup_django(base / "gen", None)
        t = time.perf_counter()
        households, rows = generate(args.file, args.households, args.county)
        size = args.file.stat().st_size / 1024 / 1024
        print(
            f"generated {args.file}: {households:,} households, {rows:,} rows, {size:.1f} MiB in {time.perf_counter() - t:.1f} s"
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
            again = run_step("import", args, pg_dir, args.database_url)
            report("PostgreSQL", setup, first, again)
        finally:
            pg_admin(args.database_url, f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    main()
