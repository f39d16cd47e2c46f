"""Job pages: the list, one job (polled with htmx while it runs), confirming an import, retrying a failed job,
downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.errors import error_text
from shoudi.core.views import actor
from shoudi.jobs.models import Job
from shoudi.jobs.registry import shown_with
from shoudi.jobs.selectors import access_job_by_id, job_list, may_download_result
from shoudi.jobs.services import job_request_apply, job_retry, job_retry_refusal


def _outcome(job: Job) -> tuple[str, str] | None:
    spec = shown_with(job)
    if spec is None or spec.outcome is None:
        return None
    name, param, label = spec.outcome
    try:
        return reverse(name, args=[job.params[param]] if param else []), label
    except (KeyError, NoReverseMatch):
        return None


def _context(request: HttpRequest, job: Job) -> dict[str, Any]:
    return {
        "job": job,
        "polling": not job.finished,
        "is_creator": job.created_by_id == actor(request).pk,
        "may_retry": job.status == Job.Status.FAILED and not job_retry_refusal(by=actor(request), job=job),
        "may_download": may_download_result(actor(request), job),
        "report_template": getattr(shown_with(job), "report_template", ""),
        "outcome": _outcome(job),
    }


@require_GET
@login_required
def job_index(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/list.html", {"jobs": job_list(actor(request), limit=100)})


@require_GET
@login_required
def job_detail(request: HttpRequest, job_id: Any) -> HttpResponse:
    job = access_job_by_id(actor(request), job_id)
    return render(request, "jobs/detail.html", _context(request, job))


@require_GET
@login_required
def job_status(request: HttpRequest, job_id: Any) -> HttpResponse:
    job = access_job_by_id(actor(request), job_id)
    return render(request, "jobs/_status.html", _context(request, job))


@require_POST
@login_required
def job_apply(request: HttpRequest, job_id: Any) -> HttpResponse:
    """The creator confirms a validated import: its writing stage is queued (a button, no input)."""
    done = "已确认导入，正在写入；完成后本页显示写入结果。"
    return _creator_step(request, job_id, job_request_apply, done, refused="只有上传该文件的用户可以确认导入")


@require_POST
@login_required
def job_retry_view(request: HttpRequest, job_id: Any) -> HttpResponse:
    """The creator runs a failed job again (a button, no input)."""
    done = "已重新排队，正在重试；完成后本页显示结果。"
    return _creator_step(request, job_id, job_retry, done, refused="只有提交该任务的用户可以重试")


def _creator_step(
    request: HttpRequest, job_id: Any, step: Callable[..., Job], done: str, *, refused: str
) -> HttpResponse:
    """One of the job page's buttons that only the job's creator has: anyone else who sees the job gets 403
    (``refused``); the creator is back on the job page, told what happened or why the step was refused."""
    user = actor(request)
    job = access_job_by_id(user, job_id)
    if job.created_by_id != user.pk:
        raise PermissionDenied(refused)
    try:
        step(by=user, job=job)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, done)
    return redirect("jobs:detail", job_id=job.pk)


@require_GET
@login_required
def job_download(request: HttpRequest, job_id: Any) -> FileResponse:
    user = actor(request)
    job = access_job_by_id(user, job_id)
    if not may_download_result(user, job):
        raise NotVisible()
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=job.result_name or "result")
