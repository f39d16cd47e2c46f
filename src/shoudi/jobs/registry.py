"""Which function runs which kind of job. Each app registers its runners in its own ``jobs`` module
(``shoudi.<app>.jobs``, imported when Django starts), so the jobs app imports no other app:

    @runner(Job.Kind.SCREENING, on_failure=mark_run_failed)
    def screening_run(job: Job, progress: Progress) -> dict[str, Any]: ...

A runner does its writes in its own transaction(s) and returns a JSON-able summary for the job page. It raises
``JobError`` with a Chinese message meant for the user; any other exception is logged and the user is told
that nothing was written. ``on_failure(job, message)`` lets the owning app mark its own row (a screening run,
a report) failed too. ``retry``: whether a job interrupted by a dead worker may run again (its writes must
be all-or-nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.module_loading import autodiscover_modules

from shoudi.jobs.models import Job


class Progress(Protocol):
    def __call__(self, phase: str, done: int, total: int) -> None: ...


Run = Callable[[Job, Progress], dict[str, Any]]
OnFailure = Callable[[Job, str], None]


@dataclass(frozen=True)
class Runner:
    kind: str
    stage: str
    run: Run
    on_failure: OnFailure | None = None
    retry: bool = True
    # what the job page shows once the job is done: the owning app's template (given ``job``), and a link to
    # where the outcome is read: (URL name, the job parameter that is its argument or "", label)
    report_template: str = ""
    outcome: tuple[str, str, str] | None = None


RUNNERS: dict[tuple[str, str], Runner] = {}


def runner(
    kind: str,
    stage: str = Job.Stage.RUN,
    *,
    on_failure: OnFailure | None = None,
    retry: bool = True,
    report_template: str = "",
    outcome: tuple[str, str, str] | None = None,
) -> Callable[[Run], Run]:
    if kind not in Job.Kind.values or stage not in Job.Stage.values:
        raise ValueError(f"unknown job kind or stage: {kind}/{stage}")

    def register(run: Run) -> Run:
        key = (str(kind), str(stage))
        if key in RUNNERS and RUNNERS[key].run is not run:
            raise ValueError(f"two runners for job {kind}/{stage}")
        RUNNERS[key] = Runner(str(kind), str(stage), run, on_failure, retry, report_template, outcome)
        return run

    return register


def runner_of(kind: str, stage: str) -> Runner | None:
    return RUNNERS.get((str(kind), str(stage)))


def runner_for(job: Job) -> Runner | None:
    return runner_of(job.kind, job.stage)


def shown_with(job: Job) -> Runner | None:
    """The runner whose page parts (report template, outcome link) a job shows: its own stage's, else any of
    its kind that has them."""
    own = runner_for(job)
    if own is not None and (own.report_template or own.outcome):
        return own
    return next((r for (k, _), r in RUNNERS.items() if k == job.kind and (r.report_template or r.outcome)), own)


def discover() -> None:
    autodiscover_modules("jobs")
