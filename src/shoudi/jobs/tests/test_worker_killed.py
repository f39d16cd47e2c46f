"""A real ``shoudi worker`` process killed (SIGKILL) in the middle of a job: the job is recovered and finishes.

The worker runs as a separate process on the test database (PostgreSQL: another process can reach it). To kill it
at a known point, the test holds a lock on the households table, so the export job waits inside its runner
— claimed, "running" — until the kill.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from shoudi.jobs.lifecycle import HOST
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit, jobs_recover
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
WAIT_SECONDS = 120  # an upper bound for a busy machine, not a measured expectation


def _url() -> str:
    params = connection.get_connection_params()
    auth = params.get("user", "") + (f":{params['password']}" if params.get("password") else "")
    return f"postgres://{auth}@{params.get('host') or '127.0.0.1'}:{params.get('port') or 5432}/{params['dbname']}"


def _wait_until(condition, what: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if proc.poll() is not None:
            raise AssertionError(f"the worker exited before {what}: {proc.stderr.read() if proc.stderr else ''}")
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.2)


def test_a_killed_worker_process_leaves_a_job_that_is_recovered_and_finished(settings, tmp_path, county):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    household_with_members(VILLAGE_A, size=2)
    params = connection.get_connection_params()
    holder = psycopg.connect(**{k: v for k, v in params.items() if k in ("dbname", "user", "password", "host", "port")})
    holder.execute("LOCK TABLE registry_household IN ACCESS EXCLUSIVE MODE")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shoudi.settings",
        "SHOUDI_DATABASE_URL": _url(),
        "SHOUDI_DATA_DIR": str(tmp_path),
        "SHOUDI_SECRET_KEY": "shoudi-test-suite-not-a-secret",
        "SHOUDI_WORKER_LOCK_TIMEOUT": "600",  # it waits for the test's lock until it is killed
    }
    args = [sys.executable, "-m", "shoudi", "worker", "--no-startup-delay", "--no-reload", "--interval", "0.2"]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        job = job_submit(
            by=county,
            kind=Job.Kind.EXPORT_HOUSEHOLDS,
            area_code=county.area_id,
            params={"area": county.area_id, "format": "csv"},
        )
        _wait_until(lambda: Job.objects.get(pk=job.pk).status == Job.Status.RUNNING, "the job to start", proc)
        proc.kill()  # SIGKILL: no handler runs, nothing is recorded
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        holder.rollback()
        holder.close()
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and job.worker == f"{HOST}:{proc.pid}"  # what the crash left

    assert [j.pk for j in jobs_recover()] == [job.pk]  # what the next worker does first
    job.refresh_from_db()
    assert job.status == Job.Status.QUEUED and job.phase == "运行中断，已重新排队"
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "-v0", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.attempts == 2 and job.result["persons"] == 2


def test_the_heartbeat_thread_also_recovers_while_the_worker_is_busy_or_idle(monkeypatch):
    """Recovery does not wait for the worker's loop: its heartbeat thread runs it every RECOVER_SECONDS."""
    import threading

    from shoudi.jobs import worker
    from shoudi.jobs.models import WorkerBeat

    recovered = threading.Event()
    monkeypatch.setattr(worker, "recover", recovered.set)
    beat = worker.Heartbeat("test-host:1", interval=0.05, recover_every=0.05)
    beat.start()
    try:
        assert recovered.wait(WAIT_SECONDS)
    finally:
        beat.stop()
        beat.join(WAIT_SECONDS)
    assert WorkerBeat.objects.filter(worker="test-host:1").exists()
