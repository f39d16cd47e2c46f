"""Project library pages. Reads through projects.selectors (area scope, 404 outside), writes through the
services with the forms' typed values: a refused step comes back on its form, next to the field, with the
person's input kept."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.projects import panels, selectors, services, workflow
from shoudi.projects.codes import FundSource
from shoudi.projects.forms import SECTIONS, ProjectFilter, ProjectForm, target_rows, targets_of
from shoudi.projects.models import Project, ProjectStatus
from shoudi.projects.steps import entry_problems
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area

T = TypeVar("T")


def _notice_stages() -> list[tuple[str, str]]:
    return [(s, workflow.label(s)) for s in workflow.NOTICE_STAGES]


@require_GET
@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(me, Capability.VIEW_PROJECTS)
    townships = regions_in_user_area(me, level=Level.TOWNSHIP).order_by("code")
    filters = ProjectFilter(request.GET, townships=townships)
    chosen = filters.chosen()
    qs = selectors.project_list(
        me,
        year=None if chosen.all_years else chosen.year,
        status=chosen.status,
        kind=chosen.kind,
        level=chosen.level,
        q=chosen.q,
        area=chosen.area,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "page": page,
            "year": chosen.year,
            "all_years": chosen.all_years,
            "filters": filters,
            "share": selectors.industry_share(me, chosen.year),
            "notice_stages": _notice_stages(),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    me = actor(request)
    require(me, Capability.PROPOSE_PROJECTS)
    form = ProjectForm(request.POST or None, initial={"year": timezone.localdate().year})
    rows = target_rows(request.POST or None)
    project = submit(
        request,
        [form, rows, *rows.forms],
        lambda: services.project_create(
            by=me, area_code=me.area_id, facts=form.facts(), fundings=form.fundings(), targets=targets_of(rows)
        ),
        success=lambda p: f"已保存项目“{p.name}”（草拟），请核对后申报",
    )
    if project is not None:
        return redirect("projects:detail", project.pk)
    return render(
        request, "projects/project_form.html", {"form": form, "rows": rows, "sections": form.sections(SECTIONS)}
    )


@require_http_methods(["GET", "POST"])
@login_required
def project_edit(request: HttpRequest, project_id: Any) -> HttpResponse:
    me = actor(request)
    project = selectors.access_project_by_id(me, project_id)
    require(me, Capability.PROPOSE_PROJECTS, project.area_id)
    form = ProjectForm(request.POST or None, initial=ProjectForm.initial_for(project))
    rows = target_rows(request.POST or None, project)
    saved = submit(
        request,
        [form, rows, *rows.forms],
        lambda: services.project_update(
            by=me,
            project=project,
            facts=form.facts(),
            fundings=form.fundings(),
            targets=targets_of(rows),
            expected_version=form.seen_version(),
        ),
        success="已保存修改",
    )
    if saved is not None:
        return redirect("projects:detail", project.pk)
    context = {"form": form, "rows": rows, "sections": form.sections(SECTIONS), "project": project}
    return render(request, "projects/project_form.html", context)


def _by_source(project: Project) -> list[dict[str, Any]]:
    budget = {f.source: f.amount for f in project.fundings.all()}
    paid: dict[str, Decimal] = {}
    for p in project.payments.all():
        paid[p.source] = paid.get(p.source, Decimal(0)) + p.amount
    return [
        {"label": label, "budget": budget.get(source, Decimal(0)), "paid": paid.get(source, Decimal(0))}
        for source, label in FundSource.choices
        if source in budget or source in paid
    ]


def _detail(request: HttpRequest, project: Project, bound: panels.Shown | None = None) -> HttpResponse:
    me = actor(request)
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
            "panels": panels.offered(me, project, bound),
            "problems": entry_problems(project) if project.status == ProjectStatus.DRAFT else {},
            "can_edit": project.status in workflow.EDITABLE
            and can(me, Capability.PROPOSE_PROJECTS)
            and me.area_id == project.area_id,
        },
    )


@require_GET
@login_required
def project_detail(request: HttpRequest, project_id: Any) -> HttpResponse:
    return _detail(request, selectors.access_project_by_id(actor(request), project_id))


@require_POST
@login_required
def project_act(request: HttpRequest, project_id: Any, action: str) -> HttpResponse:
    me = actor(request)
    project = selectors.access_project_by_id(me, project_id)
    panel = panels.PANELS.get(action)
    if panel is None:
        raise NotVisible("无此操作")
    form = panel.form(posted(request), project=project, user=me)
    rows = getattr(form, "rows", None)

    def call() -> object:
        return panel.call(me, project, form)

    # a form with a formset of rows: the formset's own errors above the rows, each row's on the row
    group = [form, rows, *rows.forms] if rows is not None else [form]
    done = submit(request, group, call, success=panel.success)
    if done is not None:
        return redirect("projects:detail", project.pk)
    project = selectors.access_project_by_id(me, project_id)
    return _detail(request, project, panels.Shown(panel, form, True))


@require_GET
@login_required
def project_notices(request: HttpRequest, stage: str) -> HttpResponse:
    require(actor(request), Capability.VIEW_PROJECTS)
    steps = selectors.project_notices(actor(request), stage)
    return render(
        request,
        "projects/notices.html",
        {"steps": steps, "stage": stage, "stage_label": workflow.label(stage), "notice_stages": _notice_stages()},
    )
