"""The import/export page (/data/): upload a file for a staged import, start an export, get the template.

The work itself runs as a job (``shoudi.jobs``); these views create it and send the user to its page.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from shoudi.core.access import Capability, require
from shoudi.jobs.models import Job
from shoudi.jobs.selectors import job_list
from shoudi.registry.io.forms import ExportForm, ImportForm
from shoudi.registry.io.jobs import export_submit, import_submit
from shoudi.registry.io.writers import write_template

TEMPLATE_NAME = "农户成员导入模板"
KINDS = (Job.Kind.IMPORT_HOUSEHOLDS, Job.Kind.EXPORT_HOUSEHOLDS)


def _require_io(user: object) -> None:
    can = getattr(user, "can", None)
    if not (can and (can(Capability.IMPORT_HOUSEHOLDS) or can(Capability.EXPORT_HOUSEHOLDS))):
        raise Http404("未找到")


def _page(
    request: HttpRequest,
    *,
    import_form: ImportForm | None = None,
    export_form: ExportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can = user.can  # type: ignore[union-attr]
    jobs = [j for j in job_list(user, limit=40) if j.kind in KINDS][:20]
    context = {
        "import_form": import_form or (ImportForm() if can(Capability.IMPORT_HOUSEHOLDS) else None),
        "export_form": export_form or (ExportForm(user=user) if can(Capability.EXPORT_HOUSEHOLDS) else None),
        "jobs": jobs,
    }
    return render(request, "registry/io/index.html", context, status=status)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    _require_io(request.user)
    return _page(request)


@login_required
@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.IMPORT_HOUSEHOLDS)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, import_form=form, status=400)
    job = import_submit(by=request.user, upload=form.cleaned_data["file"], mode=form.cleaned_data["mode"])
    return redirect("jobs:detail", job_id=job.pk)


@login_required
@require_POST
def export_start(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.EXPORT_HOUSEHOLDS)
    form = ExportForm(request.POST, user=request.user)
    if not form.is_valid():
        return _page(request, export_form=form, status=400)
    job = export_submit(by=request.user, area_code=form.cleaned_data["area"], fmt=form.cleaned_data["format"])
    return redirect("jobs:detail", job_id=job.pk)


@login_required
def template_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _require_io(request.user)
    if fmt not in ("xlsx", "csv"):
        raise Http404("未找到")
    with tempfile.TemporaryDirectory() as tmp:
        path = write_template(Path(tmp) / f"template.{fmt}")
        content = path.read_bytes()
    content_type = (
        "text/csv; charset=utf-8"
        if fmt == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, f"{TEMPLATE_NAME}.{fmt}") or ""
    return response
