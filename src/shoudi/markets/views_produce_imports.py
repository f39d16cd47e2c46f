"""Pages of 农副产品滞销监测预警's two imports — the series (价格产销数据) and the growers (种养主体) — and their templates.
An upload becomes a background job (``produce_imports``); its page shows the progress, then what was written or
every bad row ("第N行 列名：问题", nothing written). Only those who record produce in their county (a 404 for
anyone else)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.exports import XLSX_TYPE
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.markets import forms_produce as forms
from shoudi.markets import produce, produce_imports

PAGES = {
    "series": ("导入价格产销数据", "markets:produce_import_template", "markets.produce_import"),
    "growers": ("导入种养主体", "markets:produce_grower_import_template", "markets.produce_grower_import"),
}


def _page(request: HttpRequest, what: str) -> HttpResponse:
    user = actor(request)
    produce.recorder_county(user)
    form = forms.ImportForm(posted(request), request.FILES or None)
    done = submit(
        request,
        form,
        lambda: produce_imports.submit_import(by=user, what=what, upload=form.cleaned_data["file"]),
        success="已提交导入任务：检查无误后全部写入，结果见本页",
    )
    if done is not None:
        return redirect("jobs:detail", job_id=done.pk)
    title, template_url, form_name = PAGES[what]
    context = {
        "form": form,
        "what": what,
        "title": title,
        "template_url": template_url,
        "form_name": form_name,
        "max_rows": produce_imports.MAX_ROWS[what],
    }
    return render(request, "markets/produce/import.html", context, status=400 if request.method == "POST" else 200)


def _template(request: HttpRequest, what: str) -> HttpResponse:
    produce.recorder_county(actor(request))
    response = HttpResponse(produce_imports.TEMPLATES[what](), content_type=XLSX_TYPE)
    name = f"{produce_imports.LABELS[what]}导入模板.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@login_required
@require_http_methods(["GET", "POST"])
def import_series(request: HttpRequest) -> HttpResponse:
    return _page(request, "series")


@login_required
@require_GET
def series_template(request: HttpRequest) -> HttpResponse:
    return _template(request, "series")


@login_required
@require_http_methods(["GET", "POST"])
def import_growers(request: HttpRequest) -> HttpResponse:
    return _page(request, "growers")


@login_required
@require_GET
def growers_template(request: HttpRequest) -> HttpResponse:
    return _template(request, "growers")
