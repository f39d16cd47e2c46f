"""``shoudi serve`` in production mode (DEBUG off) against a fresh SQLite database: the login page and the static
files answer over HTTP through gunicorn, the task worker runs beside it (its heartbeat reaches the database), and
one SIGTERM stops both. The supervisor alone (no Django): when one child dies the other is stopped and serve
exits non-zero."""

from __future__ import annotations

import io
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

from shoudi.core import serve
from shoudi.jobs.models import WorkerBeat

# The schema straight from the models (as the test suite builds its own): the full migration history takes
# minutes on a loaded machine and is not what this test is about.
SCHEMA = textwrap.dedent(
    """
    import django
    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    class NoMigrations(dict):
        def __contains__(self, app):
            return True
        def __getitem__(self, app):
            return None

    settings.MIGRATION_MODULES = NoMigrations()
    call_command("migrate", run_syncdb=True, interactive=False, verbosity=0)
    """
)
STATIC = Path(__file__).resolve().parents[2] / "static" / "shoudi" / "site.css"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - our own server on 127.0.0.1
        return response.status, response.read()


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def _env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shoudi.settings",
        "SHOUDI_DEBUG": "0",
        "SHOUDI_SECRET_KEY": "test-serve-not-a-secret",
        "SHOUDI_ALLOWED_HOSTS": "127.0.0.1",
        "SHOUDI_SECURE_COOKIES": "0",
        "SHOUDI_DATA_DIR": str(tmp_path),
        "SHOUDI_DATABASE_URL": f"sqlite:///{tmp_path / 'shoudi.sqlite3'}",
    }


@pytest.fixture
def production_env(tmp_path):
    env = _env(tmp_path)
    done = subprocess.run([sys.executable, "-c", SCHEMA], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return env


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc (Linux)")
def test_serve_answers_pages_and_static_files_runs_the_worker_and_stops_on_sigterm(production_env, tmp_path):
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "shoudi", "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        env=production_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 300  # a safety net, not a timing: loaded CI machines are slow
        status, page = 0, b""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, page = _get(f"http://127.0.0.1:{port}/accounts/login/")
                break
            except OSError:
                time.sleep(0.3)
        log.seek(0)
        assert status == 200, log.read()[-3000:]
        assert "登录" in page.decode()

        status, css = _get(f"http://127.0.0.1:{port}/static/shoudi/site.css")
        assert status == 200 and css == STATIC.read_bytes()
        assert (tmp_path / "static" / "shoudi" / "site.css").exists()  # collected for an nginx alias

        children = _children(proc.pid)
        commands = {pid: Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") for pid in children}
        assert sorted(b"gunicorn" in argv for argv in commands.values()) == [False, True], commands
        assert any(b"worker" in argv for argv in commands.values()), commands
        table = WorkerBeat._meta.db_table
        with sqlite3.connect(tmp_path / "shoudi.sqlite3") as db:
            while time.monotonic() < deadline and not db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]:  # noqa: S608
                time.sleep(0.3)
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == 1  # noqa: S608

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 0
        assert not [pid for pid in children if _alive(pid)]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        log.close()


def _sleeper(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def test_when_one_child_dies_the_other_is_stopped_and_serve_fails():
    said: list[str] = []
    started = time.monotonic()
    code = serve.supervise(
        {
            "web": _sleeper("import time; time.sleep(120)"),
            "worker": _sleeper("import sys, time; time.sleep(0.5); sys.exit(3)"),
        },
        grace=30,
        say=said.append,
    )
    assert code == 1
    assert any("worker 已退出（退出码 3）" in line for line in said), said
    assert time.monotonic() - started < 60  # the web child was stopped, not waited out


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    said: list[str] = []
    ready = tmp_path / "ignoring"
    code = serve.supervise(
        {
            "stubborn": _sleeper(
                f"import pathlib, signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                f"pathlib.Path({str(ready)!r}).touch(); time.sleep(120)"
            ),
            "worker": _sleeper(
                f"import pathlib, time\nwhile not pathlib.Path({str(ready)!r}).exists(): time.sleep(0.05)"
            ),
        },
        grace=1,
        say=said.append,
    )
    assert code == 1
    assert any("stubborn 在 1 秒内未退出，强制结束" in line for line in said), said


def test_default_workers_follow_the_cpus_and_the_memory():
    gib = 1024**3
    assert serve.default_workers(cpus=2, memory=16 * gib) == 5
    assert serve.default_workers(cpus=32, memory=64 * gib) == serve.MAX_WORKERS
    assert serve.default_workers(cpus=8, memory=1 * gib) == 2  # half of 1 GiB holds two 256 MiB processes


def test_serve_prints_the_gunicorn_command_with_the_bind_from_the_environment(monkeypatch):
    monkeypatch.setenv("SHOUDI_BIND", "127.0.0.1:8123")
    out = io.StringIO()
    call_command("serve", "--print", "--no-worker", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1 and "gunicorn --bind 127.0.0.1:8123" in lines[0] and "shoudi.wsgi:application" in lines[0]
    assert "--max-requests-jitter" in lines[0]
