"""The job page's 重试 button: the owner runs a failed job again (here an export whose worker died)."""

from __future__ import annotations

from typing import Any

from shoudi.jobs.models import Job
from shoudi.jobs.services import job_submit
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import form


def _failed_export(w: Any) -> Job:
    household_with_members(VILLAGE_A, size=2)
    county = w.user("county")
    job = job_submit(  # not handed to the worker: it "died" before the job could finish
        by=county,
        kind=Job.Kind.EXPORT_HOUSEHOLDS,
        area_code=county.area_id,
        params={"area": county.area_id, "format": "csv"},
        enqueue=False,
    )
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.FAILED, error="运行该任务的后台进程意外中止，任务未完成，未写入任何数据，可重试。"
    )
    return job


form(
    name="jobs.retry",
    form="jobs.retry",
    url_name="jobs:retry",
    persona="county",
    setup=_failed_export,
    page=lambda w, ctx: f"/jobs/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: Job.objects.get(pk=ctx.pk).status == Job.Status.DONE,
    success="已重新排队",
)
