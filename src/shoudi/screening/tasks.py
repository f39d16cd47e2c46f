"""The screening run as a task of the worker (``shoudi worker``); the run row carries its status."""

from __future__ import annotations

import logging

from django_tasks import task

from shoudi.screening.models import ScreeningRun

logger = logging.getLogger(__name__)


@task()
def run_screening(run_id: str) -> str:
    from shoudi.screening.services import run_execute

    run = ScreeningRun.objects.filter(pk=run_id, status=ScreeningRun.Status.QUEUED).first()
    if run is None:
        return "skipped"
    try:
        run_execute(run)
    except Exception:
        logger.exception("screening run %s failed", run_id)
        return "failed"
    return "done"
