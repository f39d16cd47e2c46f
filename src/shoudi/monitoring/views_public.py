"""The household's own online application (农户自主申报): public pages, no account needed — the application
(answered with a receipt number) and its status (the receipt and the last four ID digits)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from shoudi.core.forms import posted, submit
from shoudi.core.ratelimit import allow
from shoudi.monitoring import applications
from shoudi.monitoring.forms_public import ApplicationForm, ApplicationStatusForm

SUBMISSIONS_PER_HOUR = 5  # per client address: enough for a family, too few to probe the registry
LOOKUPS_PER_HOUR = 20  # status look-ups per client address
LOOKUPS_PER_RECEIPT = 10  # per receipt and hour, from anywhere: the last four digits cannot be tried through
BUSY = "查询过于频繁，请一小时后再试，或到村委会、乡镇咨询"


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # a receipt or a status: never kept by a shared cache
    return response


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = ApplicationForm(posted(request), villages=applications.deployment_villages())

    def call() -> Any:
        if not allow(f"apply:{_client(request)}", limit=SUBMISSIONS_PER_HOUR, seconds=3600):
            raise ValidationError("提交过于频繁，请一小时后再试，或到村委会、乡镇当面申请")
        data = form.cleaned_data
        return applications.application_submit(
            name=data["name"],
            id_number=data["id_number"],
            phone=data["phone"],
            village=data["village"],
            description=data["description"],
            risk_hint=data["risk_hint"],
        )

    done = submit(request, form, call)
    if done is not None:  # the same page whether or not the applicant was found in the registry
        context = {"receipt": done.receipt_display, "accept_due": done.accept_due}
        return _private(render(request, "monitoring/apply_done.html", context))
    return render(request, "monitoring/apply.html", {"form": form})


@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    """查询申报进度: the same words for a registered and an unregistered applicant; a wrong pair, one message."""
    form = ApplicationStatusForm(posted(request))

    def call() -> Any:
        receipt = applications.normalize_receipt(form.cleaned_data["receipt"])
        if not allow(f"apply-status:{_client(request)}", limit=LOOKUPS_PER_HOUR, seconds=3600):
            raise ValidationError(BUSY)
        if not allow(f"apply-status-receipt:{receipt}", limit=LOOKUPS_PER_RECEIPT, seconds=3600):
            raise ValidationError(BUSY)
        return applications.application_status(receipt=receipt, id_last4=form.cleaned_data["id_last4"])

    found = submit(request, form, call)
    return _private(render(request, "monitoring/apply_status.html", {"form": form, "status": found}))
