"""The feeds job: validate or apply one batch in the worker, with progress on the job row (registered with
``shoudi.jobs.registry``). A refusal or an error ends the job and the batch as failed; the apply stage keeps
its writes in one transaction, which the exception has rolled back."""

from __future__ import annotations

from typing import Any

from shoudi.core.access import Capability
from shoudi.feeds.models import FeedBatch
from shoudi.feeds.services import apply_batch, fail_batch, validate_batch
from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError

OUTCOME = ("feeds:batch", "batch", "查看批次")  # where the job page links once a stage is done


def _batch(job: Job) -> FeedBatch:
    batch = FeedBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is None:
        raise JobError("找不到该任务对应的部门数据批次")
    user = batch.uploaded_by
    if user is not None and (not user.is_active or not user.can(Capability.UPLOAD_FEEDS)):
        raise JobError("上传该文件的账号已停用或已无上传权限")
    return batch


def _summary(batch: FeedBatch) -> dict[str, Any]:
    return {
        "batch": str(batch.pk),
        "rows_total": batch.rows_total,
        "rows_rejected": batch.rows_rejected,
        "rows_matched": batch.rows_matched,
        "rows_unmatched": batch.rows_unmatched,
    }


def _failed(job: Job, message: str) -> None:
    batch = FeedBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is not None:
        fail_batch(batch, message)


@runner(Job.Kind.IMPORT_FEEDS, Job.Stage.VALIDATE, on_failure=_failed, outcome=OUTCOME)
def feed_validate(job: Job, progress: Progress) -> dict[str, Any]:
    batch = _batch(job)
    validate_batch(batch, progress=progress)
    return _summary(batch)


@runner(Job.Kind.IMPORT_FEEDS, Job.Stage.APPLY, on_failure=_failed, outcome=OUTCOME)
def feed_apply(job: Job, progress: Progress) -> dict[str, Any]:
    batch = _batch(job)
    apply_batch(batch, by=batch.uploaded_by, progress=progress)
    return _summary(batch)
