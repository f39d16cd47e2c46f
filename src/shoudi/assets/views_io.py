"""Import and export of the asset ledgers, both as jobs (``assets.jobs``): the import is staged (upload → every
row checked → the uploader confirms → all rows written or none); the export writes the ledgers' workbook, which
is downloaded once the job is done. Each page links to its jobs' pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from shoudi.assets.export import export_submit
from shoudi.assets.forms_flow import ExportForm, ImportForm
from shoudi.assets.imports import import_confirm, import_submit
from shoudi.assets.io import template_bytes
from shoudi.assets.models import ImportBatch
from shoudi.assets.pages import areas, run
from shoudi.assets.selectors import access_import_batch_by_id, import_batches_visible
from shoudi.core.access import Capability, require
from shoudi.core.forms import Form, posted
from shoudi.core.views import actor
from shoudi.jobs.models import Job
from shoudi.jobs.selectors import job_list

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.IMPORT_ASSETS)
    if request.method == "GET" and request.GET.get("template") == "1":
        response = HttpResponse(template_bytes(), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(True, "资产台账导入模板.xlsx") or ""
        return response
    form = ImportForm(posted(request), request.FILES)
    batch = run(
        request,
        [form],
        lambda: import_submit(by=user, upload=form.cleaned_data["file"]),
        success="文件已上传，正在逐行检查",
    )
    if batch is not None:
        return redirect("assets:import_batch", batch.pk)
    batches = import_batches_visible(user).select_related("job").order_by("-created_at")[:10]
    context = {"form": form, "batches": batches}
    return render(request, "assets/import.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def import_batch(request: HttpRequest, batch_id: Any) -> HttpResponse:
    """The check's outcome; the uploader confirms the write here (a form with no fields but the button)."""
    user = actor(request)
    batch = access_import_batch_by_id(user, batch_id)
    form = Form(posted(request))
    done = run(request, [form], lambda: import_confirm(by=user, batch=batch), success="已确认导入，正在写入")
    if done is not None:
        return redirect("assets:import_batch", batch.pk)
    context = {
        "batch": batch,
        "preview": batch.rows[:50],
        "form": form,
        "staged": batch.status == ImportBatch.Status.STAGED,
    }
    return render(request, "assets/import_batch.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def export_ledgers(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EXPORT_ASSETS)
    choices = [(user.area_id, f"{user.area.name}（全部）")] if user.area else []
    form = ExportForm(posted(request), areas=choices + areas(user), initial={"area": user.area_id})
    job = run(
        request,
        [form],
        lambda: export_submit(by=user, level=form.cleaned_data["level"], area=form.cleaned_data["area"]),
        success="已开始导出，完成后可在下方下载",
    )
    if job is not None:
        return redirect("assets:export")
    jobs = [j for j in job_list(user, kind=Job.Kind.EXPORT_ASSETS, limit=20) if j.created_by_id == user.pk][:10]
    context = {"form": form, "jobs": jobs}
    return render(request, "assets/export.html", context, status=400 if request.method == "POST" else 200)
