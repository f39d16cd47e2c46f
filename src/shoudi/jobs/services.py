"""Writes to jobs: create, enqueue, progress, finish, fail.

Progress goes to the job row in single ``UPDATE`` statements outside any long transaction, so another
connection (the job page) sees it at once on SQLite (WAL) and PostgreSQL alike.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shoudi.jobs.models import Job

logger = logging.getLogger(__name__)


class JobError(Exception):
    """A failure whose message (Chinese) is meant for the user; it ends the job as failed."""


def job_create(
    *,
    by: Any,
    kind: str,
    area_code: str,
    params: dict[str, Any] | None = None,
    stage: str = Job.Stage.RUN,
    upload: File | None = None,
    input_name: str = "",
) -> Job:
    job = Job(
        kind=kind,
        stage=stage,
        area_code=area_code or "",
        params=dict(params or {}),
        created_by=by if getattr(by, "pk", None) else None,
        updated_by=by if getattr(by, "pk", None) else None,
        input_name=(input_name or getattr(upload, "name", "") or "")[:255],
    )
    if upload is not None:
        job.input_file.save(_safe_name(job.input_name or "upload"), upload, save=False)
    job.save()
    return job


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isalnum() or ch in "._-（）()") or "file"


def job_enqueue(job: Job) -> None:
    """Hand the job to the task backend (the worker; in tests the immediate backend runs it now)."""
    from shoudi.jobs.tasks import run_job

    run_job.enqueue(str(job.pk))


def job_request_apply(*, by: Any, job: Job) -> Job:
    """The creator asks to write a validated import. Only a finished, appliable validation qualifies."""
    if job.created_by_id != getattr(by, "pk", None):
        raise ValidationError("只有上传该文件的用户可以确认导入")
    if job.kind != Job.Kind.IMPORT_HOUSEHOLDS or job.stage != Job.Stage.VALIDATE or job.status != Job.Status.DONE:
        raise ValidationError("该任务当前不能确认导入")
    if not job.result.get("can_apply"):
        raise ValidationError("校验未通过，不能导入")
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, stage=Job.Stage.VALIDATE, status=Job.Status.DONE).update(
            stage=Job.Stage.APPLY,
            status=Job.Status.QUEUED,
            phase="等待写入",
            done=0,
            total=0,
            updated_by=by,
            updated_at=timezone.now(),
        )
    if not updated:
        raise ValidationError("该任务已确认导入")
    job.refresh_from_db()
    job_enqueue(job)
    return job


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


def job_start(job: Job) -> None:
    job.status = Job.Status.RUNNING
    job.started_at = timezone.now()
    job.finished_at = None
    job.error = ""
    job.done = job.total = 0
    job.save(update_fields=["status", "started_at", "finished_at", "error", "done", "total", "updated_at"])


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
