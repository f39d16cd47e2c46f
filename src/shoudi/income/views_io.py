"""The income import/export page (/income/data/): upload a 收入核算 file for a staged import, export an area's
sheets of a year, download the template. The work runs as a job; these views create it and send the user to
its page (progress, the per-row errors, the button that applies all or the valid households)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.access import Capability, require
from shoudi.core.exports import XLSX_TYPE
from shoudi.core.views import actor
from shoudi.income.io.files import write_template
from shoudi.income.io.forms import ExportForm, ImportForm
from shoudi.income.jobs import export_submit, import_submit
from shoudi.jobs.models import Job
from shoudi.jobs.pages import download, start_job
from shoudi.jobs.selectors import job_list

TEMPLATE_NAME = "收入核算表导入模板.xlsx"
KINDS = (Job.Kind.IMPORT_INCOME, Job.Kind.EXPORT_INCOME)


def _page(
    request: HttpRequest,
    *,
    import_form: ImportForm | None = None,
    export_form: ExportForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = actor(request)
    context: dict[str, Any] = {
        "import_form": import_form or ImportForm(),
        "export_form": export_form or ExportForm(user=user),
        "jobs": [j for j in job_list(user, limit=40) if j.kind in KINDS][:20],
    }
    return render(request, "income/io/index.html", context, status=status)


@require_GET
@login_required
def index(request: HttpRequest) -> HttpResponse:
    require(actor(request), Capability.IMPORT_INCOME)
    return _page(request)


@require_POST
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.IMPORT_INCOME)
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
    require(user, Capability.IMPORT_INCOME)
    form = ExportForm(request.POST, user=user)
    return start_job(
        request,
        form,
        lambda: export_submit(by=user, area_code=form.cleaned_data["area"], year=form.cleaned_data["year"]),
        success="已开始导出；完成后可在本页下载文件。",
        again=lambda f: _page(request, export_form=f, status=400),
    )


@require_GET
@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    require(actor(request), Capability.IMPORT_INCOME)
    with tempfile.TemporaryDirectory() as tmp:
        content = write_template(Path(tmp) / "template.xlsx").read_bytes()
    return download(content, TEMPLATE_NAME, XLSX_TYPE)
