"""Writes to jobs: create, enqueue, progress, finish, fail.

Progress goes to the job row in single ``UPDATE`` statements outside any long transaction, so another
connection (the job page) sees it at once on SQLite (WAL) and PostgreSQL alike.
"""

from __future__ import annotations

import functools
import logging
import os
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from shoudi.jobs.lifecycle import HOST, STALE_AFTER, JobError, JobProgress, job_fail, worker_name
from shoudi.jobs.models import Job, WorkerBeat
from shoudi.jobs.registry import Runner, runner_for, runner_of

__all__ = ["JobError", "JobProgress", "job_fail", "worker_name"]

logger = logging.getLogger(__name__)
BEATS_KEPT = timedelta(days=1)


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


def _interrupted(job: Job, spec: Runner | None) -> str:
    """What the owner reads on a job whose worker died and which will not run again by itself."""
    attempts = f"（已运行{job.attempts}次）" if job.attempts > 1 else ""
    if spec is not None and spec.retry:
        return f"运行该任务的后台进程意外中止{attempts}，任务未完成，未写入任何数据，可重试：请点击本页的“重试”按钮。"
    return f"运行该任务的后台进程意外中止{attempts}，任务未完成，请重新提交。"


def jobs_recover(*, now: Any = None) -> list[Job]:
    """Running jobs whose worker died: run again when the runner allows it and attempts remain, otherwise end
    them as failed with a Chinese message (the owner may retry them: ``job_retry``). Called by every worker
    when it starts and then every ``jobs.worker.RECOVER_SECONDS``."""

    now = now or timezone.now()
    WorkerBeat.objects.filter(beat_at__lt=now - BEATS_KEPT).delete()  # workers long gone
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
            message = _interrupted(job, spec)
            moved = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING, worker=job.worker).update(
                status=Job.Status.FAILED, error=message, phase="失败", finished_at=now, updated_at=now
            )
            if moved and spec is not None and spec.on_failure is not None:
                spec.on_failure(job, message)
        job.refresh_from_db()
        recovered.append(job)
    return recovered


# ---- the owner runs a failed job again ---------------------------------------------------------------


def job_retry_refusal(*, by: Any, job: Job) -> str:
    """Why ``by`` may not run ``job`` again ("" when they may): only its creator, only a failed job whose
    stage is safe to repeat (its writes are all-or-nothing), only while its uploaded file is still there."""
    if job.created_by_id is None or job.created_by_id != getattr(by, "pk", None):
        return "只有提交该任务的用户可以重试"
    if job.status != Job.Status.FAILED:
        return "只有失败的任务可以重试"
    spec = runner_for(job)
    if spec is None or not spec.retry:
        return "该类任务不能重试，请重新提交"
    if job.input_file and not job.input_file.storage.exists(job.input_file.name):
        return "该任务上传的文件已不存在，不能重试，请重新上传"
    return ""


def job_retry(*, by: Any, job: Job) -> Job:
    """Queue a failed job's stage again (a failed import validation is validated again; a failed or
    interrupted import apply validates and writes again, in one transaction as before)."""
    refusal = job_retry_refusal(by=by, job=job)
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        updated = Job.objects.filter(pk=job.pk, status=Job.Status.FAILED).update(
            status=Job.Status.QUEUED,
            phase="已重新排队",
            error="",
            done=0,
            total=0,
            attempts=0,
            worker="",
            finished_at=None,
            updated_by=by,
            updated_at=timezone.now(),
        )
        if updated:
            transaction.on_commit(functools.partial(job_enqueue, job))
    if not updated:
        raise ValidationError("该任务已重新排队")
    job.refresh_from_db()
    return job
