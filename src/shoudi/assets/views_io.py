"""Import (staged: upload → check every row → apply all or nothing) and export of the asset ledgers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from shoudi.assets import codes
from shoudi.assets.export import ledgers_xlsx
from shoudi.assets.io import import_apply, import_stage, template_bytes
from shoudi.assets.models import ImportBatch
from shoudi.core.access import Capability, require
from shoudi.core.audit import audit_entry
from shoudi.core.errors import error_text
from shoudi.core.models import AuditEntry
from shoudi.registry.io.errors import ImportRefused


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind ``login_required``)."""
    return request.user


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.IMPORT_ASSETS)
    if request.GET.get("template") == "1":
        return _xlsx(template_bytes(), "资产台账导入模板.xlsx")
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "请选择要导入的文件")
        else:
            try:
                batch = import_stage(by=_me(request), file=upload)
            except (ImportRefused, ValidationError) as exc:
                messages.error(request, str(exc) if isinstance(exc, ImportRefused) else error_text(exc))
            else:
                return redirect("assets:import_batch", batch.pk)
    batches = ImportBatch.objects.filter(created_by=_me(request)).order_by("-created_at")[:10]
    return render(request, "assets/import.html", {"batches": batches})


@login_required
@require_http_methods(["GET", "POST"])
def import_batch(request: HttpRequest, batch_id: Any) -> HttpResponse:
    require(_me(request), Capability.IMPORT_ASSETS)
    batch = ImportBatch.objects.filter(pk=batch_id, created_by=_me(request)).first()
    if batch is None:
        raise Http404("未找到该导入批次")
    if request.method == "POST":
        try:
            count = import_apply(by=_me(request), batch=batch)
        except ValidationError as exc:
            messages.error(request, f"未导入：{error_text(exc)}")
        else:
            messages.success(request, f"已导入{count}项资产")
            return redirect("assets:list")
    return render(request, "assets/import_batch.html", {"batch": batch, "preview": batch.rows[:50]})


@login_required
def export_ledgers(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.EXPORT_ASSETS)
    level = request.GET.get("level", "") if request.GET.get("level", "") in codes.LedgerLevel.values else ""
    area = request.GET.get("area", "").strip()[:12]
    name = _me(request).area.name if _me(request).area else ""
    content = ledgers_xlsx(_me(request), title_area=name, level=level, area=area)
    with transaction.atomic():
        audit_entry(
            actor=_me(request),
            action=AuditEntry.Action.EXPORT,
            obj=_me(request),
            changes={"导出": "资产管理台账", "台账级别": level or "全部", "区域": area or _me(request).area_id},
            area_code=_me(request).area_id or "",
        )
    return _xlsx(content, f"资产管理台账_{name}_{timezone.localdate():%Y%m%d}.xlsx")
