"""Department-data pages (/feeds/): batches, upload (validated by a job, whose progress the batch page shows),
batch report and downloads, templates, column mappings. Thin: a form parses, a service decides
(``core.forms.submit``), a selector reads; anything out of scope is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, NotVisible, can
from shoudi.core.errors import error_text
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.feeds import selectors, services
from shoudi.feeds.forms import BatchFilter, MappingForm, UploadForm
from shoudi.feeds.models import FeedBatch
from shoudi.feeds.parse import FeedRefused
from shoudi.feeds.sources import SOURCES, SOURCES_LIST, Source
from shoudi.feeds.writers import XLSX_TYPE, template_bytes, template_name
from shoudi.registry.idnumber import mask


def _source_or_404(key: str) -> Source:
    source = SOURCES.get(key)
    if source is None:
        raise NotVisible("未找到该数据来源")
    return source


def _template_sources(user: Any) -> list[Source]:
    return services.uploadable_sources(user) or (list(SOURCES_LIST) if can(user, Capability.VIEW_FEEDS) else [])


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    selectors.require_feeds(user)
    form = BatchFilter(request.GET)
    context = {
        "batches": selectors.batch_list(user, source=form.chosen())[:200],
        "sources": _template_sources(user),
        "may_upload": bool(services.uploadable_sources(user)),
        "may_map": bool(services.mappable_sources(user)),
        "form": form,
    }
    return render(request, "feeds/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    sources = services.uploadable_sources(user)
    if not sources:
        raise NotVisible()
    if request.method != "POST":
        form = UploadForm(sources=sources, initial={"source": request.GET.get("source")})
        return render(request, "feeds/upload.html", {"form": form, "sources": sources})
    form = UploadForm(request.POST, request.FILES, sources=sources)

    def stage() -> FeedBatch:
        data = form.cleaned_data
        try:
            return services.stage_upload(
                by=user,
                source=data["source"],
                upload=data["file"],
                name=data["file"].name,
                period_from=data.get("period_from"),
                period_to=data.get("period_to"),
            )
        except FeedRefused as exc:  # the whole file is refused: said next to the file
            raise ValidationError({"file": str(exc)}) from None

    batch = submit(request, form, stage, success="已上传，正在逐行校验；校验完成后请查看报告并确认写入")
    if batch is None:
        return render(request, "feeds/upload.html", {"form": form, "sources": sources}, status=400)
    return redirect("feeds:batch", batch_id=batch.pk)


@login_required
@require_GET
def template(request: HttpRequest, source: str, fmt: str) -> HttpResponse:
    selectors.require_feeds(actor(request))
    spec = _source_or_404(source)
    if fmt not in ("csv", "xlsx"):
        raise NotVisible()
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    response = HttpResponse(template_bytes(spec, fmt), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, template_name(spec, fmt)) or ""
    return response


@login_required
@require_GET
def mappings(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    sources = services.mappable_sources(user)
    if not sources:
        raise NotVisible()
    area = getattr(user, "area_id", "") or ""
    rows = [(s, services.mapping_for(s, area)) for s in sources]
    return render(request, "feeds/mappings.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def mapping_edit(request: HttpRequest, source: str) -> HttpResponse:
    user = actor(request)
    spec = _source_or_404(source)
    if not services.may_map(user, spec):
        raise NotVisible()
    current = services.mapping_for(spec, getattr(user, "area_id", "") or "")
    form = MappingForm(posted(request), source=spec, mapping=current)
    saved = submit(
        request,
        form,
        lambda: services.save_mapping(by=user, source=spec, mapping=form.mapping()),
        success=f"已保存“{spec.label}”的列对应关系，之后上传的文件将按此识别列名",
    )
    if saved is not None:
        return redirect("feeds:mappings")
    status = 400 if request.method == "POST" else 200
    return render(request, "feeds/mapping_form.html", {"form": form, "source": spec}, status=status)


def _context(request: HttpRequest, batch: FeedBatch) -> dict[str, Any]:
    user = actor(request)
    job = batch.job
    running = job is not None and not job.finished
    full_ids = batch.uploaded_by_id == user.pk or can(user, Capability.REVEAL_ID)
    report = batch.report or {}
    unmatched = [(row, number if full_ids else mask(number), name) for row, number, name in report.get("unmatched", [])]
    return {
        "batch": batch,
        "job": job,
        "polling": running,
        "report": report,
        "unmatched": unmatched,
        "is_uploader": batch.uploaded_by_id == user.pk,
        "can_apply": (
            batch.uploaded_by_id == user.pk
            and batch.status == FeedBatch.Status.STAGED
            and job is not None
            and job.stage == "validate"
            and job.status == "done"
            and (batch.rows_matched + batch.rows_unmatched) > 0
        ),
    }


@login_required
@require_GET
def batch_detail(request: HttpRequest, batch_id: Any) -> HttpResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return render(request, "feeds/batch_detail.html", _context(request, batch))


@login_required
@require_GET
def batch_status(request: HttpRequest, batch_id: Any) -> HttpResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return render(request, "feeds/_status.html", _context(request, batch))


@login_required
@require_POST
def batch_apply(request: HttpRequest, batch_id: Any) -> HttpResponse:
    user = actor(request)
    batch = selectors.access_batch_by_id(user, batch_id)
    try:
        services.request_apply(by=user, batch=batch)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已确认写入，正在后台写入；完成后本页显示结果")
    return redirect("feeds:batch", batch_id=batch.pk)


def _download(field: FieldFile, name: str) -> FileResponse:
    if not field:
        raise NotVisible("没有可下载的文件")
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
@require_GET
def batch_file(request: HttpRequest, batch_id: Any) -> FileResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return _download(batch.file, batch.file_name or "file")


@login_required
@require_GET
def batch_rejected(request: HttpRequest, batch_id: Any) -> FileResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return _download(batch.rejected_file, f"{batch.source_label}-退回的行.xlsx")


@login_required
@require_GET
def batch_unmatched(request: HttpRequest, batch_id: Any) -> FileResponse:
    batch = selectors.access_batch_by_id(actor(request), batch_id)
    return _download(batch.unmatched_file, f"{batch.source_label}-未匹配的行.xlsx")
