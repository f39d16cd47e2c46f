"""The one task: run a job by its kind and stage. Failures end the job with a message, never half-written
data — each runner keeps its writes in one transaction, which an exception rolls back before we get here."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string
from django_tasks import task

from shoudi.jobs.models import Job
from shoudi.jobs.services import JobError, JobProgress, job_fail, job_finish, job_start

logger = logging.getLogger(__name__)

# (kind, stage) → runner(job, progress) -> result summary. Dotted paths keep jobs free of app imports.
RUNNERS: dict[tuple[str, str], str] = {
    (Job.Kind.IMPORT_HOUSEHOLDS, Job.Stage.VALIDATE): "shoudi.registry.io.jobs.import_validate",
    (Job.Kind.IMPORT_HOUSEHOLDS, Job.Stage.APPLY): "shoudi.registry.io.jobs.import_apply",
    (Job.Kind.EXPORT_HOUSEHOLDS, Job.Stage.RUN): "shoudi.registry.io.jobs.export_run",
}


def runner_for(job: Job) -> Callable[..., dict[str, Any]]:
    runner: Callable[..., dict[str, Any]] = import_string(RUNNERS[(job.kind, job.stage)])
    return runner


@task()
def run_job(job_id: str) -> str:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status not in (Job.Status.QUEUED,):
        return "skipped"
    job_start(job)
    try:
        result = runner_for(job)(job, JobProgress(job))
    except JobError as exc:
        job_fail(job, str(exc))
        return "failed"
    except Exception as exc:
        logger.exception("job %s failed", job_id)
        job_fail(job, f"任务执行出错，已撤销本次所有写入：{type(exc).__name__}: {exc}")
        return "failed"
    job_finish(job, result=result)
    return "done"
