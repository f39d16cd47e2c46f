"""The two imports of 农副产品滞销监测预警 — the series (价格产销数据, ``produce_import``) and the growers (种养主体,
``produce_growers_import``) — as ONE background job kind, ``Job.Kind.IMPORT_PRODUCE``, whose ``params["what"]``
says which. The page and the API submit the upload; the worker checks every row and writes all of them in one
transaction, or nothing; the job's page shows what was written (``markets/produce/_import_report.html``) or every
bad row ("第N行 列名：问题").

The runner is registered when this module is imported (``markets.jobs`` imports it for the worker; the pages
and the API that submit the job import it too)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError, job_submit
from shoudi.markets import produce_growers_import, produce_import
from shoudi.markets.access import RECORD_PRODUCE, may, require_may
from shoudi.markets.import_common import RowsRefused, refusal_text

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


def _actor(job: Job) -> Any:
    user = job.created_by
    if user is None or not user.is_active or not may(user, RECORD_PRODUCE):
        raise JobError("提交任务的账号已停用或已无相应权限")
    return user


@runner(KIND, Job.Stage.RUN, report_template=REPORT, outcome=("markets:produce_home", "", "返回农副产品滞销监测预警"))
def import_run(job: Job, progress: Progress) -> dict[str, Any]:
    what = str(job.params.get("what") or "")
    if what not in IMPORTS:
        raise JobError("未知的导入类型")
    by = _actor(job)
    progress("检查并导入", 0, 1)
    try:
        done = IMPORTS[what](by=by, path=Path(job.input_file.path), name=job.input_name or LABELS[what])
    except RowsRefused as exc:
        raise JobError(refusal_text(exc)) from None
    except ValidationError as exc:
        raise JobError(f"未导入：{'；'.join(exc.messages)}") from None
    progress("完成", 1, 1)
    return {"what": what, **asdict(done)}


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
