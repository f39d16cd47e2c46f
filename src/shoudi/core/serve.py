"""``shoudi serve``: the production web server (gunicorn) and the task worker, started and stopped together.

Gunicorn runs as its own command line (``python -m gunicorn … shoudi.wsgi:application``) rather than through its
Python API in this process: its arbiter owns the process's signals and reaps every child with ``waitpid(-1)``, so
a task worker started inside it would be reaped by the arbiter, not supervised. Here a small supervisor starts
two children — the gunicorn arbiter and ``shoudi worker`` — forwards SIGTERM/SIGINT to both, and when either one
dies stops the other and exits non-zero, so systemd (``Restart=on-failure``) or the operator sees the failure.
With ``--no-worker`` (the worker has its own systemd unit) there is nothing to supervise: the process becomes
gunicorn (``exec``), so systemd's signals reach the arbiter directly.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

DEFAULT_BIND = "127.0.0.1:8000"
MAX_WORKERS = 12
MEMORY_PER_WORKER = 256 * 1024 * 1024  # a Django process of Shoudi with every app loaded, with room to grow


def cpu_count() -> int:
    """CPUs this process may run on (a container's or a systemd unit's CPU set, not the whole machine)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def default_workers(cpus: int | None = None, memory: int | None = None) -> int:
    """2 × CPUs + 1 (gunicorn's rule of thumb: one process computes while another waits on the database), at most
    ``MAX_WORKERS``, and no more than half the machine's memory holds."""
    cpus = cpu_count() if cpus is None else cpus
    workers = min(2 * cpus + 1, MAX_WORKERS)
    memory = memory_bytes() if memory is None else memory
    if memory:
        workers = min(workers, max(1, memory // 2 // MEMORY_PER_WORKER))
    return max(1, workers)


@dataclass(frozen=True)
class WebOptions:
    bind: str = DEFAULT_BIND
    workers: int = 0  # 0: default_workers()
    threads: int = 1  # Shoudi is CPU-bound in Python: a second thread per process only queued on the GIL (load
    # benchmark, 2 cores: 19 → 14–16 ms of CPU per request with one thread)
    timeout: int = 60
    graceful_timeout: int = 30
    max_requests: int = 5000
    max_requests_jitter: int = 500
    keep_alive: int = 5
    forwarded_allow_ips: str = "127.0.0.1,::1"


def _gunicorn_has(setting: str) -> bool:
    from gunicorn.config import KNOWN_SETTINGS

    return any(getattr(known, "name", None) == setting for known in KNOWN_SETTINGS)


def gunicorn_argv(options: WebOptions) -> list[str]:
    """The gunicorn command line: gthread workers (one thread by default; more when requests wait long on the
    database), recycled after ``max_requests`` ± jitter requests so a slow leak stays bounded and workers do not
    restart at once (forked from the preloaded master), the access log on stdout and the error log on stderr (journald keeps both)."""
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        options.bind,
        "--workers",
        str(options.workers or default_workers()),
        "--worker-class",
        "gthread",
        "--threads",
        str(options.threads),
        "--timeout",
        str(options.timeout),
        "--graceful-timeout",
        str(options.graceful_timeout),
        "--keep-alive",
        str(options.keep_alive),
        "--max-requests",
        str(options.max_requests),
        "--max-requests-jitter",
        str(options.max_requests_jitter),
        "--forwarded-allow-ips",
        options.forwarded_allow_ips,
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--name",
        "shoudi",
        # Django is imported once in the master and the workers forked from it: a recycled worker starts in
        # milliseconds instead of re-importing for a second or two of CPU (wsgi.py closes the master's connections)
        "--preload",
    ]
    if _gunicorn_has("control_socket_disable"):
        # gunicorn ≥ 25.1 opens a control socket in $HOME by default: two instances would share one path, and a
        # service account often has no writable home
        argv.append("--no-control-socket")
    return [*argv, "shoudi.wsgi:application"]


def worker_argv() -> list[str]:
    return [sys.executable, "-m", "shoudi", "worker", "--no-reload"]


def _die_with_parent() -> None:
    """In the child, before exec: receive SIGTERM when the supervisor dies, even by SIGKILL (Linux only)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


def supervise(
    children: dict[str, list[str]],
    *,
    grace: float = 40.0,
    say: Callable[[str], None] = print,
    poll: float = 0.2,
) -> int:
    """Run ``children`` until a signal arrives or one of them exits; then stop the rest (SIGTERM, SIGKILL after
    ``grace`` seconds). 0 after a requested stop in which every child exited cleanly, 1 otherwise."""
    received: list[int] = []

    def on_signal(signum: int, frame: FrameType | None) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
    procs: dict[str, subprocess.Popen[bytes]] = {}
    failed = ""
    try:
        for name, argv in children.items():
            # a process group of its own: Ctrl-C in a terminal reaches only this supervisor, which stops each
            # child once (a second signal would make the worker abandon its current job)
            procs[name] = subprocess.Popen(  # noqa: S603 - our own argv
                argv, stdin=subprocess.DEVNULL, process_group=0, preexec_fn=_die_with_parent
            )
            say(f"已启动 {name}（进程 {procs[name].pid}）")
        while not received and not failed:
            failed = next((name for name, proc in procs.items() if proc.poll() is not None), "")
            if not failed:
                time.sleep(poll)
        if failed:
            say(f"{failed} 已退出（退出码 {procs[failed].returncode}），正在停止其余进程")
        else:
            say(f"收到 {signal.Signals(received[0]).name}，正在停止 {'、'.join(procs)}")
        clean = _stop(procs, grace=grace, say=say)
    finally:
        for proc in procs.values():  # an exception above must not leave children behind
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 1 if failed or not clean else 0


def _stop(procs: dict[str, subprocess.Popen[bytes]], *, grace: float, say: Callable[[str], None]) -> bool:
    for proc in procs.values():
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace
    clean = True
    for name, proc in procs.items():
        try:
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            say(f"{name} 在 {grace:.0f} 秒内未退出，强制结束")
            proc.kill()
            proc.wait()
        # after a SIGTERM, exiting with SIGTERM's own status is a clean stop too
        clean = clean and proc.returncode in (0, -signal.SIGTERM, -signal.SIGINT)
    return clean
