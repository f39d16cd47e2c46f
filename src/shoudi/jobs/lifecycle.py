"""The life of a job row while a worker runs it: claimed, progress, finished or failed. Used by the one task
(``jobs.tasks.run_job``); creating and queueing jobs is ``jobs.services``."""

from __future__ import annotations

import os
import socket
import time
from datetime import timedelta
from typing import Any

from django.db.models import F
from django.utils import timezone

from shoudi.jobs.models import Job


class JobError(Exception):
    """A failure whose message (Chinese) is meant for the user; it ends the job as failed."""


def job_claim(job_id: Any, worker: str) -> Job | None:
    """Take a queued job for ``worker`` (one conditional UPDATE, so two workers never run the same job)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=now,
        finished_at=None,
        error="",
        done=0,
        total=0,
        worker=worker[:100],
        attempts=F("attempts") + 1,
        updated_at=now,
    )
    return Job.objects.filter(pk=job_id).first() if claimed else None


def job_set_progress(
    job_id: Any, *, phase: str | None = None, done: int | None = None, total: int | None = None
) -> None:
    fields: dict[str, Any] = {}
    if phase is not None:
        fields["phase"] = phase[:200]
    if done is not None:
        fields["done"] = max(0, done)
    if total is not None:
        fields["total"] = max(0, total)
    if fields:
        Job.objects.filter(pk=job_id).update(**fields)


def job_finish(job: Job, *, result: dict[str, Any] | None = None, phase: str = "已完成") -> None:
    """Mark done; the result summary is merged into what earlier stages left (an import's validation)."""
    if result is not None:
        job.result = {**job.result, **result}
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.DONE,
        finished_at=timezone.now(),
        phase=phase,
        done=F("total"),
        result=job.result,
        result_file=job.result_file.name or "",
        result_name=job.result_name,
    )
    job.refresh_from_db()


def job_fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error=message[:5000], phase="失败", finished_at=timezone.now()
    )
    job.refresh_from_db()


HOST = socket.gethostname()
# A worker beats every 10 s (``jobs.worker.BEAT_SECONDS``); silent for this long, it is gone (another host, or
# hung). With recovery every 15 s, a dead worker's job is requeued or failed within a minute.
STALE_AFTER = timedelta(seconds=45)


def worker_name() -> str:
    return f"{HOST}:{os.getpid()}"


class JobProgress:
    """``progress(phase, done, total)`` for long work: writes to the job row at most every ``interval``
    seconds, and always when the phase changes or a phase completes."""

    interval = 0.5

    def __init__(self, job: Job) -> None:
        self.job_id = job.pk
        self._last = 0.0
        self._phase: str | None = None

    def __call__(self, phase: str, done: int, total: int) -> None:
        now = time.monotonic()
        if phase == self._phase and done < total and now - self._last < self.interval:
            return
        self._phase, self._last = phase, now
        job_set_progress(self.job_id, phase=phase, done=done, total=total)
