"""Pages: run a screening, run history (counts by rule and township), confirm or reject fuzzy matches, and the
village's registry-update tasks (户籍变动待办)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shoudi.core.access import Capability
from shoudi.registry.idnumber import mask
from shoudi.screening import presenters, registry_tasks, selectors, services
from shoudi.screening.engines import ENGINES
from shoudi.screening.models import RegistryTask


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


def _nav(request: HttpRequest, active: str) -> dict[str, Any]:
    """The screening pages' tabs, with the number of open registry-update tasks of the user's area."""
    user: Any = request.user
    return {
        "nav": {
            "active": active,
            "runs": user.can(Capability.VIEW_SCREENING),
            "candidates": user.can(Capability.CONFIRM_MATCHES),
            "tasks": user.can(registry_tasks.CAPABILITY),
            "open_tasks": selectors.open_registry_task_count(user),
        }
    }


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = list(selectors.run_list(request.user)[:50])
    may_run = request.user.can(Capability.RUN_SCREENING)  # type: ignore[union-attr]
    if request.method == "POST":
        if not may_run:
            raise Http404("未找到")
        try:
            as_of = dt.date.fromisoformat(request.POST.get("as_of", ""))
        except ValueError:
            messages.error(request, "筛查日期格式应为 YYYY-MM-DD")
            return redirect("screening:runs")
        try:
            run = services.run_create(
                by=request.user,
                area_code=request.POST.get("area", "").strip(),
                as_of=as_of,
                engine=request.POST.get("engine", "duckdb"),
            )
        except ValidationError as exc:
            messages.error(request, _errors(exc))
            return redirect("screening:runs")
        messages.success(request, "已提交筛查任务，后台运行完成后刷新本页查看结果")
        return redirect("screening:run", run_id=run.pk)
    context = {
        "runs": [presenters.run_row(r) for r in runs],
        "may_run": may_run,
        "engines": ENGINES,
        "today": timezone.localdate().isoformat(),
        "area": getattr(request.user, "area_id", ""),
        **_nav(request, "runs"),
    }
    return render(request, "screening/run_list.html", context)


@login_required
def run_detail(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = selectors.access_run_by_id(request.user, run_id)
    return render(request, "screening/run_detail.html", presenters.run_detail(run) | _nav(request, "runs"))


@login_required
def candidate_list(request: HttpRequest) -> HttpResponse:
    candidates = list(selectors.candidate_list(request.user)[:200])
    rows = [
        {
            "c": c,
            "record_id_number": mask(c.record.id_number),
            "person_id_number": mask(c.person.id_number),
            "source": presenters.source_label(c.record.source),
        }
        for c in candidates
    ]
    return render(request, "screening/candidates.html", {"rows": rows, **_nav(request, "candidates")})


@login_required
@require_POST
def candidate_decide(request: HttpRequest, candidate_id: Any, action: str) -> HttpResponse:
    candidate = selectors.access_candidate_by_id(request.user, candidate_id)
    if action not in ("confirm", "reject"):
        raise Http404("未找到")
    try:
        services.candidate_decide(by=request.user, candidate=candidate, confirm=action == "confirm")
    except ValidationError as exc:
        messages.error(request, _errors(exc))
    else:
        messages.success(request, "已确认匹配" if action == "confirm" else "已否决")
    return redirect("screening:candidates")


# ---- registry-update tasks (户籍变动待办) ------------------------------------------------------------------

TASK_STATUS_FILTERS = [
    ("open", "待更新"),
    ("done", "已更新"),
    ("not_applicable", "不适用"),
    ("all", "全部"),
]
TASKS_PER_PAGE = 50


def _rows(tasks: list[RegistryTask]) -> list[dict[str, Any]]:
    records = selectors.registry_task_records(tasks)
    return [registry_tasks.task_row(t, records.get(t.record_id)) for t in tasks]


@login_required
def task_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    if status not in dict(TASK_STATUS_FILTERS):
        status = "open"
    village = request.GET.get("village", "").strip()
    qs = selectors.registry_task_list(request.user, village=village, status="" if status == "all" else status)
    page = Paginator(qs, TASKS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "rows": _rows(list(page.object_list)),
        "page": page,
        "villages": selectors.registry_task_villages(request.user),
        "statuses": TASK_STATUS_FILTERS,
        "filters": {"status": status, "village": village},
        "can_reveal": request.user.can(Capability.REVEAL_ID),  # type: ignore[union-attr]
        **_nav(request, "tasks"),
    }
    return render(request, "screening/tasks.html", context)


def _task_page(request: HttpRequest, task: RegistryTask, errors: dict[str, str] | None = None) -> HttpResponse:
    row = _rows([task])[0]
    context = {
        "row": row,
        "errors": errors or {},
        "values": {"note": request.POST.get("note", ""), "reason": request.POST.get("reason", "")},
        "can_reveal": request.user.can(Capability.REVEAL_ID),  # type: ignore[union-attr]
        **_nav(request, "tasks"),
    }
    return render(request, "screening/task_detail.html", context, status=400 if errors else 200)


@login_required
def task_detail(request: HttpRequest, registry_task_id: Any) -> HttpResponse:
    task = selectors.access_registry_task_by_id(request.user, registry_task_id)
    return _task_page(request, task)


def _close(request: HttpRequest, registry_task_id: Any, *, done: bool) -> HttpResponse:
    task = selectors.access_registry_task_by_id(request.user, registry_task_id)
    try:
        if done:
            registry_tasks.registry_task_complete(by=request.user, task=task, note=request.POST.get("note", ""))
        else:
            registry_tasks.registry_task_dismiss(by=request.user, task=task, reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            return _task_page(request, task, {k: "；".join(v) for k, v in exc.message_dict.items()})
        messages.error(request, _errors(exc))
        return redirect("screening:task", registry_task_id=task.pk)
    label = "已更新" if done else "不适用"
    messages.success(request, f"已将农户 {task.household.number} 的{task.get_kind_display()}变动标记为“{label}”")
    return redirect("screening:tasks")


@login_required
@require_POST
def task_done(request: HttpRequest, registry_task_id: Any) -> HttpResponse:
    return _close(request, registry_task_id, done=True)


@login_required
@require_POST
def task_not_applicable(request: HttpRequest, registry_task_id: Any) -> HttpResponse:
    return _close(request, registry_task_id, done=False)
