"""Province screening in a database (benchmarks/screening.py province --database-url …): the province of
``synth province`` and its feed rows loaded into PostgreSQL by ``synth load-province --feeds``, then
``shoudi screen run --area 52`` timed phase by phase (snapshot out of PostgreSQL, rules, leads written through
the monitoring module), with DuckDB and/or Spark — Spark on a standalone cluster (a master and two workers on
127.0.0.1) that this module starts and stops. With two engines the evidence each produced is compared."""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from io import StringIO
from pathlib import Path
from typing import Any


def add_arguments(p: argparse.ArgumentParser) -> None:
    """The province mode's options for the database run."""
    p.add_argument(
        "--database-url", help="载入该 PostgreSQL 数据库后用 shoudi screen run 筛查（--out 下为 data/、feeds.parquet）"
    )
    p.add_argument("--recreate", action="store_true", help="先删除并重建 --database-url 的数据库")
    p.add_argument("--engines", default="duckdb", help="--database-url 时依次运行的引擎，如 duckdb,spark")
    p.add_argument(
        "--spark-master", default="local[2]", help="Spark 地址；cluster：在本机启动 1 个 master 和 2 个 worker"
    )
    p.add_argument("--spark-worker-memory", default="3g")


def load() -> str:
    return f"负载 {os.getloadavg()[0]:.2f}"


def _admin(url: str) -> tuple[Any, str]:
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    return psycopg.connect(admin, autocommit=True), name


def database_ready(url: str, recreate: bool) -> bool:
    """Create the database when it is missing (drop it first with ``recreate``); True when it was made."""
    con, name = _admin(url)
    with con:
        exists = con.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        if exists and not recreate:
            return False
        if exists:
            con.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        con.execute(f'CREATE DATABASE "{name}"')
    return True


def prepare(url: str, data: Path, feeds: Path, province: str, as_of: str, recreate: bool) -> None:
    """The database with the province and its feed rows (loaded once; later runs find them)."""
    import django_env

    made = database_ready(url, recreate)
    django_env.setup(url, None, prefix="shoudi-bench-province-", migrate=False)
    from django.core.management import call_command

    if made:
        call_command("createcachetable", verbosity=0)  # the policy migration clears the cache
        call_command("migrate", verbosity=0)
        call_command("regions", "load", "--province", province, stdout=StringIO())
    else:
        call_command("migrate", verbosity=0)
    from shoudi.core.access import in_area
    from shoudi.feeds.models import FeedRecord
    from shoudi.registry.models import Household

    if not Household.objects.filter(in_area("village_id", province)).exists():
        started, out = time.perf_counter(), StringIO()
        args = ["--from", str(data), "--feeds", str(feeds), "--as-of", as_of]
        call_command("synth", "load-province", *args, stdout=out)
        print(out.getvalue().strip())
        print(f"载入数据库: {time.perf_counter() - started:.1f} 秒（不计入筛查用时）")
    elif not FeedRecord.objects.filter(batch__area_id=province).exists():
        started, out = time.perf_counter(), StringIO()
        call_command("synth", "load-feeds", "--file", str(feeds), "--province", province, stdout=out)
        print(out.getvalue().strip(), f"用时 {time.perf_counter() - started:.1f} 秒（不计入筛查用时）")
    from shoudi.synth.feeds_loader import analyze_feeds

    analyze_feeds()  # a database loaded before the loader analysed its feed tables has no statistics for them


def clear(area: str) -> None:
    """Forget the area's screenings (runs, hits, tracks, their leads and audit entries), set-based."""
    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.core.models import AuditEntry
    from shoudi.monitoring.models import Lead
    from shoudi.screening.models import LeadEvidence, RegisterUpdate, RunHit, ScreeningLead, ScreeningRun
    from shoudi.synth.loader import purge

    leads = Lead.objects.filter(in_area("village_id", area), external_ref__startswith="screening:")
    sql, params = leads.values_list("pk").query.sql_with_params()
    with connection.cursor() as cur:  # object_id is text: the lead keys as text, set-based
        cur.execute(
            f"DELETE FROM {AuditEntry._meta.db_table} WHERE object_type = 'lead' AND object_id IN "
            f"(SELECT CAST(k.key AS text) FROM ({sql}) AS k (key))",
            params,
        )
    purge(LeadEvidence.objects.filter(screening_lead__lead__in=leads))
    purge(ScreeningLead.objects.filter(lead__in=leads))
    purge(leads)
    purge(RunHit.objects.filter(run__area_id=area))
    purge(RegisterUpdate.objects.filter(in_area("village_id", area)))
    purge(ScreeningRun.objects.filter(area_id=area))
    if connection.vendor == "postgresql":
        # What autovacuum does on a production server (it is off on the benchmark machines): the deleted rows'
        # space and index entries reclaimed, statistics fresh — else the next run inserts into bloated indexes.
        tables = (Lead, AuditEntry, ScreeningLead, LeadEvidence, RunHit, RegisterUpdate, ScreeningRun)
        names = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in tables)
        with connection.cursor() as cur:
            cur.execute(f"VACUUM (ANALYZE) {names}")


@contextlib.contextmanager
def phases() -> Iterator[dict[str, Any]]:
    """Time the phases of ``run_execute`` (snapshot, rules, writing) and keep the evidence of the rules."""
    from shoudi.core import bulk
    from shoudi.monitoring import bulk_leads
    from shoudi.screening import engines, findings, linkage, services, snapshot

    seen: dict[str, Any] = {"seconds": {}}
    originals = {
        (services, "compute"): "读取和规则合计",
        (snapshot, "read"): "快照读取",
        (engines, "evaluate"): "规则计算",
        (services, "apply"): "写入合计",
        (findings, "hits"): "  命中和证据文字",
        (findings, "_write_leads"): "  线索",
        (findings, "leads_from_screening"): "    监测模块建线索",
        (bulk_leads, "insert_columns"): "  写行（COPY，各表合计）",
        (bulk, "insert_columns"): "  写行（COPY，各表合计）",
        (findings, "_write_register_updates"): "  户籍变动待办",
        (linkage, "candidates_for_area"): "模糊匹配候选",
    }
    saved = {key: getattr(*key) for key in originals}

    def timed(fn: Callable[..., Any], label: str) -> Callable[..., Any]:
        def wrapper(*a: Any, **kw: Any) -> Any:
            started = time.perf_counter()
            result = fn(*a, **kw)
            seen["seconds"][label] = seen["seconds"].get(label, 0.0) + time.perf_counter() - started
            if label == "规则计算":
                seen["evidence"] = result[0]
            return result

        return wrapper

    for (module, name), label in originals.items():
        setattr(module, name, timed(saved[(module, name)], label))
    try:
        yield seen
    finally:
        for (module, name), fn in saved.items():
            setattr(module, name, fn)


def screen(area: str, as_of: str, engine: str, master: str) -> dict[str, Any]:
    """``shoudi screen run`` as a county runs it, timed; returns its phases, evidence and output."""
    from django.core.management import call_command

    out = StringIO()
    with phases() as seen:
        started = time.perf_counter()
        args = ["run", "--area", area, "--as-of", as_of, "--engine", engine, "--spark-master", master]
        call_command("screen", *args, stdout=out)
        seen["total"] = time.perf_counter() - started
    seen["output"] = out.getvalue()
    return seen


# ---- Spark standalone cluster ------------------------------------------------------------------------------


def _wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.5)
    raise RuntimeError(f"Spark 端口 {port} 在 {seconds:.0f} 秒内未就绪")


@contextlib.contextmanager
def spark_cluster(workers: int = 2, cores: int = 1, memory: str = "3g") -> Iterator[str]:
    """A master and ``workers`` workers on 127.0.0.1 (pyspark's ``spark-class``: the pip package has no
    sbin/start-master.sh), stopped at the end whatever happens."""
    import pyspark

    home = Path(pyspark.__file__).parent
    env = dict(os.environ, SPARK_HOME=str(home), SPARK_LOCAL_IP="127.0.0.1", PYSPARK_PYTHON=sys.executable)
    logs = Path(tempfile.mkdtemp(prefix="shoudi-spark-cluster-"))
    spark_class = str(home / "bin" / "spark-class")
    procs: list[subprocess.Popen[bytes]] = []
    # The screening's SparkSession (started later in this process) asks each worker for most of its memory.
    executor_mb = max(512, int(float(memory.rstrip("gG")) * 1024) - 512) if memory[-1] in "gG" else 1024
    os.environ["PYSPARK_SUBMIT_ARGS"] = f"--driver-memory 4g --executor-memory {executor_mb}m pyspark-shell"
    try:
        master = ["org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "7077"]
        procs.append(_start(spark_class, [*master, "--webui-port", "8080"], env, logs / "master.log"))
        _wait_port(7077)
        for n in range(workers):
            args = ["org.apache.spark.deploy.worker.Worker", "spark://127.0.0.1:7077", "--host", "127.0.0.1"]
            args += ["--cores", str(cores), "--memory", memory, "--webui-port", str(8081 + n)]
            args += ["--work-dir", str(logs / f"work-{n}")]
            procs.append(_start(spark_class, args, env, logs / f"worker-{n}.log"))
        _wait_workers(workers)
        yield "spark://127.0.0.1:7077"
    finally:
        from shoudi.screening.engines import stop_spark

        stop_spark()
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(logs, ignore_errors=True)


def _start(spark_class: str, args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([spark_class, *args], env=env, stdout=out, stderr=subprocess.STDOUT)


def _wait_workers(n: int, seconds: float = 90) -> None:
    import json
    import urllib.request

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            with urllib.request.urlopen("http://127.0.0.1:8080/json/", timeout=2) as page:
                alive = [w for w in json.load(page).get("workers", []) if w.get("state") == "ALIVE"]
            if len(alive) >= n:
                return
        time.sleep(1)
    raise RuntimeError(f"{n} 个 Spark worker 在 {seconds:.0f} 秒内未注册到 master")


def compare(first: Any, second: Any) -> tuple[int, int, int, int, bool]:
    """(pairs, pairs, rows, rows, identical) of two evidence tables: the (household, rule) sets and every
    evidence row (all columns) as a set."""
    import pyarrow.compute as pc

    def pairs(t: Any) -> set[tuple[str, str]]:
        return set(zip(t["household_id"].to_pylist(), t["rule"].to_pylist(), strict=True))

    def rows(t: Any) -> set[tuple[Any, ...]]:
        cols = sorted(t.column_names)
        return set(zip(*(pc.cast(t[c], "string").to_pylist() for c in cols), strict=True))

    a, b = pairs(first), pairs(second)
    ra, rb = rows(first), rows(second)
    return len(a), len(b), len(ra), len(rb), a == b and ra == rb


def peak_gib() -> tuple[float, float]:
    """Peak resident memory of this process and of its finished children (GiB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    return own, children


# ---- the benchmark (benchmarks/screening.py province --database-url …) ----------------------------------------


def province_in_database(args: argparse.Namespace) -> None:
    """The province loaded into PostgreSQL, then ``shoudi screen run --area`` per engine, timed by phase."""
    from machine import describe
    from screening_data import AS_OF, province_feeds

    out = Path(args.out)
    data, feeds = out / "data", out / "feeds.parquet"
    print(describe())
    if not (data / "persons").exists():
        started = time.perf_counter()
        sys.stdout.flush()
        os.system(
            f"SHOUDI_DEBUG=1 {sys.executable} -m shoudi synth province --persons {args.persons} --out {data} --province {args.province}"
        )
        print(f"生成省级模拟数据: {time.perf_counter() - started:.1f} 秒（不计入筛查用时）")
    if not feeds.exists():
        started = time.perf_counter()
        n = province_feeds(str(data), args.feed_rows, str(feeds))
        print(f"生成部门数据文件 {feeds}: {n:,} 行，{time.perf_counter() - started:.1f} 秒（不计入筛查用时）")
    prepare(args.database_url, data, feeds, args.province, AS_OF.isoformat(), args.recreate)
    from django.db import connection

    from shoudi.core.access import in_area
    from shoudi.feeds.models import FeedRecord
    from shoudi.registry.models import Household, Person

    area = args.province
    n_h = Household.objects.filter(in_area("village_id", area)).count()
    n_p = Person.objects.filter(in_area("household__village_id", area)).count()
    n_f = FeedRecord.objects.filter(batch__area_id=area).count()
    with connection.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cur.fetchone()[0]
    print(f"数据库 {connection.settings_dict['NAME']}（{size}）: {n_p:,} 人 · {n_h:,} 户 · {n_f:,} 条部门数据")
    evidence: dict[str, Any] = {}
    for engine in args.engines.split(","):
        clear(area)  # every run writes all its leads, as a first screening of the province would
        cluster = engine == "spark" and args.spark_master == "cluster"
        with spark_cluster(memory=args.spark_worker_memory) if cluster else _master(args.spark_master) as master:
            seen = screen(area, AS_OF.isoformat(), engine, master)
        evidence[engine] = seen["evidence"]
        shown = "，".join(f"{k.strip()} {v:.1f} 秒" for k, v in seen["seconds"].items())
        lines = seen["output"].strip().splitlines()
        print(
            f"  {engine}{'（Spark 集群 ' + master + '，2 个 worker）' if cluster else ''}: 端到端 {seen['total']:.1f} 秒（{shown}）（{load()}）"
        )
        print(f"    {lines[0]}")
        print(f"    {lines[-1]}")
        own, children = peak_gib()
        print(f"    峰值内存：本进程 {own:.2f} GiB，子进程 {children:.2f} GiB")
    if len(evidence) > 1:
        (e1, t1), (e2, t2) = list(evidence.items())[:2]
        p1, p2, r1, r2, same = compare(t1, t2)
        print(
            f"  线索比较 {e1} 对 {e2}: （户·规则）{p1:,} 对 {p2:,}；证据行 {r1:,} 对 {r2:,}；identical: {'yes' if same else 'no'}"
        )


@contextlib.contextmanager
def _master(master: str) -> Any:
    yield master
