"""The markets ledgers' background jobs (registered with ``shoudi.jobs.registry``): the 消费帮扶 imports (products,
purchases) as one job kind whose ``params["what"]`` says which. The runner checks every row and writes all of
them in one transaction, or nothing; its refusal lists the rows ("第N行 列名：问题").

The job page shows the outcome (``markets/consumption/_import_report.html``) or, when refused, every bad row."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from shoudi.core.access import Capability
from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError, job_submit
from shoudi.markets import import_products, import_purchases
from shoudi.markets.consumption import keeper_county, require_manager
from shoudi.markets.import_common import RowsRefused, refusal_text

IMPORT_KIND = Job.Kind.IMPORT_CONSUMPTION
REPORT = "markets/consumption/_import_report.html"
IMPORTS: dict[str, Callable[..., Any]] = {
    "products": import_products.import_file,
    "purchases": import_purchases.import_file,
}
LABELS = {"products": "消费帮扶产品", "purchases": "采购记录"}


def _actor(job: Job) -> Any:
    user = job.created_by
    if user is None or not user.is_active or not user.can(Capability.MANAGE_CONSUMPTION):
        raise JobError("提交任务的账号已停用或已无相应权限")
    return user


@runner(IMPORT_KIND, Job.Stage.RUN, report_template=REPORT, outcome=("markets:home", "", "返回消费帮扶"))
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
    """The import as a background job of the county (its page shows the progress and the outcome)."""
    require_manager(by, keeper_county(by))
    return job_submit(
        by=by,
        kind=IMPORT_KIND,
        area_code=by.area_id,
        params={"what": what},
        upload=upload,
        input_name=upload.name or "",
    )


__all__ = ["import_run", "submit_import"]

# The worker loads each app's ``jobs`` module only: the produce check and the produce imports register here.
from shoudi.markets import jobs_produce, produce_imports  # noqa: E402, F401
