"""Bulk creation of accounts from Excel: template, upload and row-by-row check, confirmation, and the one-time
password file (downloaded once)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.accounts import selectors
from shoudi.accounts.bulk import PasswordsGone, import_apply, import_stage, passwords_take, template_bytes
from shoudi.accounts.forms import ImportConfirmForm, ImportUploadForm
from shoudi.accounts.models import UserImport
from shoudi.core.access import Capability, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def import_upload(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_USERS)
    if request.method == "GET" and request.GET.get("template") == "1":
        return _xlsx(template_bytes(), "用户导入模板.xlsx")
    form = ImportUploadForm(posted(request), request.FILES or None)

    def call() -> UserImport:
        upload = form.cleaned_data["file"]
        return import_stage(by=user, file_name=upload.name or "用户.xlsx", data=upload.read())

    batch = submit(request, form, call, success="文件已检查")
    if batch is not None:
        return redirect("accounts:import_batch", batch.pk)
    recent = selectors.imports_visible(user)[:10]
    context = {"form": form, "recent": recent}
    return render(request, "accounts/import.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def import_batch(request: HttpRequest, batch_id: Any) -> HttpResponse:
    """The check's outcome (each error with its row and column); the uploader confirms the creation here."""
    user = actor(request)
    batch = selectors.access_import_by_id(user, batch_id)
    form = ImportConfirmForm(posted(request))
    done = submit(
        request,
        form,
        lambda: import_apply(by=user, batch=batch, valid_only=form.cleaned_data["valid_only"]),
        success=lambda b: f"已创建 {b.created_count} 个账号，请立即下载一次性密码文件",
    )
    if done is not None:
        return redirect("accounts:import_batch", batch.pk)
    context = {
        "batch": batch,
        "form": form,
        "staged": batch.status == UserImport.Status.STAGED,
        "preview": batch.rows[:100],
    }
    return render(request, "accounts/import_batch.html", context, status=400 if request.method == "POST" else 200)


@require_GET
@login_required
def import_passwords(request: HttpRequest, batch_id: Any) -> HttpResponse:
    """The one-time passwords of an import, once; afterwards 410 with a Chinese explanation."""
    user = actor(request)
    batch = selectors.access_import_by_id(user, batch_id)
    try:
        data = passwords_take(by=user, batch=batch)
    except PasswordsGone:
        return render(request, "accounts/passwords_gone.html", {"batch": batch}, status=410)
    return _xlsx(data, f"一次性密码-{batch.created_at:%Y%m%d%H%M}.xlsx")
