"""The unsold-produce check as a job of the worker (``shoudi.jobs.registry``); ``markets.jobs`` imports this module
so the registry finds it."""

from __future__ import annotations

from typing import Any

from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError, job_submit
from shoudi.markets import produce_check
from shoudi.markets.access import RECORD_PRODUCE, require_may

KIND = Job.Kind.PRODUCE_CHECK


def check_job(job: Job, progress: Progress) -> dict[str, Any]:
    from shoudi.accounts.models import User

    by = User.objects.filter(pk=job.created_by_id).first() if job.created_by_id else None
    progress("滞销预警检查", 0, 1)
    try:
        run = produce_check.check_run(
            by=by,
            area_code=job.area_code,
            engine_name=job.params.get("engine", "duckdb"),
            full=bool(job.params.get("full")),
        )
    except produce_check.engine.EngineError as exc:
        raise JobError(str(exc)) from None
    progress("滞销预警检查", 1, 1)
    return {"run": run.pk, "series": run.series, "rows": run.rows, "raised": run.raised, "seconds": run.seconds}


runner(KIND, outcome=("markets:produce_warnings", "", "查看滞销预警"))(check_job)


def start_check(*, by: Any, area_code: str, full: bool = False, engine: str = "duckdb") -> Job:
    """Queue the check as a job: the worker runs it, the job's page shows its progress and result."""
    require_may(by, RECORD_PRODUCE, area_code)
    return job_submit(by=by, kind=KIND, area_code=area_code, params={"full": full, "engine": engine})
