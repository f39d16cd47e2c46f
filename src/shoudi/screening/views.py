"""Pages: run a screening (a job: the run page follows its progress), run history (counts by rule and
township), confirm or reject fuzzy matches, and the village's register updates (户籍变动待办).

Thin: a form parses, a service decides (``core.forms.submit`` puts its refusals next to the field with the input
kept), a selector reads; anything outside the user's area or role is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.errors import error_text
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.jobs.selectors import jobs_visible
from shoudi.registry.idnumber import mask
from shoudi.screening import presenters, register_updates, selectors, services
from shoudi.screening.forms import DismissForm, DoneForm, RegisterUpdateFilter, RunForm
from shoudi.screening.models import RegisterUpdate, ScreeningRun

UPDATES_PER_PAGE = 50


def _nav(request: HttpRequest, active: str) -> dict[str, Any]:
    """The screening pages' tabs, with the number of open register updates of the user's area."""
    user = actor(request)
    return {
        "nav": {
            "active": active,
            "runs": can(user, Capability.VIEW_SCREENING),
            "candidates": can(user, Capability.CONFIRM_MATCHES),
            "register_updates": can(user, register_updates.CAPABILITY),
            "open_register_updates": selectors.open_register_update_count(user),
        }
    }


# ---- runs ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def run_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    runs = selectors.run_list(user)
    may_run = can(user, Capability.RUN_SCREENING)
    form = RunForm(posted(request), area=getattr(user, "area_id", "") or "")
    if request.method == "POST":
        require(user, Capability.RUN_SCREENING)

        def start() -> ScreeningRun:
            data = form.cleaned_data
            return services.run_create(by=user, area_code=data["area"], as_of=data["as_of"], engine=data["engine"])

        run = submit(request, form, start, success="已提交筛查，正在后台运行")
        if run is not None:
            return redirect("screening:run", run_id=run.pk)
    context = {
        "runs": [presenters.run_row(r) for r in runs[:50]],
        "may_run": may_run,
        "form": form,
        **_nav(request, "runs"),
    }
    return render(request, "screening/run_list.html", context, status=400 if form.errors else 200)


def _run_context(request: HttpRequest, run: ScreeningRun) -> dict[str, Any]:
    job = run.job
    return {
        "run": run,
        "job": job,
        "job_link": job is not None and jobs_visible(actor(request)).filter(pk=job.pk).exists(),
        "polling": run.status in (ScreeningRun.Status.QUEUED, ScreeningRun.Status.RUNNING),
    }


@login_required
@require_GET
def run_detail(request: HttpRequest, run_id: Any) -> HttpResponse:
    run = selectors.access_run_by_id(actor(request), run_id)
    context = presenters.run_detail(run) | _run_context(request, run) | _nav(request, "runs")
    return render(request, "screening/run_detail.html", context)


@login_required
@require_GET
def run_status(request: HttpRequest, run_id: Any) -> HttpResponse:
    """The run's progress (polled by the run page while its job runs); once it has finished the page reloads
    itself to show what the run found."""
    run = selectors.access_run_by_id(actor(request), run_id)
    context = _run_context(request, run)
    response = render(request, "screening/_run_status.html", context)
    if not context["polling"] and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


# ---- fuzzy matches ---------------------------------------------------------------------------------------


@login_required
@require_GET
def candidate_list(request: HttpRequest) -> HttpResponse:
    candidates = list(selectors.candidate_list(actor(request))[:200])
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
    user = actor(request)
    candidate = selectors.access_candidate_by_id(user, candidate_id)
    if action not in ("confirm", "reject"):
        raise NotVisible()
    try:
        services.candidate_decide(by=user, candidate=candidate, confirm=action == "confirm")
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, "已确认匹配" if action == "confirm" else "已否决")
    return redirect("screening:candidates")


# ---- register updates (户籍变动待办) ------------------------------------------------------------------------


def _rows(updates: list[RegisterUpdate]) -> list[dict[str, Any]]:
    records = selectors.register_update_records(updates)
    return [presenters.register_update_row(u, records.get(u.record_id)) for u in updates]


@login_required
@require_GET
def register_update_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, register_updates.CAPABILITY)
    form = RegisterUpdateFilter(request.GET, villages=selectors.register_update_villages(user))
    village, status = form.chosen()
    qs = selectors.register_update_list(user, village=village, status=status)
    page = Paginator(qs, UPDATES_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "rows": _rows(list(page.object_list)),
        "page": page,
        "form": form,
        "status": status,
        "can_reveal": can(user, Capability.REVEAL_ID),
        **_nav(request, "register_updates"),
    }
    return render(request, "screening/register_updates.html", context)


def _update_page(
    request: HttpRequest, update: RegisterUpdate, done: DoneForm | None = None, dismiss: DismissForm | None = None
) -> HttpResponse:
    context = {
        "row": _rows([update])[0],
        "done_form": done or DoneForm(),
        "dismiss_form": dismiss or DismissForm(),
        "can_reveal": can(actor(request), Capability.REVEAL_ID),
        **_nav(request, "register_updates"),
    }
    invalid = (done is not None and done.errors) or (dismiss is not None and dismiss.errors)
    return render(request, "screening/register_update_detail.html", context, status=400 if invalid else 200)


@login_required
@require_GET
def register_update_detail(request: HttpRequest, register_update_id: Any) -> HttpResponse:
    update = selectors.access_register_update_by_id(actor(request), register_update_id)
    return _update_page(request, update)


def _closed(update: RegisterUpdate, label: str) -> str:
    return f"已将农户 {update.household.number} 的{update.get_kind_display()}变动标记为“{label}”"


def _close_update(
    request: HttpRequest, register_update_id: Any, form_class: Any, slot: str, label: str, close: Any
) -> HttpResponse:
    """One of the two ways a village closes a register update: the form, the service, the page again on error."""
    user = actor(request)
    update = selectors.access_register_update_by_id(user, register_update_id)
    form = form_class(posted(request))
    closed = submit(request, form, lambda: close(user, update, form.cleaned_data), success=lambda u: _closed(u, label))
    if closed is None:
        update.refresh_from_db()
        return _update_page(request, update, **{slot: form})
    return redirect("screening:register_updates")


@login_required
@require_POST
def register_update_done(request: HttpRequest, register_update_id: Any) -> HttpResponse:
    return _close_update(
        request,
        register_update_id,
        DoneForm,
        "done",
        "已更新",
        lambda user, update, data: register_updates.register_update_complete(by=user, update=update, note=data["note"]),
    )


@login_required
@require_POST
def register_update_not_applicable(request: HttpRequest, register_update_id: Any) -> HttpResponse:
    return _close_update(
        request,
        register_update_id,
        DismissForm,
        "dismiss",
        "不适用",
        lambda user, update, data: register_updates.register_update_dismiss(
            by=user, update=update, reason=data["reason"]
        ),
    )
