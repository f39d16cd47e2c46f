"""The one task of the worker: run a job by its kind and stage (``jobs.registry``).

Failures end the job with a message, never half-written data — each runner keeps its writes in one
transaction, which an exception rolls back before we get here. Nothing escapes this function: a runner's
error, or a database that cannot even record the failure, is logged and the worker carries on with the next
job (a job left running by such a breakdown is recovered by ``jobs_recover``).
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import ValidationError
from django.db import close_old_connections
from django_tasks import task

from shoudi.core.errors import error_text
from shoudi.jobs.lifecycle import JobError, JobProgress, job_claim, job_fail, job_finish, worker_name
from shoudi.jobs.registry import runner_for

logger = logging.getLogger(__name__)
FAILED = "任务执行出错，已撤销本次所有写入"


def unexpected_failure(job_id: object, kind: str) -> str:
    """The user's message for an exception nobody meant for them (a database error, a bug): Chinese, with a
    reference the administrator finds in the log next to the exception. The exception's own text (a database
    context line may quote a row's personal data) goes only to the log, never to the job row."""
    reference = uuid.uuid4().hex[:10].upper()
    logger.exception("job %s (%s) failed; reference %s", job_id, kind, reference)
    return f"{FAILED}。请稍后重试；如再次失败，请将参考编号 {reference} 告知系统管理员。"


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
    except ValidationError as exc:  # a service refused the input: its message names the field, in Chinese
        _fail(job, error_text(exc))
        return "failed"
    except Exception:
        _fail(job, unexpected_failure(job_id, job.kind))
        return "failed"
    job_finish(job, result=result)
    return "done"
