"""The screening run as a job of the worker (registered with ``shoudi.jobs.registry``); the run row carries
its own status and results, the job row the progress."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError
from shoudi.screening.engines import EngineError
from shoudi.screening.models import ScreeningRun
from shoudi.screening.params import ScreeningParameterError
from shoudi.screening.services import run_execute

OPEN = (ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING)


def _failed(job: Job, message: str) -> None:
    ScreeningRun.objects.filter(pk=job.params.get("run"), status__in=OPEN).update(
        status=ScreeningRun.Status.FAILED, error=message[:5000], finished_at=timezone.now()
    )


@runner(Job.Kind.SCREENING, on_failure=_failed, retry=False, outcome=("screening:run", "run", "查看筛查结果"))
def screening_run(job: Job, progress: Progress) -> dict[str, Any]:
    run = ScreeningRun.objects.filter(pk=job.params.get("run"), status=ScreeningRun.Status.QUEUED).first()
    if run is None:
        raise JobError("找不到待运行的筛查批次")
    try:
        run = run_execute(run, spark_master=job.params.get("spark_master", "local[2]"), progress=progress)
    except (ScreeningParameterError, EngineError) as exc:  # messages written for the user, in Chinese
        raise JobError(str(exc)) from None
    return {
        "run": str(run.pk),
        "leads_created": run.leads_created,
        "leads_updated": run.leads_updated,
        "register_updates_created": run.register_updates_created,
        "seconds": run.seconds,
    }
