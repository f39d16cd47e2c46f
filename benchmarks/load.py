"""Load figure of issue 19: the production server (gunicorn, DEBUG off) on this machine, a 100,000-household
county on PostgreSQL, 20 concurrent users of real roles hitting the workbench, household list and search,
case list, case page and household page for 5 minutes (locust, headless, against 127.0.0.1).

    .venv/bin/python benchmarks/load.py                 # (re)create database shoudi_load, generate, run 5 minutes
    .venv/bin/python benchmarks/load.py --reuse         # keep the data of an earlier run; only serve and load
    .venv/bin/python benchmarks/load.py --reuse --run-time 1m --users 20 --wait 0

Each simulated user logs in once through the login form (with its CSRF token) as its persona — county
officers, township reviewers and village contacts spread over the county — then loops over a weighted mix of
pages with no think time (``--wait 0``, a closed loop: the figure is the throughput 20 busy users get) or a
random wait of up to ``--wait`` seconds. Target: ≥ 60 requests/s, p95 ≤ 400 ms, 0 errors. Prints the data
size, the server's process count, the machine and its load average before the run with every figure.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from load_cpu import CpuMeter, process_tree  # noqa: E402
from machine import describe  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shoudi_load"
DATA_DIR = Path("/tmp/shoudi-load")
COUNTY = "520628"  # 松桃苗族自治县
PASSWORD = "Load-bench-2026!qz"  # set on the benchmark's own accounts only
TARGETS = {"rps": 60.0, "p95_ms": 400.0}
VENV_BIN = Path(sys.executable).parent


def database(url: str, *, fresh: bool) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def django_setup(url: str) -> None:
    os.environ["SHOUDI_DEBUG"] = "1"  # this process only prepares data; the server below runs without DEBUG
    os.environ["SHOUDI_DATA_DIR"] = str(DATA_DIR)
    os.environ["SHOUDI_DATABASE_URL"] = url
    os.environ.setdefault("SHOUDI_LOG_LEVEL", "WARNING")
    os.environ["SHOUDI_DB_STATEMENT_TIMEOUT"] = "0"  # generating a county runs statements longer than the web's
    os.environ["SHOUDI_DB_LOCK_TIMEOUT"] = "0"  # limits (0: none); the server below keeps the defaults
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def generate(households: int, seed: int) -> str:
    """The county and ~3% of its households as monitoring cases (2/3 open at every step, 1/3 eliminated)."""
    from django.db import connection
    from monitoring import make_cases  # the monitoring benchmark's bulk cases

    from shoudi.core.access import in_area
    from shoudi.registry.models import Household
    from shoudi.synth.writer import write_county

    done = []
    have = Household.objects.filter(in_area("village_id", COUNTY)).count()
    if have < households:
        started = time.perf_counter()
        write_county(COUNTY, households, seed, replace=bool(have))
        done.append(f"生成 {households:,} 户 {time.perf_counter() - started:.0f} 秒")
    cases = round(households * 0.03)
    made = make_cases(COUNTY, cases * 2 // 3, cases - cases * 2 // 3, seed)
    done.append(made)
    if not made.startswith("已有") or len(done) > 1:
        with connection.cursor() as cur:  # what autovacuum does on a live database: statistics, visibility map
            cur.execute("VACUUM ANALYZE")
    return "；".join(done)


def personas(n_users: int, seed: int) -> list[dict[str, Any]]:
    """``n_users`` accounts of real roles: 10% county officers, 30% township reviewers, the rest village
    contacts, on the townships and villages with the most open cases; with what each will ask for."""
    import random

    from django.db.models import Count

    from shoudi.accounts.models import User
    from shoudi.accounts.roles import Role
    from shoudi.core.access import in_area
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import Household, Person

    rnd = random.Random(seed)
    open_cases = Case.objects.filter(in_area("village_id", COUNTY), is_open=True)
    villages = [
        r["village_id"] for r in open_cases.values("village_id").annotate(n=Count("id")).order_by("-n", "village_id")
    ]
    townships = sorted({v[:9] for v in villages}, key=lambda t: -sum(v.startswith(t) for v in villages))
    n_county = max(1, n_users // 10)
    n_township = max(1, n_users * 3 // 10)
    plan = [(Role.COUNTY_OFFICER, COUNTY)] * n_county
    plan += [(Role.TOWNSHIP_REVIEWER, townships[i % len(townships)]) for i in range(n_township)]
    plan += [(Role.VILLAGE_CONTACT, villages[i % len(villages)]) for i in range(n_users - n_county - n_township)]
    result = []
    for i, (role, area) in enumerate(plan):
        username = f"load_{i:02d}_{area}"
        user, _ = User.objects.update_or_create(
            username=username, defaults={"role": role, "area_id": area, "full_name": f"压测{i:02d}", "is_active": True}
        )
        user.set_password(PASSWORD)
        user.must_change_password = False
        user.save()
        cases = list(Case.objects.filter(in_area("village_id", area)).order_by("?").values_list("id", flat=True)[:100])
        households = list(
            Household.objects.filter(in_area("village_id", area)).order_by("?").values_list("id", "number")[:100]
        )
        names = list(
            Person.objects.filter(in_area("household__village_id", area))
            .order_by("?")
            .values_list("name", flat=True)[:100]
        )
        area_households = Household.objects.filter(in_area("village_id", area)).count()
        result.append(
            {
                "username": username,
                "password": PASSWORD,
                "role": str(role),
                "area": area,
                "villages": sorted({v for v in villages if v.startswith(area)})[:20],
                "last_page": max(1, (area_households + 19) // 20),
                "cases": [str(c) for c in cases],
                "households": [str(h) for h, _ in households],
                # a surname with the first given character (张伟 → 张伟…), a household-number fragment
                "searches": [name[:2] for name in names[:50]] + [num[:14] for _, num in households[:50]],
            }
        )
    rnd.shuffle(result)
    return result


def data_size() -> str:
    from shoudi.core.access import in_area
    from shoudi.monitoring.models import Case
    from shoudi.registry.models import FinanceRecord, Household, Person

    households = Household.objects.filter(in_area("village_id", COUNTY)).count()
    cases = Case.objects.filter(in_area("village_id", COUNTY))
    return (
        f"数据: 县 {COUNTY} {households:,} 户 · {Person.objects.count():,} 人 · "
        f"{FinanceRecord.objects.count():,} 条收支记录 · 监测对象 {cases.count():,}（在办 {cases.filter(is_open=True).count():,}）"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SHOUDI_")}
    env.update(
        SHOUDI_DATABASE_URL=url,
        SHOUDI_DATA_DIR=str(DATA_DIR),
        SHOUDI_SECRET_KEY=secrets.token_urlsafe(50),
        SHOUDI_ALLOWED_HOSTS="127.0.0.1,localhost",
        SHOUDI_SECURE_COOKIES="0",
        SHOUDI_LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="shoudi.settings",
    )
    return env


def start_server(env: dict[str, str], port: int, workers: int, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    """``shoudi serve --no-worker`` when the project has it, else gunicorn with the same kind of config."""
    log = open(DATA_DIR / "server.log", "wb")  # noqa: SIM115 - lives as long as the server
    serve = ROOT / "src/shoudi/core/management/commands/serve.py"
    bind = f"127.0.0.1:{port}"
    if serve.exists():
        command = [str(VENV_BIN / "shoudi"), "serve", "--no-worker", "--bind", bind]
        if workers:
            command += ["--workers", str(workers)]
        if threads:
            command += ["--threads", str(threads)]
    else:
        command = [str(VENV_BIN / "gunicorn"), "shoudi.wsgi:application", "--bind", bind]
        command += ["--workers", str(workers or 4), "--threads", str(threads or 2)]
        command += ["--access-logfile", "/dev/null", "--log-level", "warning"]
    proc = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"服务未能启动: {' '.join(command)}\n{(DATA_DIR / 'server.log').read_text()[-2000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc, " ".join(command)
        except OSError:
            time.sleep(0.3)
    raise SystemExit("服务 60 秒内未能监听端口")


def warm_up(base: str) -> None:
    """One request to each worker's first page, so start-up is not in the figures."""
    import urllib.request

    for _ in range(8):
        try:
            urllib.request.urlopen(f"{base}/accounts/login/", timeout=30).read()
        except OSError:
            time.sleep(0.5)


def seconds(text: str) -> int:
    """``30s``, ``5m``, ``1h30m`` or plain seconds."""
    total, number = 0, ""
    for char in text.strip():
        if char.isdigit():
            number += char
        else:
            total += int(number) * {"s": 1, "m": 60, "h": 3600}[char]
            number = ""
    return total + int(number or 0)


def run_locust(base: str, args: argparse.Namespace, personas_file: Path) -> Path:
    results = DATA_DIR / "pages.json"
    results.unlink(missing_ok=True)
    (DATA_DIR / "started").unlink(missing_ok=True)
    env = dict(
        os.environ,
        SHOUDI_LOAD_PERSONAS=str(personas_file),
        SHOUDI_LOAD_WAIT=str(args.wait),
        SHOUDI_LOAD_RESULTS=str(results),
        SHOUDI_LOAD_SECONDS=str(seconds(args.run_time)),
        SHOUDI_LOAD_STARTED=str(DATA_DIR / "started"),
    )
    command = [str(VENV_BIN / "locust"), "-f", str(ROOT / "benchmarks/load_locustfile.py"), "--headless"]
    command += ["--users", str(args.users), "--spawn-rate", str(args.users), "--run-time", "2h"]
    command += ["--host", base, "--only-summary", "--stop-timeout", "10", "--loglevel", "WARNING"]
    with open(DATA_DIR / "locust.log", "wb") as log:
        subprocess.run(command, env=env, check=False, stdout=log, stderr=subprocess.STDOUT)
    if not results.exists():
        raise SystemExit(f"locust 未写出结果，见 {DATA_DIR / 'locust.log'}")
    return results


def report(results: Path, cpu: dict[str, float]) -> bool:
    from machine import percentile

    pages = json.loads(results.read_text(encoding="utf-8"))
    if not pages:
        raise SystemExit(f"没有页面请求（登录失败？），见 {DATA_DIR / 'locust.log'}")
    by_name: dict[str, list[tuple[str, float, float, str]]] = {}
    for page in pages:
        by_name.setdefault(page[0], []).append(page)
    window = max(p[1] + p[2] / 1000 for p in pages) - min(p[1] for p in pages)

    def line(label: str, rows: list[tuple[str, float, float, str]]) -> tuple[float, float, int]:
        times = [r[2] for r in rows]
        errors = sum(1 for r in rows if r[3])
        rps, p95 = len(rows) / window, percentile(times, 0.95)
        print(
            f"{label:<16} {len(rows):>7} {errors:>5} {rps:8.1f} {percentile(times, 0.5):7.0f} {p95:7.0f} "
            f"{percentile(times, 0.99):7.0f} {max(times):7.0f}"
        )
        return rps, p95, errors

    print(f"\n{'页面':<14} {'请求':>6} {'错误':>4} {'请求/秒':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'最大':>6} (ms)")
    for name in sorted(by_name):
        line(name, by_name[name])
    rps, p95, errors = line("合计", pages)
    messages: dict[str, int] = {}
    for page in pages:
        if page[3]:
            messages[f"{page[0]}: {page[3][:160]}"] = messages.get(f"{page[0]}: {page[3][:160]}", 0) + 1
    for message, n in sorted(messages.items(), key=lambda m: -m[1])[:15]:
        print(f"  错误 × {n}: {message}")
    n = len(pages)
    print(
        f"CPU（不含登录，{n:,} 个页面请求）: 网页服务 {cpu['server'] * 1000 / n:.1f} ms/请求，"
        f"PostgreSQL {cpu['postgres'] * 1000 / n:.1f} ms/请求；整机 CPU 忙 {cpu['machine_busy']:.0%}"
    )
    ok = rps >= TARGETS["rps"] and p95 <= TARGETS["p95_ms"] and errors == 0
    print(
        f"目标 ≥ {TARGETS['rps']:.0f} 请求/秒、p95 ≤ {TARGETS['p95_ms']:.0f} ms、0 错误: {'达标' if ok else '未达标'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("SHOUDI_LOAD_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--reuse", action="store_true", help="保留已有数据库与数据，只启动服务并施压")
    parser.add_argument("--households", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--users", type=int, default=20, help="并发用户数")
    parser.add_argument("--run-time", default="5m", help="施压时长（locust 格式：30s、5m）")
    parser.add_argument("--wait", type=float, default=0.0, help="每次请求后的思考时间上限（秒），0 为闭环")
    parser.add_argument("--workers", type=int, default=0, help="服务进程数（缺省：shoudi serve 或 4）")
    parser.add_argument("--threads", type=int, default=0, help="每进程线程数（缺省：shoudi serve 或 2）")
    parser.add_argument("--prepare-only", action="store_true", help="只准备数据与账号，不施压")
    args = parser.parse_args()

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    database(args.database_url, fresh=not args.reuse)
    started = time.perf_counter()
    django_setup(args.database_url)
    made = generate(args.households, args.seed)
    people = personas(args.users, args.seed)
    personas_file = DATA_DIR / "personas.json"
    personas_file.write_text(json.dumps(people, ensure_ascii=False, indent=1))
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    from django.db import connections

    connections.close_all()
    print("== 负载基准 (benchmarks/load.py) ==")
    print(data_size() + f"；准备 {time.perf_counter() - started:.0f} 秒（{made}）")
    roles: dict[str, int] = {}
    for p in people:
        roles[p["role"]] = roles.get(p["role"], 0) + 1
    print("用户: " + "，".join(f"{role} {n}" for role, n in roles.items()))
    connections.close_all()
    if args.prepare_only:
        return

    port = free_port()
    proc, command = start_server(server_env(args.database_url), port, args.workers, args.threads)
    try:
        base = f"http://127.0.0.1:{port}"
        warm_up(base)
        print(f"服务: {command} · {len(process_tree(proc.pid))} 个进程（含主进程）· DEBUG 关闭")
        wait = "闭环，无思考时间" if args.wait == 0 else f"每次请求后随机等待 0–{args.wait} 秒"
        print(f"施压: locust {args.users} 个并发用户，{wait}，时长 {args.run_time}")
        print(describe() + f"（1/5/15 分钟: {' '.join(f'{x:.2f}' for x in os.getloadavg())}）")
        meter = CpuMeter(proc, args.database_url, DATA_DIR / "started")
        results = run_locust(base, args, personas_file)
        cpu = meter.finish()
        print(f"施压结束时系统负载: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    ok = report(results, cpu)
    print(f"服务日志: {DATA_DIR / 'server.log'} · locust 日志: {DATA_DIR / 'locust.log'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
