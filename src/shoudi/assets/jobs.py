"""The asset ledger's background jobs (registered with ``shoudi.jobs.registry``): the staged import (check every
row, then — when the uploader confirms — write them all in one transaction) and the export of the ledgers,
whose file is downloaded from the job's page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from shoudi.assets.export import ledgers_xlsx
from shoudi.assets.imports import batch_check, batch_failed, batch_write
from shoudi.assets.models import ImportBatch
from shoudi.core.access import Capability
from shoudi.core.audit import audit_entry
from shoudi.core.errors import error_text
from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError
from shoudi.regions.models import Region


def _actor(job: Job, capability: Capability) -> Any:
    user = job.created_by
    if user is None or not user.is_active or not user.can(capability):
        raise JobError("提交任务的账号已停用或已无相应权限")
    return user


def _batch(job: Job) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is None:
        raise JobError("找不到该任务对应的导入批次")
    return batch


def _import_failed(job: Job, message: str) -> None:
    batch = ImportBatch.objects.filter(pk=job.params.get("batch")).first()
    if batch is not None:
        batch_failed(batch, [message])


@runner(
    Job.Kind.IMPORT_ASSETS,
    Job.Stage.VALIDATE,
    on_failure=_import_failed,
    outcome=("assets:import_batch", "batch", "查看导入批次"),
)
def import_check(job: Job, progress: Progress) -> dict[str, Any]:
    by = _actor(job, Capability.IMPORT_ASSETS)
    return batch_check(_batch(job), by=by, path=Path(job.input_file.path), progress=progress)


@runner(Job.Kind.IMPORT_ASSETS, Job.Stage.APPLY, on_failure=_import_failed)
def import_write(job: Job, progress: Progress) -> dict[str, Any]:
    by = _actor(job, Capability.IMPORT_ASSETS)
    try:
        return batch_write(_batch(job), by=by, progress=progress)
    except ValidationError as exc:
        raise JobError(f"未导入：{error_text(exc)}") from None


@runner(Job.Kind.EXPORT_ASSETS, Job.Stage.RUN)
def export_run(job: Job, progress: Progress) -> dict[str, Any]:
    by = _actor(job, Capability.EXPORT_ASSETS)
    level, area = str(job.params.get("level") or ""), str(job.params.get("area") or by.area_id or "")
    region = Region.objects.filter(pk=area).first()
    title = region.name if region else ""
    day = timezone.localdate()
    content = ledgers_xlsx(by, title_area=title, level=level, area=area, today=day, progress=progress)
    name = f"资产管理台账_{title}_{day:%Y%m%d}.xlsx"
    job.result_file.save(name, ContentFile(content), save=False)
    job.result_name = name
    with transaction.atomic():
        audit_entry(
            actor=by,
            action=AuditEntry.Action.EXPORT,
            obj=job,
            changes={"导出": "资产管理台账", "台账级别": level or "全部", "区域": area},
            area_code=area,
        )
    return {"area": area, "level": level, "file": name, "exported_on": dt.date.isoformat(day)}
