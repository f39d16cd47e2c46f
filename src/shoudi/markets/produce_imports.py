"""The two imports of 农副产品滞销监测预警 — the series (价格产销数据, ``produce_import``) and the growers (种养主体,
``produce_growers_import``) — as ONE background job kind, ``Job.Kind.IMPORT_PRODUCE``, whose ``params["what"]``
says which. The page and the API submit the upload; the worker checks every row and writes all of them in one
transaction, or nothing; the job's page shows what was written (``markets/produce/_import_report.html``) or every
bad row ("第N行 列名：问题").

The runner is registered when this module is imported (``markets.jobs`` imports it for the worker; the pages
and the API that submit the job import it too)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import job_submit
from shoudi.markets import produce_growers_import, produce_import
from shoudi.markets.access import RECORD_PRODUCE, require_may
from shoudi.markets.import_common import run_import

KIND = Job.Kind.IMPORT_PRODUCE
REPORT = "markets/produce/_import_report.html"
IMPORTS: dict[str, Callable[..., Any]] = {
    "series": produce_import.import_file,
    "growers": produce_growers_import.import_file,
}
LABELS = {"series": "价格产销数据", "growers": "种养主体"}
TEMPLATES: dict[str, Callable[[], bytes]] = {
    "series": produce_import.template,
    "growers": produce_growers_import.template,
}
MAX_UPLOAD = 10 * 1024 * 1024
MAX_ROWS = {"series": produce_import.SHEET.max_rows, "growers": produce_growers_import.SHEET.max_rows}


@runner(KIND, Job.Stage.RUN, report_template=REPORT, outcome=("markets:produce_home", "", "返回农副产品滞销监测预警"))
def import_run(job: Job, progress: Progress) -> dict[str, Any]:
    return run_import(job, progress, imports=IMPORTS, labels=LABELS, capability=RECORD_PRODUCE)


def submit_import(*, by: Any, what: str, upload: UploadedFile) -> Job:
    """The import as a background job of the recorder's county (its page shows the progress and the outcome)."""
    if what not in IMPORTS:
        raise ValidationError({"what": "未知的导入类型"})
    county = (getattr(by, "area_id", "") or "")[:6]
    require_may(by, RECORD_PRODUCE, county)
    if (upload.size or 0) > MAX_UPLOAD:
        raise ValidationError({"file": "文件超过 10MB，请拆分后导入"})
    name = (upload.name or f"{LABELS[what]}.xlsx").replace("\x00", "").replace("\\", "/").rsplit("/", 1)[-1]
    return job_submit(
        by=by, kind=KIND, area_code=county, params={"what": what}, upload=upload, input_name=name[:200] or LABELS[what]
    )
