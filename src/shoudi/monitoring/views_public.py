"""The household's own online application (农户自主申报): a public page, no account needed."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from shoudi.core.forms import submit
from shoudi.core.ratelimit import allow
from shoudi.monitoring import forms
from shoudi.monitoring.leads import application_submit

SUBMISSIONS_PER_HOUR = 5  # per client address: enough for a family, too few to probe the registry
DONE = object()  # the answer is the same whether or not the applicant was found


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = forms.ApplicationForm(request.POST or None)

    def call() -> Any:
        if not allow(f"apply:{_client(request)}", limit=SUBMISSIONS_PER_HOUR, seconds=3600):
            raise ValidationError("提交过于频繁，请一小时后再试，或到村委会、乡镇当面申请")
        data = form.cleaned_data
        application_submit(
            name=data["name"],
            id_number=data["id_number"],
            phone=data["phone"],
            description=data["description"],
            risk_hint=data["risk_hint"],
        )
        return DONE

    if submit(request, form, call) is DONE:
        return render(request, "monitoring/apply_done.html")
    return render(request, "monitoring/apply.html", {"form": form})
