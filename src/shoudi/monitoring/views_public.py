"""The household's own online application (农户自主申报): a public page, no account needed."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from shoudi.core.ratelimit import allow
from shoudi.monitoring import forms
from shoudi.monitoring.leads import application_submit

SUBMISSIONS_PER_HOUR = 5  # per client address: enough for a family, too few to probe the registry


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    form = forms.ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not allow(f"apply:{_client(request)}", limit=SUBMISSIONS_PER_HOUR, seconds=3600):
            form.add_error(None, "提交过于频繁，请一小时后再试，或到村委会、乡镇当面申请")
        else:
            data = form.cleaned_data
            try:
                application_submit(
                    name=data["name"],
                    id_number=data["id_number"],
                    phone=data["phone"],
                    description=data["description"],
                    risk_hint=data["risk_hint"],
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                # The same answer whether or not the applicant was found in the registry.
                return render(request, "monitoring/apply_done.html", status=200)
    return render(request, "monitoring/apply.html", {"form": form})
