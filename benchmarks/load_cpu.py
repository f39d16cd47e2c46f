"""CPU accounting for benchmarks/load.py: what the server's processes and the PostgreSQL backends of its
database spent during a run, and how busy the whole machine was (other work on a shared machine skews the
figures; this says by how much)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of ``pid`` and of its children it has reaped (recycled gunicorn workers)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return -1.0
    return sum(int(x) for x in fields[11:15]) / TICK


class CpuMeter:
    """CPU spent by the server's processes and by the PostgreSQL backends of its database during the run,
    sampled every second (a backend that closes keeps its last reading), and the busy share of the machine."""

    def __init__(self, server: subprocess.Popen[bytes], url: str, marker: Path | None = None) -> None:
        import threading

        self.server, self.url, self.dbname = server, url, url.rsplit("/", 1)[1]
        self.marker = marker
        self.seen: dict[tuple[str, int], float] = {}
        self.start = dict(self._read())
        self.machine_start = self._machine()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _pids(self) -> list[tuple[str, int]]:
        import psycopg

        url = self.url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(url, autocommit=True) as conn:
            rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.dbname]).fetchall()
        tree = [("server", pid) for pid in process_tree(self.server.pid)]
        return tree + [("postgres", int(pid)) for (pid,) in rows]

    def _read(self) -> list[tuple[tuple[str, int], float]]:
        return [(key, cpu) for key in self._pids() if (cpu := _cpu_seconds(key[1])) >= 0]

    @staticmethod
    def _machine() -> tuple[float, float]:
        values = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
        idle = values[3] + values[4]
        return sum(values) / TICK, idle / TICK

    def _loop(self) -> None:
        while not self.stop.wait(0.5):
            if self.marker and self.marker.exists():  # every user logged in: the measured window begins
                self.marker = None
                self.seen = {}
                self.start = dict(self._read())
                self.machine_start = self._machine()
            self.sample()

    def sample(self) -> None:
        for key, cpu in self._read():
            self.seen[key] = max(cpu, self.seen.get(key, 0.0))

    def finish(self) -> dict[str, float]:
        self.stop.set()
        self.thread.join()
        self.sample()
        total, idle = self._machine()
        spent = {"server": 0.0, "postgres": 0.0}
        for key, cpu in self.seen.items():
            if key[0] == "server" and key[1] == self.server.pid:
                continue  # the master's reading holds its reaped workers: counted below
            spent[key[0]] += cpu - self.start.get(key, 0.0)
        master = ("server", self.server.pid)
        spent["server"] += self.seen.get(master, 0.0) - self.start.get(master, 0.0)
        busy = (total - self.machine_start[0]) - (idle - self.machine_start[1])
        spent["machine_busy"] = busy / max(total - self.machine_start[0], 1e-9)
        return spent


def process_tree(root: int) -> list[int]:
    """``root`` and its descendants."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    todo, found = [root], []
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found
