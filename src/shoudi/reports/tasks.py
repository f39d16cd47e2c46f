"""The worker runs reports of large areas (a city, a province) in the background."""

from __future__ import annotations

from django_tasks import task

from shoudi.reports.models import Report


@task()
def run_report(report_id: str) -> str:
    from shoudi.reports.services import report_run

    report = Report.objects.filter(pk=report_id).select_related("area").first()
    if report is None:
        return "skipped"
    return report_run(report).status
