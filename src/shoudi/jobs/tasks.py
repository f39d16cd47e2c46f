"""The one task of the worker: run a job by its kind and stage (``jobs.registry``).

Failures end the job with a message, never half-written data — each runner keeps its writes in one
transaction, which an exception rolls back before we get here. Nothing escapes this function: a runner's
error, or a database that cannot even record the failure, is logged and the worker carries on with the next
job (a job left running by such a breakdown is recovered by ``jobs_recover``).
"""

from __future__ import annotations

import logging

from django.db import close_old_connections
from django_tasks import task

from shoudi.jobs.lifecycle import JobError, JobProgress, job_claim, job_fail, job_finish, worker_name
from shoudi.jobs.registry import runner_for

logger = logging.getLogger(__name__)
FAILED = "任务执行出错，已撤销本次所有写入"


@task()
def run_job(job_id: str) -> str:
    try:
        return _run(job_id)
    except Exception:  # the database itself failed (locked for too long, disk full, corrupt): log, move on
        logger.exception("job %s could not be run or recorded", job_id)
        close_old_connections()
        return "error"


def _fail(job: object, message: str) -> None:
    from shoudi.jobs.models import Job

    assert isinstance(job, Job)
    job_fail(job, message)
    spec = runner_for(job)
    if spec is not None and spec.on_failure is not None:
        spec.on_failure(job, message)


def _run(job_id: str) -> str:
    job = job_claim(job_id, worker_name())
    if job is None:
        return "skipped"  # already taken, finished, or deleted
    spec = runner_for(job)
    if spec is None:
        _fail(job, f"系统中没有“{job.get_kind_display()}”任务的执行程序")
        return "failed"
    try:
        result = spec.run(job, JobProgress(job))
    except JobError as exc:
        _fail(job, str(exc))
        return "failed"
    except Exception as exc:
        logger.exception("job %s (%s) failed", job_id, job.kind)
        _fail(job, f"{FAILED}：{type(exc).__name__}: {exc}")
        return "failed"
    job_finish(job, result=result)
    return "done"
