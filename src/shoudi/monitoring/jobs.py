"""Background work of monitoring: the data-quality checks (nightly for each county, and on demand)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.accounts.models import User
from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.monitoring.checks import run_checks


@runner(Job.Kind.QUALITY_CHECKS, outcome=("monitoring:checks", "", "查看检查结果"))
def quality_checks(job: Job, progress: Progress) -> dict[str, Any]:
    by = User.objects.filter(pk=job.created_by_id).first() if job.created_by_id else None
    as_of = dt.date.fromisoformat(job.params["as_of"]) if job.params.get("as_of") else None
    run = run_checks(job.params["area"], as_of=as_of, by=by, progress=progress)
    return {"run": run.pk, "counts": dict(run.counts), "seconds": float(run.seconds)}
