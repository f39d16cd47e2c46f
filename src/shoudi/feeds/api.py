"""部门数据 API: sources and templates, upload (staged, validated in the worker), batches, apply, the
rejected and unmatched rows, column mappings — through the same selectors and services as the pages."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from shoudi.core.access import Capability, NotVisible
from shoudi.core.api import ERRORS, InputSchema, actor, require_capability
from shoudi.feeds import selectors, services
from shoudi.feeds.models import FeedBatch
from shoudi.feeds.parse import FeedRefused
from shoudi.feeds.sources import SOURCES, SOURCES_LIST, Source
from shoudi.feeds.writers import XLSX_TYPE, template_bytes, template_name
from shoudi.registry.idnumber import mask

router = Router()


class ColumnOut(Schema):
    header: str = Field(title="列名")
    field: str = Field(title="对应的标准字段")
    required: bool = Field(title="必填")
    allowed: str = Field(title="可填写的值")


class SourceOut(Schema):
    id: str = Field(title="数据来源编号")
    label: str = Field(title="数据来源")
    department: str = Field(title="报送部门")
    department_label: str = Field(title="报送部门名称")
    columns: list[ColumnOut]


class RowErrorOut(Schema):
    row: int = Field(title="行号")
    column: str = Field(title="列")
    message: str = Field(title="错误")


class UnmatchedOut(Schema):
    row: int = Field(title="行号")
    id_number: str = Field(title="身份证号（脱敏）")
    name: str = Field(title="姓名")


class BatchOut(Schema):
    id: uuid.UUID
    source: str = Field(title="数据来源编号")
    source_label: str = Field(title="数据来源")
    area_code: str = Field(title="所属区域")
    file_name: str = Field(title="文件名")
    period_from: dt.date | None = Field(title="数据期间（起）")
    period_to: dt.date | None = Field(title="数据期间（止）")
    status: str = Field(title="状态")
    status_label: str = Field(title="状态名称")
    uploaded_by: str = Field(title="上传人")
    created_at: dt.datetime = Field(title="上传时间")
    applied_at: dt.datetime | None = Field(title="写入时间")
    rows_total: int
    rows_rejected: int
    rows_matched: int
    rows_unmatched: int
    job_stage: str = Field("", title="任务阶段")
    job_status: str = Field("", title="任务状态")
    job_phase: str = Field("", title="当前步骤")
    job_done: int = 0
    job_total: int = 0
    message: str = Field("", title="失败原因")
    error_count: int = Field(0, title="错误数")
    errors: list[RowErrorOut] = Field(default_factory=list, title="错误（前1000处）")
    unmatched: list[UnmatchedOut] = Field(default_factory=list, title="未匹配的行（前200行，身份证号脱敏）")
    has_rejected_file: bool = False
    has_unmatched_file: bool = False


class MappingIn(InputSchema):
    mapping: dict[str, str] = Field(title="列对应关系（原表列名 → 模板列名）")


class MappingOut(Schema):
    source: str
    area_code: str
    mapping: dict[str, str]


def _user(request: HttpRequest) -> Any:
    user = actor(request)
    selectors.require_feeds(user)
    return user


def _source(key: str) -> Source:
    source = SOURCES.get(key)
    if source is None:
        raise NotVisible("未找到该数据来源")
    return source


def _source_out(source: Source) -> dict[str, Any]:
    return {
        "id": source.id,
        "label": source.label,
        "department": source.department,
        "department_label": source.department_label,
        "columns": [
            {"header": c.header, "field": c.field, "required": c.required, "allowed": c.allowed} for c in source.columns
        ],
    }


def _batch_out(batch: FeedBatch, *, detail: bool = False) -> dict[str, Any]:
    job = batch.job
    report = batch.report or {}
    data: dict[str, Any] = {
        "id": batch.pk,
        "source": batch.source,
        "source_label": batch.source_label,
        "area_code": batch.area_id,
        "file_name": batch.file_name,
        "period_from": batch.period_from,
        "period_to": batch.period_to,
        "status": batch.status,
        "status_label": batch.get_status_display(),
        "uploaded_by": batch.uploaded_by.display_name if batch.uploaded_by else "系统",
        "created_at": batch.created_at,
        "applied_at": batch.applied_at,
        "rows_total": batch.rows_total,
        "rows_rejected": batch.rows_rejected,
        "rows_matched": batch.rows_matched,
        "rows_unmatched": batch.rows_unmatched,
        "message": batch.message or (job.error if job else ""),
        "error_count": int(report.get("error_count", 0)),
        "has_rejected_file": bool(batch.rejected_file),
        "has_unmatched_file": bool(batch.unmatched_file),
    }
    if job is not None:
        data.update(job_stage=job.stage, job_status=job.status, job_phase=job.phase, job_done=job.done)
        data["job_total"] = job.total
    if detail:
        data["errors"] = [{"row": r, "column": c, "message": m} for r, c, m in report.get("errors", [])]
        data["unmatched"] = [
            {"row": r, "id_number": mask(n), "name": name} for r, n, name in report.get("unmatched", [])
        ]
    return data


@router.get("/sources", response={200: list[SourceOut], **ERRORS}, summary="数据来源及其模板列")
def source_list(request: HttpRequest) -> list[dict[str, Any]]:
    _user(request)
    return [_source_out(s) for s in SOURCES_LIST]


@router.get("/sources/{source}/template", response={200: None, **ERRORS}, summary="下载模板（xlsx 或 csv）")
def source_template(request: HttpRequest, source: str, format: str = Query("xlsx", pattern="^(xlsx|csv)$")) -> Any:
    _user(request)
    spec = _source(source)
    content_type = "text/csv; charset=utf-8" if format == "csv" else XLSX_TYPE
    response = HttpResponse(template_bytes(spec, format), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, template_name(spec, format)) or ""
    return response


@router.get("/batches", response={200: list[BatchOut], **ERRORS}, summary="数据批次（部门数据员只看到自己上传的）")
def batch_list(
    request: HttpRequest,
    source: str = Query(""),
    status: str = Query(""),
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[dict[str, Any]]:
    user = _user(request)
    qs = selectors.batch_list(user, source=source, status=status)
    return [_batch_out(b) for b in qs[offset : offset + limit]]


@router.post(
    "/batches",
    response={201: BatchOut, **ERRORS},
    summary="上传部门数据（暂存并在后台逐行校验；确认后才写入）",
)
def batch_upload(
    request: HttpRequest,
    source: Form[str],
    file: File[UploadedFile],
    period_from: Form[dt.date | None] = None,
    period_to: Form[dt.date | None] = None,
) -> Status:
    user = require_capability(request, Capability.UPLOAD_FEEDS)
    spec = SOURCES.get(source)
    if spec is None:
        raise ValidationError({"source": f"未知的数据来源“{source}”"})
    try:
        batch = services.stage_upload(
            by=user, source=spec, upload=file, name=file.name or "", period_from=period_from, period_to=period_to
        )
    except FeedRefused as exc:
        raise ValidationError({"file": str(exc)}) from None
    batch.refresh_from_db()
    return Status(201, _batch_out(batch, detail=True))


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS}, summary="数据批次详情（含错误报告）")
def batch_detail(request: HttpRequest, batch_id: uuid.UUID) -> dict[str, Any]:
    return _batch_out(selectors.access_batch_by_id(actor(request), batch_id), detail=True)


@router.post("/batches/{batch_id}/apply", response={200: BatchOut, **ERRORS}, summary="确认写入已校验的批次")
def batch_apply(request: HttpRequest, batch_id: uuid.UUID) -> dict[str, Any]:
    user = actor(request)
    batch = selectors.access_batch_by_id(user, batch_id)
    services.request_apply(by=user, batch=batch)
    batch.refresh_from_db()
    return _batch_out(batch, detail=True)


def _file(field: Any, name: str) -> FileResponse:
    if not field:
        raise NotVisible("没有可下载的文件")
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@router.get("/batches/{batch_id}/rejected", response={200: None, **ERRORS}, summary="下载退回的行（.xlsx）")
def batch_rejected(request: HttpRequest, batch_id: uuid.UUID) -> FileResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return _file(batch.rejected_file, f"{batch.source_label}-退回的行.xlsx")


@router.get("/batches/{batch_id}/unmatched", response={200: None, **ERRORS}, summary="下载未匹配的行（.xlsx）")
def batch_unmatched(request: HttpRequest, batch_id: uuid.UUID) -> FileResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return _file(batch.unmatched_file, f"{batch.source_label}-未匹配的行.xlsx")


@router.get("/mappings/{source}", response={200: MappingOut, **ERRORS}, summary="列对应关系")
def mapping_get(request: HttpRequest, source: str) -> dict[str, Any]:
    user = actor(request)
    spec = _source(source)
    if not services.may_map(user, spec):
        raise NotVisible()
    return {"source": spec.id, "area_code": user.area_id, "mapping": services.mapping_for(spec, user.area_id)}


@router.put("/mappings/{source}", response={200: MappingOut, **ERRORS}, summary="保存列对应关系")
def mapping_put(request: HttpRequest, source: str, body: MappingIn) -> dict[str, Any]:
    user = actor(request)
    spec = _source(source)
    saved = services.save_mapping(by=user, source=spec, mapping=body.mapping)
    return {"source": spec.id, "area_code": saved.area_id, "mapping": saved.mapping}
