"""Pages: run a screening, run history (counts by rule and township), confirm or reject fuzzy matches."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from shoudi.registry.idnumber import mask
from shoudi.screening import presenters, selectors, services
from shoudi.screening.engines import ENGINES
from shoudi.screening.tasks import run_screening


def _errors(exc: ValidationError) -> str:
    if hasattr(exc, "message_dict"):
        return "；".join(m for msgs in exc.message_dict.values() for m in msgs)
    return "；".join(exc.messages)


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    runs = list(selectors.run_list(request.user)[:50])
    may_run = request.user.can("run_screening")  # type: ignore[union-attr]
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
        transaction.on_commit(lambda: run_screening.enqueue(str(run.pk)))
        messages.success(request, "已提交筛查任务，后台运行完成后刷新本页查看结果")
        return redirect("screening:run", run_id=run.pk)
    context = {
        "runs": [presenters.run_row(r) for r in runs],
        "may_run": may_run,
        "engines": ENGINES,
        "today": timezone.localdate().isoformat(),
        "area": getattr(request.user, "area_id", ""),
    }
    return render(request, "screening/run_list.html", context)


@login_required
def run_detail(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = selectors.access_run_by_id(request.user, run_id)
    return render(request, "screening/run_detail.html", presenters.run_detail(run))


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
    return render(request, "screening/candidates.html", {"rows": rows})


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
