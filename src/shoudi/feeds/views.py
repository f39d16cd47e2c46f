"""Department-data pages (/feeds/): batches, upload with progress, batch report and downloads, templates,
column mappings. Thin: selectors for reads, services for writes; anything out of scope is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shoudi.core.access import Capability
from shoudi.feeds import selectors, services
from shoudi.feeds.forms import MappingForm, UploadForm
from shoudi.feeds.models import FeedBatch
from shoudi.feeds.parse import FeedRefused
from shoudi.feeds.sources import SOURCES, SOURCES_LIST, Source
from shoudi.feeds.writers import XLSX_TYPE, template_bytes, template_name
from shoudi.registry.idnumber import mask

FEED_CAPABILITIES = (Capability.UPLOAD_FEEDS, Capability.VIEW_FEEDS, Capability.MAP_FEEDS)


def _require_feeds(user: Any) -> None:
    can = getattr(user, "can", None)
    if not (can and any(can(c) for c in FEED_CAPABILITIES)):
        raise Http404("未找到")


def _source_or_404(key: str) -> Source:
    source = SOURCES.get(key)
    if source is None:
        raise Http404("未找到该数据来源")
    return source


def _template_sources(user: Any) -> list[Source]:
    return services.uploadable_sources(user) or (list(SOURCES_LIST) if user.can(Capability.VIEW_FEEDS) else [])


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_feeds(user)
    source = request.GET.get("source", "")
    batches = selectors.batch_list(user, source=source if source in SOURCES else "")[:200]
    context = {
        "batches": batches,
        "sources": _template_sources(user),
        "may_upload": bool(services.uploadable_sources(user)),
        "may_map": bool(services.mappable_sources(user)),
        "all_sources": SOURCES_LIST,
        "current_source": source,
    }
    return render(request, "feeds/index.html", context)


def _upload_page(request: HttpRequest, form: UploadForm, status: int = 200) -> HttpResponse:
    return render(
        request,
        "feeds/upload.html",
        {"form": form, "sources": services.uploadable_sources(request.user)},
        status=status,
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    user = request.user
    sources = services.uploadable_sources(user)
    if not sources:
        raise Http404("未找到")
    if request.method != "POST":
        return _upload_page(request, UploadForm(sources=sources, initial={"source": request.GET.get("source")}))
    form = UploadForm(request.POST, request.FILES, sources=sources)
    if not form.is_valid():
        return _upload_page(request, form, status=400)
    data = form.cleaned_data
    try:
        batch = services.stage_upload(
            by=user,
            source=data["source"],
            upload=data["file"],
            name=data["file"].name,
            period_from=data.get("period_from"),
            period_to=data.get("period_to"),
        )
    except FeedRefused as exc:
        form.add_error("file", str(exc))
        return _upload_page(request, form, status=400)
    return redirect("feeds:batch", batch_id=batch.pk)


@login_required
def template(request: HttpRequest, source: str, fmt: str) -> HttpResponse:
    _require_feeds(request.user)
    spec = _source_or_404(source)
    if fmt not in ("csv", "xlsx"):
        raise Http404("未找到")
    content_type = "text/csv; charset=utf-8" if fmt == "csv" else XLSX_TYPE
    response = HttpResponse(template_bytes(spec, fmt), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, template_name(spec, fmt)) or ""
    return response


@login_required
def mappings(request: HttpRequest) -> HttpResponse:
    user = request.user
    sources = services.mappable_sources(user)
    if not sources:
        raise Http404("未找到")
    area = getattr(user, "area_id", "") or ""
    rows = [(s, services.mapping_for(s, area)) for s in sources]
    return render(request, "feeds/mappings.html", {"rows": rows})


@login_required
def mapping_edit(request: HttpRequest, source: str) -> HttpResponse:
    user = request.user
    spec = _source_or_404(source)
    if not services.may_map(user, spec):
        raise Http404("未找到")
    current = services.mapping_for(spec, getattr(user, "area_id", "") or "")
    form = MappingForm(request.POST or None, source=spec, mapping=current)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_mapping(by=user, source=spec, mapping=form.mapping())
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
            else:
                messages.success(request, f"已保存“{spec.label}”的列对应关系，之后上传的文件将按此识别列名")
                return redirect("feeds:mappings")
        status = 400
    return render(request, "feeds/mapping_form.html", {"form": form, "source": spec}, status=status)


def _context(request: HttpRequest, batch: FeedBatch) -> dict[str, Any]:
    user: Any = request.user
    job = batch.job
    running = job is not None and not job.finished
    full_ids = batch.uploaded_by_id == user.pk or user.can(Capability.REVEAL_ID)
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
def batch_detail(request: HttpRequest, batch_id: Any) -> HttpResponse:
    batch = selectors.access_batch_by_id(request.user, batch_id)
    return render(request, "feeds/batch_detail.html", _context(request, batch))


@login_required
def batch_status(request: HttpRequest, batch_id: Any) -> HttpResponse:
    batch = selectors.access_batch_by_id(request.user, batch_id)
    return render(request, "feeds/_status.html", _context(request, batch))


@login_required
@require_POST
def batch_apply(request: HttpRequest, batch_id: Any) -> HttpResponse:
    batch = selectors.access_batch_by_id(request.user, batch_id)
    try:
        services.request_apply(by=request.user, batch=batch)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    return redirect("feeds:batch", batch_id=batch.pk)


def _download(field: FieldFile, name: str) -> FileResponse:
    if not field:
        raise Http404("没有可下载的文件")
    return FileResponse(field.open("rb"), as_attachment=True, filename=name)


@login_required
def batch_file(request: HttpRequest, batch_id: Any) -> FileResponse:
    batch = selectors.access_batch_by_id(request.user, batch_id)
    return _download(batch.file, batch.file_name or "file")


@login_required
def batch_rejected(request: HttpRequest, batch_id: Any) -> FileResponse:
    batch = selectors.access_batch_by_id(request.user, batch_id)
    return _download(batch.rejected_file, f"{batch.source_label}-退回的行.xlsx")


@login_required
def batch_unmatched(request: HttpRequest, batch_id: Any) -> FileResponse:
    batch = selectors.access_batch_by_id(request.user, batch_id)
    return _download(batch.unmatched_file, f"{batch.source_label}-未匹配的行.xlsx")
