"""Runners for the jobs of imports and exports (called by ``shoudi.jobs.tasks.run_job``).

Progress: validation runs outside any transaction and reports as it goes (each report is one short
UPDATE of the job row, visible at once to the polling page on SQLite and PostgreSQL). Writing runs in one
transaction; its progress is only reported before and after, because on SQLite another connection
cannot write while that transaction holds the write lock, and on any database rows written inside it would
stay invisible until commit (or vanish on rollback) — so the page shows “正在写入” until it commits.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File

from shoudi.core.access import Capability, require
from shoudi.jobs.models import Job
from shoudi.jobs.services import JobError, job_submit
from shoudi.registry.io import pipeline
from shoudi.registry.io.apply import PHASE_APPLY
from shoudi.registry.io.export import export_households
from shoudi.registry.io.validate import ImportPlan

Progress = Any


def _actor(job: Job, capability: Capability) -> Any:
    user = job.created_by
    if user is None or not user.is_active or not user.can(capability):
        raise JobError("提交任务的账号已停用或已无相应权限")
    return user


def _store_result(job: Job, path: Path, name: str) -> None:
    with open(path, "rb") as fh:
        job.result_file.save(name, File(fh), save=False)
    job.result_name = name


def _stem(name: str) -> str:
    return Path(name or "导入文件").stem[:80]


def _report(plan: ImportPlan, valid_only: bool) -> dict[str, Any]:
    return {
        **plan.summary(),
        "mode": "valid_only" if valid_only else "all",
        "errors": pipeline.error_list(plan),
        "can_apply": pipeline.can_apply(plan, valid_only=valid_only),
    }


def import_validate(job: Job, progress: Progress) -> dict[str, Any]:
    actor = _actor(job, Capability.IMPORT_HOUSEHOLDS)
    valid_only = job.params.get("mode") == "valid_only"
    outcome = pipeline.prepare(job.input_file.path, actor=actor, name=job.input_name, progress=progress)
    if outcome.plan.error_count:
        with tempfile.TemporaryDirectory() as tmp:
            name = f"{_stem(job.input_name)}-未通过校验的行.xlsx"
            path = pipeline.write_rejected(outcome, Path(tmp) / "rejected.xlsx", progress)
            if path:
                _store_result(job, path, name)
    return _report(outcome.plan, valid_only)


def import_apply(job: Job, progress: Progress) -> dict[str, Any]:
    """Validate again (the database may have changed since), then write in one transaction."""
    actor = _actor(job, Capability.IMPORT_HOUSEHOLDS)
    valid_only = job.params.get("mode") == "valid_only"
    outcome = pipeline.prepare(job.input_file.path, actor=actor, name=job.input_name, progress=progress)
    before = job.result.get("valid_households")
    if outcome.plan.summary()["valid_households"] != before and valid_only:
        raise JobError("校验之后系统中的数据发生了变化，可导入的户数与报告不一致；请重新上传文件校验")
    households = outcome.plan.summary()["valid_households"]
    progress(PHASE_APPLY + "（在一个事务中写入，完成前不会显示中间进度）", 0, households)
    result = pipeline.apply(outcome, actor=actor, valid_only=valid_only, reason=f"批量导入：{job.input_name}")
    progress(PHASE_APPLY, households, households)
    return {"applied": result.as_dict()}


def export_run(job: Job, progress: Progress) -> dict[str, Any]:
    actor = _actor(job, Capability.EXPORT_HOUSEHOLDS)
    fmt = "csv" if job.params.get("format") == "csv" else "xlsx"
    area = str(job.params.get("area") or actor.area_id)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"export.{fmt}"
        summary = export_households(user=actor, area=area, path=path, progress=progress)
        _store_result(job, path, f"农户和成员-{area}.{fmt}")
    return summary


def import_submit(*, by: Any, upload: File, mode: str) -> Job:
    """Queue the validation of an uploaded household file (the user confirms the write on the job page)."""
    require(by, Capability.IMPORT_HOUSEHOLDS)
    if mode not in ("all", "valid_only"):
        raise ValidationError({"mode": "导入方式应为“全部正确才导入”或“只导入正确的行”"})
    return job_submit(
        by=by,
        kind=Job.Kind.IMPORT_HOUSEHOLDS,
        stage=Job.Stage.VALIDATE,
        area_code=by.area_id or "",
        params={"mode": mode},
        upload=upload,
        input_name=getattr(upload, "name", "") or "",
    )


def export_submit(*, by: Any, area_code: str, fmt: str) -> Job:
    """Queue an export of the households of ``area_code`` (inside the user's area) as XLSX or CSV."""
    require(by, Capability.EXPORT_HOUSEHOLDS, area_code)
    if fmt not in ("xlsx", "csv"):
        raise ValidationError({"format": "导出格式应为 xlsx 或 csv"})
    return job_submit(
        by=by, kind=Job.Kind.EXPORT_HOUSEHOLDS, area_code=area_code, params={"area": area_code, "format": fmt}
    )
