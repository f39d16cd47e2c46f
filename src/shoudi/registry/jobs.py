"""The registry's background jobs: household import (validate, then apply on request) and export."""

from __future__ import annotations

from shoudi.jobs.models import Job
from shoudi.jobs.registry import runner
from shoudi.registry.io.jobs import export_run, import_apply, import_validate

IMPORT_REPORT = "registry/io/_import_report.html"
runner(Job.Kind.IMPORT_HOUSEHOLDS, Job.Stage.VALIDATE, report_template=IMPORT_REPORT)(import_validate)
runner(Job.Kind.IMPORT_HOUSEHOLDS, Job.Stage.APPLY, report_template=IMPORT_REPORT)(import_apply)
runner(Job.Kind.EXPORT_HOUSEHOLDS, Job.Stage.RUN, report_template="registry/io/_export_report.html")(export_run)
