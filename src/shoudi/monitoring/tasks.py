"""Background work of monitoring: the data-quality checks (nightly for each county, and on demand)."""

from __future__ import annotations

from django_tasks import task

from shoudi.monitoring.checks import run_checks


@task()
def run_quality_checks(area_code: str, user_id: str = "") -> dict[str, int]:
    """Run the checks over ``area_code``; the run and its findings are stored (QualityRun)."""
    from shoudi.accounts.models import User

    by = User.objects.filter(pk=user_id).first() if user_id else None
    run = run_checks(area_code, by=by)
    return dict(run.counts)
