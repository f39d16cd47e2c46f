"""Project library pages. Reads through projects.selectors (area scope, 404 outside), writes through
projects.services; a refused step comes back as a message naming the field."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from shoudi.assets.codes import AssetClass
from shoudi.core.access import Capability, require
from shoudi.core.errors import error_text
from shoudi.core.forms import apply_service_errors
from shoudi.projects import selectors, services, workflow
from shoudi.projects.codes import BarredKind, ExitReason, FundSource, ProjectKind, ProjectLevel
from shoudi.projects.forms import SECTIONS, ProjectForm
from shoudi.projects.models import Project, ProjectStatus
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind ``login_required``)."""
    return request.user


ASSET_ROWS = 5


def _year(raw: str) -> int:
    return int(raw) if raw.isdigit() and 2013 <= int(raw) <= 2100 else timezone.localdate().year


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.VIEW_PROJECTS)
    get = request.GET
    year = _year(get.get("year", ""))
    filters: dict[str, Any] = {
        "status": get.get("status", "") if get.get("status", "") in ProjectStatus.values else "",
        "kind": get.get("kind", "") if get.get("kind", "") in ProjectKind.values else "",
        "level": get.get("level", "") if get.get("level", "") in ProjectLevel.values else "",
        "q": get.get("q", "").strip()[:50],
        "area": get.get("area", "").strip()[:12],
        "all_years": get.get("all_years") == "1",
    }
    qs = selectors.project_list(
        _me(request),
        year=None if filters["all_years"] else year,
        status=filters["status"],
        kind=filters["kind"],
        level=filters["level"],
        q=filters["q"],
        area=filters["area"],
    )
    page = Paginator(qs, 50).get_page(get.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "page": page,
            "year": year,
            "years": list(range(timezone.localdate().year + 1, 2020, -1)),
            "filters": filters,
            "statuses": ProjectStatus.choices,
            "kinds": ProjectKind.choices,
            "levels": ProjectLevel.choices,
            "townships": regions_in_user_area(_me(request), level=Level.TOWNSHIP).order_by("code"),
            "share": selectors.industry_share(_me(request), year),
            "notice_stages": [(s, workflow.label(s)) for s in workflow.NOTICE_STAGES],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.PROPOSE_PROJECTS)
    form = ProjectForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        values, fundings, targets = form.service_args()
        try:
            project = services.project_create(
                by=_me(request), area_code=_me(request).area_id, data=values, fundings=fundings, targets=targets
            )
        except ValidationError as exc:
            apply_service_errors(exc, form)
        else:
            messages.success(request, f"已保存项目“{project.name}”（草拟），请核对后申报")
            return redirect("projects:detail", project.pk)
    return render(request, "projects/project_form.html", {"form": form, "sections": form.sections(SECTIONS)})


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request: HttpRequest, project_id: Any) -> HttpResponse:
    project = selectors.access_project_by_id(_me(request), project_id)
    require(_me(request), Capability.PROPOSE_PROJECTS)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_for(project))
    if request.method == "POST" and form.is_valid():
        values, fundings, targets = form.service_args()
        try:
            services.project_update(by=_me(request), project=project, data=values, fundings=fundings, targets=targets)
        except ValidationError as exc:
            apply_service_errors(exc, form)
        else:
            messages.success(request, "已保存修改")
            return redirect("projects:detail", project.pk)
    context = {"form": form, "sections": form.sections(SECTIONS), "project": project}
    return render(request, "projects/project_form.html", context)


def _by_source(project: Project) -> list[dict[str, Any]]:
    budget = {f.source: f.amount for f in project.fundings.all()}
    paid: dict[str, Decimal] = {}
    for p in project.payments.all():
        paid[p.source] = paid.get(p.source, Decimal(0)) + p.amount
    rows = []
    for source, label in FundSource.choices:
        if source in budget or source in paid:
            rows.append(
                {"label": label, "budget": budget.get(source, Decimal(0)), "paid": paid.get(source, Decimal(0))}
            )
    return rows


@login_required
def project_detail(request: HttpRequest, project_id: Any) -> HttpResponse:
    project = selectors.access_project_by_id(_me(request), project_id)
    today = timezone.localdate()
    actions = workflow.TRANSITIONS.get(project.status, {})
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "by_source": _by_source(project),
            "targets": project.targets.all(),
            "payments": project.payments.order_by("paid_on", "id"),
            "steps": selectors.project_steps(project),
            "assets": project.assets.select_related("village").order_by("code"),
            "actions": {a: True for a in actions if _me(request).can(workflow.ACTIONS[a].capability)},
            "problems": services.entry_problems(project) if project.status == ProjectStatus.DRAFT else {},
            "today": today,
            "notice_end": services.notice_today()[1],
            "barred": BarredKind.choices,
            "exit_reasons": ExitReason.choices,
            "sources": FundSource.choices,
            "asset_classes": AssetClass.choices,
            "asset_rows": range(ASSET_ROWS),
            "villages": regions_in_user_area(_me(request), level=Level.VILLAGE).filter(
                code__startswith=project.area_id
            ),
            "can_edit": project.status in workflow.EDITABLE and _me(request).can(Capability.PROPOSE_PROJECTS),
            "can_manage": _me(request).can(Capability.MANAGE_PROJECTS),
        },
    )


def _notice(post: Any) -> tuple[str, str]:
    return post.get("notice_from", ""), post.get("notice_to", "")


def _asset_specs(post: Any) -> list[dict[str, Any]]:
    specs = []
    for n in range(ASSET_ROWS):
        if not post.get(f"a{n}_class"):
            continue
        specs.append(
            {
                "name": post.get(f"a{n}_name", ""),
                "asset_class": post.get(f"a{n}_class"),
                "village_code": post.get(f"a{n}_village", ""),
                "value": post.get(f"a{n}_value", ""),
            }
        )
    return specs


ACTIONS: dict[str, Callable[[Any, Project, Any], Any]] = {
    "submit": lambda by, p, post: services.project_submit(
        by=by, project=p, notice=_notice(post), opinion=post.get("opinion", "")
    ),
    "review": lambda by, p, post: services.project_review(
        by=by, project=p, checklist=post.getlist("checklist"), notice=_notice(post), opinion=post.get("opinion", "")
    ),
    "decide": lambda by, p, post: services.project_decide(
        by=by, project=p, checklist=post.getlist("checklist"), notice=_notice(post), opinion=post.get("opinion", "")
    ),
    "return": lambda by, p, post: services.project_return(by=by, project=p, opinion=post.get("opinion", "")),
    "plan": lambda by, p, post: services.project_plan(
        by=by, project=p, notice=_notice(post), opinion=post.get("opinion", "")
    ),
    "unplan": lambda by, p, post: services.project_unplan(by=by, project=p, opinion=post.get("opinion", "")),
    "exit": lambda by, p, post: services.project_exit(
        by=by, project=p, reason=post.get("reason", ""), note=post.get("note", ""), notice=_notice(post)
    ),
    "start": lambda by, p, post: services.project_start(by=by, project=p, started_on=post.get("started_on")),
    "progress": lambda by, p, post: services.project_progress(
        by=by, project=p, progress=post.get("progress"), note=post.get("note", "")
    ),
    "payment": lambda by, p, post: services.payment_add(
        by=by,
        project=p,
        source=post.get("source", ""),
        amount=post.get("amount"),
        paid_on=post.get("paid_on"),
        note=post.get("note", ""),
    ),
    "complete": lambda by, p, post: services.project_complete(by=by, project=p, completed_on=post.get("completed_on")),
    "accept": lambda by, p, post: services.project_accept(
        by=by,
        project=p,
        accepted_on=post.get("accepted_on"),
        assets=_asset_specs(post),
        notice=_notice(post),
        opinion=post.get("opinion", ""),
    ),
    "reject_acceptance": lambda by, p, post: services.project_reject_acceptance(
        by=by, project=p, opinion=post.get("opinion", "")
    ),
    "evaluate": lambda by, p, post: services.project_evaluate(
        by=by,
        project=p,
        results={k.removeprefix("result_"): v for k, v in post.items() if k.startswith("result_")},
        conclusion=post.get("conclusion", ""),
        notice=_notice(post),
    ),
}


@login_required
@require_POST
def project_act(request: HttpRequest, project_id: Any, action: str) -> HttpResponse:
    project = selectors.access_project_by_id(_me(request), project_id)
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404("无此操作")
    try:
        handler(_me(request), project, request.POST)
    except ValidationError as exc:
        messages.error(request, f"未能办理：{error_text(exc)}")
    else:
        messages.success(request, "已办理")
    return redirect("projects:detail", project.pk)


@login_required
def project_notices(request: HttpRequest, stage: str) -> HttpResponse:
    require(_me(request), Capability.VIEW_PROJECTS)
    steps = selectors.project_notices(_me(request), stage)
    return render(
        request,
        "projects/notices.html",
        {
            "steps": steps,
            "stage": stage,
            "stage_label": workflow.label(stage),
            "notice_stages": [(s, workflow.label(s)) for s in workflow.NOTICE_STAGES],
        },
    )
