"""The staged import of an existing asset ledger, as a job (``assets.jobs``): upload → every row checked
(``ImportBatch`` "staged" or "invalid", each error as "第N行 列名：问题") → the uploader confirms → all rows
written in one transaction, or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from shoudi.assets.io import Progress, read_rows, validate, write_rows
from shoudi.assets.models import ImportBatch
from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.jobs.services import job_restage, job_submit

MAX_ERRORS_SHOWN = 500


def import_submit(*, by: Any, upload: UploadedFile) -> ImportBatch:
    """Keep the file and queue the check of every row; nothing enters the ledger before the uploader confirms."""
    require(by, Capability.IMPORT_ASSETS)
    name = (upload.name or "台账.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:200]
    with transaction.atomic():
        batch = ImportBatch.objects.create(file_name=name, area_code=by.area_id or "", created_by=by, updated_by=by)
        batch.job = job_submit(
            by=by,
            kind=Job.Kind.IMPORT_ASSETS,
            stage=Job.Stage.VALIDATE,
            area_code=by.area_id or "",
            params={"batch": str(batch.pk)},
            upload=upload,
            input_name=name,
        )
        batch.save(update_fields=["job"])
    return batch


def import_confirm(*, by: Any, batch: ImportBatch) -> ImportBatch:
    """The uploader asks for the checked rows to be written (the job's second stage)."""
    require(by, Capability.IMPORT_ASSETS, batch.area_code or None)
    if batch.created_by_id != getattr(by, "pk", None):
        raise ValidationError("只有上传该文件的用户可以确认导入")
    if batch.status != ImportBatch.Status.STAGED or batch.job is None:
        raise ValidationError("该批次不能导入（正在检查、有错误或已导入）")
    with transaction.atomic():
        moved = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.STAGED).update(
            status=ImportBatch.Status.APPLYING
        )
        if not moved or not job_restage(batch.job, by=by, stage=Job.Stage.APPLY, phase="等待写入"):
            raise ConflictError("该批次已确认导入，请刷新后查看", code="conflict")
    batch.refresh_from_db()
    return batch


def batch_check(batch: ImportBatch, *, by: Any, path: Path, progress: Progress) -> dict[str, Any]:
    """The job's first stage: read the file, check every row, keep the rows and the errors on the batch."""
    rows = read_rows(path, batch.file_name)
    progress("逐行检查", 0, len(rows))
    errors = [str(e) for e in validate(rows, by, progress)] or ([] if rows else ["文件中没有资产数据行"])
    batch.rows = [{"row": n, **r} for n, r in rows]
    batch.errors = errors[:MAX_ERRORS_SHOWN]
    batch.status = ImportBatch.Status.INVALID if errors else ImportBatch.Status.STAGED
    batch.save(update_fields=["rows", "errors", "status", "updated_at"])
    return {"batch": str(batch.pk), "rows": len(rows), "error_count": len(errors), "can_apply": not errors}


def batch_write(batch: ImportBatch, *, by: Any, progress: Progress) -> dict[str, Any]:
    """The job's second stage: check again (the ledger may have changed since), then write every row in one
    transaction. Errors found now leave the batch "invalid" and nothing written."""
    rows = [(r["row"], {k: v for k, v in r.items() if k != "row"}) for r in batch.rows]
    progress("再次检查", 0, len(rows))
    errors = validate(rows, by, progress)
    if errors:
        batch_failed(batch, [str(e) for e in errors])
        raise ValidationError([str(e) for e in errors[:20]])
    progress("正在写入（在一个事务中写入，完成前不会显示中间进度）", 0, len(rows))
    with transaction.atomic():
        count = write_rows(rows, by)
        batch.status = ImportBatch.Status.APPLIED
        batch.applied_count = count
        batch.updated_by = by
        batch.save()
        audit_entry(
            actor=by,
            action=AuditEntry.Action.IMPORT,
            obj=batch,
            changes={"导入条数": count, "文件": batch.file_name},
            area_code=batch.area_code,
        )
    progress("已写入", count, count)
    return {"batch": str(batch.pk), "applied": count}


def batch_failed(batch: ImportBatch, errors: list[str]) -> None:
    ImportBatch.objects.filter(pk=batch.pk).exclude(status=ImportBatch.Status.APPLIED).update(
        status=ImportBatch.Status.INVALID, errors=errors[:MAX_ERRORS_SHOWN]
    )
