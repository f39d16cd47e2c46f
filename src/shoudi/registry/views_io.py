"""The import/export page (/data/): upload a file for a staged import, start an export, get the template.

The work itself runs as a job (``shoudi.jobs``); these views create it and send the user to its page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.views import actor
from shoudi.jobs.models import Job
from shoudi.jobs.pages import download, start_job
from shoudi.jobs.selectors import job_list
from shoudi.registry.io.forms import ExportForm, ImportForm
from shoudi.registry.io.jobs import export_submit, import_submit
from shoudi.registry.io.writers import write_template

TEMPLATE_NAME = "农户成员导入模板"
KINDS = (Job.Kind.IMPORT_HOUSEHOLDS, Job.Kind.EXPORT_HOUSEHOLDS)


def _require_io(user: Any) -> None:
    if not (can(user, Capability.IMPORT_HOUSEHOLDS) or can(user, Capability.EXPORT_HOUSEHOLDS)):
        raise NotVisible()


def _page(
    request: HttpRequest,
    *,
    import_form: ImportForm | None = None,
    export_form: ExportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = actor(request)
    jobs = [j for j in job_list(user, limit=40) if j.kind in KINDS][:20]
    context = {
        "import_form": import_form or (ImportForm() if can(user, Capability.IMPORT_HOUSEHOLDS) else None),
        "export_form": export_form or (ExportForm(user=user) if can(user, Capability.EXPORT_HOUSEHOLDS) else None),
        "jobs": jobs,
    }
    return render(request, "registry/io/index.html", context, status=status)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_io(actor(request))
    return _page(request)


@require_POST
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    """Queue the validation of an uploaded file; the job page shows its report and the confirm button."""
    user = actor(request)
    require(user, Capability.IMPORT_HOUSEHOLDS)
    form = ImportForm(request.POST, request.FILES)
    return start_job(
        request,
        form,
        lambda: import_submit(by=user, upload=form.cleaned_data["file"], mode=form.cleaned_data["mode"]),
        success="文件已上传并开始逐行校验，校验结果显示在本页。",
        again=lambda f: _page(request, import_form=f, status=400),
    )


@require_POST
@login_required
def export_start(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EXPORT_HOUSEHOLDS)
    form = ExportForm(request.POST, user=user)
    return start_job(
        request,
        form,
        lambda: export_submit(by=user, area_code=form.cleaned_data["area"], fmt=form.cleaned_data["format"]),
        success="已开始导出；完成后可在本页下载文件。",
        again=lambda f: _page(request, export_form=f, status=400),
    )


@require_GET
@login_required
def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_io(actor(request))
    if fmt not in ("xlsx", "csv"):
        raise NotVisible()
    with tempfile.TemporaryDirectory() as tmp:
        path = write_template(Path(tmp) / f"template.{fmt}")
        content = path.read_bytes()
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    return download(content, f"{TEMPLATE_NAME}.{fmt}", content_type)
