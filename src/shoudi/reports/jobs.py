"""Reports are computed as jobs: a county's at once in the request, a city's or province's by the worker."""

from __future__ import annotations

from typing import Any

from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError
from shoudi.reports.models import Report
from shoudi.reports.services import report_run


def _failed(job: Job, message: str) -> None:
    Report.objects.filter(pk=job.params.get("report"), status__in=(Report.Status.QUEUED, Report.Status.RUNNING)).update(
        status=Report.Status.FAILED, error=message[:5000]
    )


@runner(Job.Kind.REPORT, on_failure=_failed, outcome=("reports:detail", "report", "查看报表"))
def report_job(job: Job, progress: Progress) -> dict[str, Any]:
    report = Report.objects.filter(pk=job.params.get("report")).select_related("area").first()
    if report is None:
        raise JobError("找不到该报表")
    if report.status == Report.Status.RUNNING:  # a worker died computing it; this job holds it now
        Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
        report.refresh_from_db()
    progress("计算指标", 0, 1)
    report = report_run(report)
    if report.status == Report.Status.FAILED:
        raise JobError(f"报表计算失败：{report.error}")
    return {"report": str(report.pk), "seconds": float(report.seconds or 0)}
