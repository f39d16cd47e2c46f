"""The feeds job: validate or apply one batch in the worker, with progress on the job row.

A refusal or an error ends the job (and the batch) as failed; the apply stage keeps its writes in one
transaction, which the exception has rolled back before we get here."""

from __future__ import annotations

import logging
from typing import Any

from django_tasks import task

from shoudi.core.access import Capability
from shoudi.feeds.models import FeedBatch
from shoudi.feeds.services import apply_batch, fail_batch, validate_batch
from shoudi.jobs.models import Job
from shoudi.jobs.services import JobError, JobProgress, job_fail, job_finish, job_start

logger = logging.getLogger(__name__)


def _summary(batch: FeedBatch) -> dict[str, Any]:
    return {
        "batch": str(batch.pk),
        "rows_total": batch.rows_total,
        "rows_rejected": batch.rows_rejected,
        "rows_matched": batch.rows_matched,
        "rows_unmatched": batch.rows_unmatched,
    }


@task()
def run_feed_job(job_id: str) -> str:
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.status != Job.Status.QUEUED:
        return "skipped"
    batch = FeedBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is None:
        job_fail(job, "找不到该任务对应的部门数据批次")
        return "failed"
    job_start(job)
    user = batch.uploaded_by
    try:
        if user is not None and (not user.is_active or not user.can(Capability.UPLOAD_FEEDS)):
            raise JobError("上传该文件的账号已停用或已无上传权限")
        if job.stage == Job.Stage.APPLY:
            apply_batch(batch, by=user, progress=JobProgress(job))
        else:
            validate_batch(batch, progress=JobProgress(job))
    except JobError as exc:
        fail_batch(batch, str(exc))
        job_fail(job, str(exc))
        return "failed"
    except Exception as exc:
        logger.exception("feeds job %s failed", job_id)
        message = f"任务执行出错，已撤销本次所有写入：{type(exc).__name__}: {exc}"
        fail_batch(batch, message)
        job_fail(job, message)
        return "failed"
    job_finish(job, result=_summary(batch))
    return "done"
