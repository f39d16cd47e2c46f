"""The public side of 社会监督 (no account): report a problem and get a receipt number; check its status with
that number. Both are rate-limited per client address; the status page shows the status and the feedback
text only — nothing about the reporter, the people concerned or the handling staff."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from shoudi.complaints import selectors, services
from shoudi.complaints.forms import ReportForm, StatusForm
from shoudi.complaints.models import Complaint
from shoudi.core.forms import posted, submit
from shoudi.core.ratelimit import allow
from shoudi.monitoring.presenters import short_name

REPORTS_PER_HOUR = 5  # per client address: enough for a family, too few to flood a township's queue
LOOKUPS_PER_HOUR = 30  # receipt numbers are random; this keeps guessing pointless
BUSY = "提交过于频繁，请一小时后再试，或拨打 12317、到乡镇当面反映"
NOT_FOUND = "没有找到这个回执编号，请核对后重试（12 位字母和数字）"


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _regions() -> tuple[list[Any], list[Any]]:
    """The deployment's townships (grouped by county when it serves several) and their villages (grouped by
    township); a village option's code starts with its township's, which the page's script uses to show only
    the chosen township's villages."""
    townships = selectors.public_townships()
    villages = selectors.public_villages([t.code for t in townships])
    counties = {t.code[:6] for t in townships}
    township_choices: list[Any]
    if len(counties) > 1:
        by_county: dict[str, list[tuple[str, str]]] = {}
        for t in townships:
            by_county.setdefault(t.parent.name if t.parent else t.code[:6], []).append((t.code, t.name))
        township_choices = list(by_county.items())
    else:
        township_choices = [(t.code, t.name) for t in townships]
    names = {t.code: t.name for t in townships}
    by_township: dict[str, list[tuple[str, str]]] = {}
    for v in villages:
        by_township.setdefault(names.get(v.code[:9], v.code[:9]), []).append((v.code, short_name(v.name)))
    return township_choices, list(by_township.items())


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    townships, villages = _regions()
    form = ReportForm(posted(request), townships=townships, villages=villages)

    def call() -> Complaint:
        if not allow(f"report:{_client(request)}", limit=REPORTS_PER_HOUR, seconds=3600):
            raise ValidationError(BUSY)
        data = form.cleaned_data
        return services.complaint_submit(
            township_code=data["township"],
            village_code=data["village"],
            kind=data["kind"],
            content=data["content"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
        )

    done = submit(request, form, call)
    if done is not None:
        return render(request, "complaints/report_done.html", {"receipt": done.receipt_shown, "due_on": done.due_on})
    status = 400 if request.method == "POST" else 200
    return render(request, "complaints/report.html", {"form": form, "open": bool(townships)}, status=status)


@require_http_methods(["GET", "POST"])
def report_status(request: HttpRequest) -> HttpResponse:
    form = StatusForm(posted(request))

    def call() -> Complaint:
        if not allow(f"report-status:{_client(request)}", limit=LOOKUPS_PER_HOUR, seconds=3600):
            raise ValidationError(BUSY.replace("提交", "查询"))
        found = selectors.by_receipt(form.cleaned_data["receipt"])
        if found is None:
            raise ValidationError({"receipt": NOT_FOUND})
        return found

    found = submit(request, form, call)
    context: dict[str, Any] = {"form": form}
    if found is not None:
        context["answer"] = {"status": found.get_status_display(), "feedback": found.feedback}
    status = 400 if request.method == "POST" and found is None else 200
    return render(request, "complaints/report_status.html", context, status=status)
