"""Income's background jobs (registered with ``shoudi.jobs.registry``): the staged import of an income file
(validate and report; then, when the uploader confirms on the job page, write in one transaction) and the
export of an area's sheets of a year."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File

from shoudi.core.access import Capability, require
from shoudi.income.io import pipeline
from shoudi.income.io.apply import PHASE_APPLY
from shoudi.income.io.files import export_income
from shoudi.income.io.layout import YEAR_MAX, YEAR_MIN
from shoudi.jobs.models import Job
from shoudi.jobs.registry import Progress, runner
from shoudi.jobs.services import JobError, job_submit

IMPORT_REPORT = "income/io/_import_report.html"
EXPORT_REPORT = "income/io/_export_report.html"
MODES = ("all", "valid_only")


def _actor(job: Job) -> Any:
    user = job.created_by
    if user is None or not user.is_active or not user.can(Capability.IMPORT_INCOME):
        raise JobError("提交任务的账号已停用或已无相应权限")
    return user


def _store_result(job: Job, path: Path, name: str) -> None:
    with open(path, "rb") as fh:
        job.result_file.save(name, File(fh), save=False)
    job.result_name = name


def _report(plan: Any, valid_only: bool) -> dict[str, Any]:
    return {
        **plan.summary(),
        "mode": "valid_only" if valid_only else "all",
        "errors": pipeline.error_list(plan),
        "can_apply": pipeline.can_apply(plan, valid_only=valid_only),
    }


@runner(Job.Kind.IMPORT_INCOME, Job.Stage.VALIDATE, report_template=IMPORT_REPORT)
def import_validate(job: Job, progress: Progress) -> dict[str, Any]:
    actor = _actor(job)
    valid_only = job.params.get("mode") == "valid_only"
    outcome = pipeline.prepare(job.input_file.path, actor=actor, name=job.input_name, progress=progress)
    if outcome.plan.error_count:
        with tempfile.TemporaryDirectory() as tmp:
            path = pipeline.write_rejected(outcome, Path(tmp) / "rejected.xlsx", progress)
            if path:
                _store_result(job, path, f"{Path(job.input_name or '导入文件').stem[:80]}-未通过校验的行.xlsx")
    return _report(outcome.plan, valid_only)


@runner(Job.Kind.IMPORT_INCOME, Job.Stage.APPLY, report_template=IMPORT_REPORT)
def import_apply(job: Job, progress: Progress) -> dict[str, Any]:
    """Validate again (the database may have changed since), then write in one transaction."""
    actor = _actor(job)
    valid_only = job.params.get("mode") == "valid_only"
    outcome = pipeline.prepare(job.input_file.path, actor=actor, name=job.input_name, progress=progress)
    households = outcome.plan.summary()["valid_households"]
    if households != job.result.get("valid_households"):
        raise JobError("校验之后系统中的数据发生了变化，可导入的户数与报告不一致；请重新上传文件校验")
    progress(PHASE_APPLY + "（在一个事务中写入，完成前不会显示中间进度）", 0, households)
    result = pipeline.apply(
        outcome, actor=actor, valid_only=valid_only, reason=f"收入核算表导入：{job.input_name}", batch_ref=str(job.pk)
    )
    progress(PHASE_APPLY, households, households)
    return {"applied": result.as_dict()}


@runner(Job.Kind.EXPORT_INCOME, Job.Stage.RUN, report_template=EXPORT_REPORT)
def export_run(job: Job, progress: Progress) -> dict[str, Any]:
    actor = _actor(job)
    area, year = str(job.params.get("area") or actor.area_id), int(job.params.get("year") or 0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.xlsx"
        summary = export_income(user=actor, area=area, year=year, path=path, progress=progress)
        _store_result(job, path, f"收入核算表-{area}-{year}.xlsx")
    return summary


def import_submit(*, by: Any, upload: File, mode: str) -> Job:
    """Queue the validation of an uploaded income file (the uploader confirms the write on the job page)."""
    require(by, Capability.IMPORT_INCOME)
    if mode not in MODES:
        raise ValidationError({"mode": "导入方式应为“全部无误才导入”或“仅导入无误的户”"})
    return job_submit(
        by=by,
        kind=Job.Kind.IMPORT_INCOME,
        stage=Job.Stage.VALIDATE,
        area_code=by.area_id or "",
        params={"mode": mode},
        upload=upload,
        input_name=getattr(upload, "name", "") or "",
    )


def export_submit(*, by: Any, area_code: str, year: int) -> Job:
    """Queue the export of the sheets of ``year`` of ``area_code`` (inside the user's area)."""
    require(by, Capability.IMPORT_INCOME, area_code)
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ValidationError({"year": f"年度应在{YEAR_MIN}–{YEAR_MAX}年之间"})
    return job_submit(by=by, kind=Job.Kind.EXPORT_INCOME, area_code=area_code, params={"area": area_code, "year": year})
