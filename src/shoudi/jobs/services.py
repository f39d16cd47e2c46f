"""Writes to jobs: create, enqueue, progress, finish, fail.

Progress goes to the job row in single ``UPDATE`` statements outside any long transaction, so another
connection (the job page) sees it at once on SQLite (WAL) and PostgreSQL alike.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from shoudi.jobs.lifecycle import HOST, STALE_AFTER, JobError, JobProgress, job_fail, worker_name
from shoudi.jobs.models import Job, WorkerBeat
from shoudi.jobs.registry import runner_for, runner_of

__all__ = ["JobError", "JobProgress", "job_fail", "worker_name"]

logger = logging.getLogger(__name__)


def job_submit(
    *,
    by: Any,
    kind: str,
    area_code: str,
    params: dict[str, Any] | None = None,
    stage: str = Job.Stage.RUN,
    upload: File | None = None,
    input_name: str = "",
    max_attempts: int = 2,
    run_now: bool = False,
    enqueue: bool = True,
) -> Job:
    """Create a queued job and hand it to the worker once the caller's transaction commits (a job must never
        run before the rows it reads exist, nor run for rows a rollback removed). ``run_now``: a command runs it in
        its own process instead (outside any transaction), with the same runner, row and progress; ``enqueue``
    False leaves it to the caller to run it so once its transaction has committed."""
    if runner_of(kind, stage) is None:
        raise ValueError(f"no runner for job {kind}/{stage}")
    job = Job(
        kind=kind,
        stage=stage,
        area_code=area_code or "",
        params=dict(params or {}),
        max_attempts=max_attempts,
        created_by=by if getattr(by, "pk", None) else None,
        updated_by=by if getattr(by, "pk", None) else None,
        input_name=(input_name or getattr(upload, "name", "") or "")[:255],
    )
    if upload is not None:
        job.input_file.save(_safe_name(job.input_name or "upload"), upload, save=False)
    job.save()
    if run_now:
        job_run_now(job)
    elif enqueue:
        transaction.on_commit(functools.partial(job_enqueue, job))
    return job


def _safe_name(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in base if ch.isalnum() or ch in "._-（）()") or "file"


def job_run_now(job: Job) -> Job:
    """Run a queued job in this process (a command), with the runner, row and progress the worker would use."""
    from shoudi.jobs.tasks import run_job

    run_job.call(str(job.pk))
    job.refresh_from_db()
    return job


def job_enqueue(job: Job) -> None:
    """Hand the job to the task backend (the worker; in tests the immediate backend runs it now)."""
    from shoudi.jobs.tasks import run_job

    run_job.enqueue(str(job.pk))


def job_restage(job: Job, *, by: Any, stage: str, phase: str) -> bool:
    """Queue a finished stage's next stage (a validated import → apply); False when someone already did."""
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, stage=job.stage, status=Job.Status.DONE).update(
            stage=stage,
            status=Job.Status.QUEUED,
            phase=phase,
            done=0,
            total=0,
            updated_by=by if getattr(by, "pk", None) else None,
            updated_at=timezone.now(),
        )
        if updated:
            transaction.on_commit(functools.partial(job_enqueue, job))
    job.refresh_from_db()
    return bool(updated)


# imports whose writing stage the uploader confirms on the job page (jobs:apply)
STAGED_IMPORTS = frozenset({Job.Kind.IMPORT_HOUSEHOLDS, Job.Kind.IMPORT_INCOME})


def job_request_apply(*, by: Any, job: Job) -> Job:
    """The creator asks to write a validated import. Only a finished, appliable validation qualifies."""
    if job.created_by_id != getattr(by, "pk", None):
        raise ValidationError("只有上传该文件的用户可以确认导入")
    staged = job.kind in STAGED_IMPORTS and runner_of(job.kind, Job.Stage.APPLY) is not None
    if not staged or job.stage != Job.Stage.VALIDATE or job.status != Job.Status.DONE:
        raise ValidationError("该任务当前不能确认导入")
    if not job.result.get("can_apply"):
        raise ValidationError("校验未通过，不能导入")
    if not job_restage(job, by=by, stage=Job.Stage.APPLY, phase="等待写入"):
        raise ValidationError("该任务已确认导入")
    return job


# ---- workers that die ---------------------------------------------------------------------------------


def _alive_here(worker: str) -> bool | None:
    """True/False for a worker process of this machine; None when it ran elsewhere (ask its heartbeat)."""
    host, _, pid = worker.rpartition(":")
    if host != HOST or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def worker_beat(worker: str, job_id: Any = None) -> None:
    WorkerBeat.objects.update_or_create(worker=worker[:100], defaults={"job_id": job_id, "beat_at": timezone.now()})


def jobs_recover(*, now: Any = None) -> list[Job]:
    """Running jobs whose worker died: run again when the runner allows it and attempts remain, otherwise end
    them as failed, telling the user nothing was written. Called by every worker when it starts and then
    every minute."""

    now = now or timezone.now()
    beats = dict(WorkerBeat.objects.values_list("worker", "beat_at"))
    recovered = []
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        alive = _alive_here(job.worker) if job.worker else False
        if alive is None:
            beat = beats.get(job.worker)
            alive = beat is not None and now - beat < STALE_AFTER
        if alive:
            continue
        spec = runner_for(job)
        if spec is not None and spec.retry and job.attempts < job.max_attempts:
            moved = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
                status=Job.Status.QUEUED, phase="运行中断，已重新排队", worker="", updated_at=now
            )
            if moved:
                logger.warning("job %s: worker %s is gone; queued again", job.pk, job.worker)
                job_enqueue(job)
        else:
            message = (
                f"运行该任务的后台进程中断（已运行{job.attempts}次），任务未完成，本次没有写入任何数据。请重新提交。"
            )
            moved = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
                status=Job.Status.FAILED, error=message, phase="失败", finished_at=now, updated_at=now
            )
            if moved and spec is not None and spec.on_failure is not None:
                spec.on_failure(job, message)
        job.refresh_from_db()
        recovered.append(job)
    return recovered
