"""``shoudi worker`` runs queued jobs from the database backend (as in production)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit
from shoudi.testing.factories import VILLAGE_A, household_with_members

# The worker closes its database connection between tasks, as in production; inside a test transaction that
# would end the test's own transaction on PostgreSQL, so this test commits for real (and is flushed after).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def database_backend(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_export_waits_for_the_worker_and_then_runs(database_backend, county):
    household_with_members(VILLAGE_A, size=2)
    job = job_submit(
        by=county,
        kind=Job.Kind.EXPORT_HOUSEHOLDS,
        area_code=county.area_id,
        params={"area": county.area_id, "format": "xlsx"},
    )
    job.refresh_from_db()
    assert job.status == "queued"  # nothing runs until a worker picks it up
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "-v0", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == "done" and job.result["persons"] == 2 and job.result_file
    assert job.started_at <= job.finished_at


def _dead_pid() -> int:
    """The pid of a process that has ended (as after a crash or kill -9)."""
    import subprocess

    proc = subprocess.Popen(["true"])
    proc.wait()
    return proc.pid


def _run_worker() -> str:
    out = io.StringIO()
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", "-v0", stdout=out)
    return out.getvalue()


def _export(county) -> Job:
    household_with_members(VILLAGE_A, size=2)
    return job_submit(
        by=county,
        kind=Job.Kind.EXPORT_HOUSEHOLDS,
        area_code=county.area_id,
        params={"area": county.area_id, "format": "csv"},
    )


def test_a_job_left_running_by_a_dead_worker_runs_again_and_finishes(database_backend, county):
    from shoudi.jobs.lifecycle import HOST

    job = _export(county)
    # a worker took it and was killed: the row says running, its process is gone, the queue entry is spent
    Job.objects.filter(pk=job.pk).update(status="running", worker=f"{HOST}:{_dead_pid()}", attempts=1)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()
    _run_worker()
    job.refresh_from_db()
    assert job.status == "done" and job.attempts == 2 and job.result["persons"] == 2


def test_a_job_whose_worker_died_too_often_fails_and_says_so(database_backend, county):
    from shoudi.jobs.lifecycle import HOST

    job = _export(county)
    Job.objects.filter(pk=job.pk).update(status="running", worker=f"{HOST}:{_dead_pid()}", attempts=2)
    _run_worker()
    job.refresh_from_db()
    assert job.status == "failed" and "后台进程意外中止" in job.error and "未写入任何数据" in job.error
    assert "重试" in job.error


def test_a_worker_on_another_machine_is_judged_by_its_heartbeat(database_backend, county):
    import datetime as dt

    from django.utils import timezone

    from shoudi.jobs.models import WorkerBeat
    from shoudi.jobs.services import jobs_recover

    job = _export(county)
    Job.objects.filter(pk=job.pk).update(status="running", worker="other-host:4242", attempts=1)
    WorkerBeat.objects.create(worker="other-host:4242", beat_at=timezone.now())
    assert jobs_recover() == []  # it beat a moment ago: still working
    WorkerBeat.objects.filter(pk="other-host:4242").update(beat_at=timezone.now() - dt.timedelta(seconds=50))
    assert [j.pk for j in jobs_recover()] == [job.pk]
    job.refresh_from_db()
    assert job.status in ("queued", "done")  # queued again (the worker picks it up)


def test_the_worker_survives_a_task_that_fails_and_a_database_that_cannot_record_it(
    database_backend, county, monkeypatch
):
    from django.db import OperationalError
    from django_tasks_db.models import DBTaskResult

    from shoudi.registry.io import jobs as io_jobs

    first, second = _export(county), _export(county)

    def broken(job, progress):
        raise RuntimeError("磁盘已满")

    calls = {"n": 0}
    real = io_jobs.export_run

    def flaky(job, progress):
        calls["n"] += 1
        return broken(job, progress) if calls["n"] == 1 else real(job, progress)

    from shoudi.jobs import registry

    key = (Job.Kind.EXPORT_HOUSEHOLDS, Job.Stage.RUN)
    monkeypatch.setitem(registry.RUNNERS, key, registry.RUNNERS[key].__class__(*key, flaky))

    # recording any task's outcome fails as a broken database would
    def malformed(self, *args):
        raise OperationalError("database disk image is malformed")

    monkeypatch.setattr(DBTaskResult, "set_successful", malformed)
    monkeypatch.setattr(DBTaskResult, "set_failed", malformed)
    _run_worker()  # returns: the loop went on after both tasks
    first.refresh_from_db()
    second.refresh_from_db()
    assert {first.status, second.status} == {"failed", "done"}
    failed = first if first.status == "failed" else second
    assert "已撤销本次所有写入" in failed.error and "参考编号" in failed.error and "磁盘已满" not in failed.error


@pytest.mark.django_db(transaction=False)
def test_every_kind_of_job_has_a_runner():
    """A kind the jobs page can name but no app runs would wait in the queue for ever."""
    from shoudi.jobs.registry import RUNNERS, discover

    discover()
    assert sorted(Job.Kind.values) == sorted({kind for kind, _ in RUNNERS})
