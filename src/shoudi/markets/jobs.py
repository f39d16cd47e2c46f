"""The markets ledgers' background jobs (registered with ``shoudi.jobs.registry``): the 消费帮扶 imports (products,
purchases) as one job kind whose ``params["what"]`` says which. The runner checks every row and writes all of
them in one transaction, or nothing; its refusal lists the rows ("第N行 列名：问题").

The job page shows the outcome (``markets/consumption/_import_report.html``) or, when refused, every bad row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile

from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import job_submit
from shoudi.markets import import_products, import_purchases
from shoudi.markets.access import MANAGE_CONSUMPTION
from shoudi.markets.consumption import keeper_county, require_manager
from shoudi.markets.import_common import run_import

IMPORT_KIND = Job.Kind.IMPORT_CONSUMPTION
REPORT = "markets/consumption/_import_report.html"
IMPORTS: dict[str, Callable[..., Any]] = {
    "products": import_products.import_file,
    "purchases": import_purchases.import_file,
}
LABELS = {"products": "消费帮扶产品", "purchases": "采购记录"}


@runner(IMPORT_KIND, Job.Stage.RUN, report_template=REPORT, outcome=("markets:home", "", "返回消费帮扶"))
def import_run(job: Job, progress: Progress) -> dict[str, Any]:
    return run_import(job, progress, imports=IMPORTS, labels=LABELS, capability=MANAGE_CONSUMPTION)


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
