"""The page a household's QR code opens, /c/<token>/ (no login): which household it is, without personal data
(the village and the head's masked name), and a few taps to report a difficulty — it becomes one lead
(农户自主申报) for the village contact. A revoked or unknown code answers 404 with what to do instead."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.hhcodes import presenters, reports
from shoudi.hhcodes import selectors as sel
from shoudi.hhcodes.codes import HOTLINE
from shoudi.hhcodes.forms import ReportForm
from shoudi.monitoring.presenters import short_name


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _private(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)  # a household's page: never kept by a shared cache
    response["X-Robots-Tag"] = "noindex, nofollow"
    # the token never leaves in a Referer header to another site; "no-referrer" would make Chromium send
    # "Origin: null" with the form, which Django's CSRF check rightly refuses
    response["Referrer-Policy"] = "same-origin"
    return response


def gone(request: HttpRequest) -> HttpResponse:
    return _private(render(request, "hhcodes/public_gone.html", {"hotline": HOTLINE}, status=404))


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, token: Any) -> HttpResponse:
    try:
        code = sel.code_by_token(token)
    except NotVisible:
        return gone(request)
    household = code.household
    form = ReportForm(posted(request))

    def call() -> Any:
        data = form.cleaned_data
        return reports.report_submit(
            code=code,
            trouble=data["trouble"],
            text=data["text"],
            phone=data["phone"],
            nonce=data["nonce"],
            client=_client(request),
        )

    try:
        done = submit(request, form, call)
    except NotVisible:  # revoked while the form was open
        return gone(request)
    today = timezone.localdate()
    context = {
        "village": short_name(household.village.name),
        "township": household.village.parent.name if household.village.parent else "",
        "place": presenters.place_of(household.village.name, household.address),
        "head": presenters.masked_name(sel.heads([household.pk]).get(household.pk, "")),
        "days": reports.check_days(household.village_id, today),
        "hotline": HOTLINE,
    }
    if done is not None:
        return _private(render(request, "hhcodes/public_done.html", {**context, "report": done}))
    status = 400 if request.method == "POST" else 200
    return _private(render(request, "hhcodes/public_report.html", {**context, "form": form}, status=status))
