"""What the pages that start a job share: a form whose service submits a job, then the job's page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import content_disposition_header

from shoudi.core.forms import submit
from shoudi.jobs.models import Job


def start_job(
    request: HttpRequest,
    form: Any,
    call: Callable[[], Job],
    *,
    success: str,
    again: Callable[[Any], HttpResponse],
) -> HttpResponse:
    """Validate ``form`` and run ``call`` (a service that submits a job): the job's page (progress, report,
    result) on success; otherwise ``again(form)``, the page re-rendered with the Chinese errors beside the fields."""
    job = submit(request, form, call, success=success)
    if job is None:
        return again(form)
    return redirect("jobs:detail", job_id=job.pk)


def download(content: bytes, name: str, content_type: str) -> HttpResponse:
    """A file the browser saves under ``name`` (a Chinese name is encoded as RFC 6266 asks)."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response
