"""Pages of the asset procedures: distribution plans, disposals, write-offs and their ledger, supervision
warnings and the public notice page. Each step of a procedure is a form posted to its own URL; a refused step
comes back on its page with the input kept and the error next to the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.accounts.roles import Role
from shoudi.assets import codes, selectors, services, workflow
from shoudi.assets.forms import PLAN_SECTIONS, PlanForm, WriteOffFilterForm
from shoudi.assets.forms_flow import StepForm, disposal_step_form, step_form
from shoudi.assets.models import Disposal, IncomePlan
from shoudi.assets.pages import areas, asset_page, run
from shoudi.assets.supervision import LABELS, area_names, asset_warnings
from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.forms import posted
from shoudi.core.views import actor
from shoudi.core.workflow import Step

DONE = "已办理"


@require_http_methods(["GET", "POST"])
@login_required
def plan_create(request: HttpRequest, for_asset_id: Any) -> HttpResponse:
    user = actor(request)
    asset = selectors.access_asset_by_id(user, for_asset_id)
    require(user, Capability.PROPOSE_INCOME_PLANS)
    today = timezone.localdate()
    initial = {
        "year": today.year - 1,
        "decided_on": today,
        "notice_from": today,
        "notice_to": today + dt.timedelta(days=7),
    }
    form = PlanForm(posted(request), initial=initial)

    def propose() -> IncomePlan:
        data = form.cleaned_data
        with transaction.atomic():
            plan = services.income_plan_create(
                by=user, asset=asset, year=data["year"], items=form.items(), note=data["note"]
            )
            return services.income_plan_propose(
                by=user,
                plan=plan,
                decision=form.decision(),
                notice_from=data["notice_from"],
                notice_to=data["notice_to"],
            )

    plan = run(request, [form], propose, success="收益分配方案已提交乡镇审批")
    if plan is not None:
        return redirect("assets:plan", plan.pk)
    context = {
        "asset": asset,
        "form": form,
        "sections": form.sections(PLAN_SECTIONS),
        "income_years": selectors.asset_income_by_year(asset),
        "banned": codes.BannedUse.labels,
    }
    return render(request, "assets/plan_form.html", context, status=400 if request.method == "POST" else 200)


def _plan_page(request: HttpRequest, plan: IncomePlan, bound: StepForm | None = None) -> HttpResponse:
    steps = workflow.PLAN.available(request.user, plan)
    forms = [bound if bound is not None and bound.step.action == s.action else step_form(s) for s in steps]
    context = {"plan": plan, "items": plan.items.all(), "steps": plan.steps.all(), "forms": forms}
    return render(request, "assets/plan_detail.html", context, status=400 if bound is not None else 200)


@require_GET
@login_required
def plan_detail(request: HttpRequest, plan_id: Any) -> HttpResponse:
    return _plan_page(request, selectors.access_plan_by_id(actor(request), plan_id))


class Stale(Exception):
    """The step was taken from a page the procedure has moved on from: said at the top of the page as it is now."""


def _step(request: HttpRequest, flow: Any, obj: Any, action: str) -> Step:
    """The step ``action`` the user may take on ``obj`` now; 404 for a step that is not theirs."""
    if action not in flow.actions():
        raise NotVisible()
    step = next((s for s in flow.steps_from(flow.status(obj)) if s.action == action), None)
    if step is None:
        if not any(flow.may(actor(request), obj, s) for s in flow.steps if s.action == action):
            raise NotVisible()
        status = flow.labels.get(flow.status(obj), flow.status(obj))
        messages.error(request, f"当前为“{status}”，不能再办理此环节（可能已由他人办理），请查看最新情况")
        raise Stale()
    if not flow.may(actor(request), obj, step):
        raise NotVisible()
    return step


@require_POST
@login_required
def plan_act(request: HttpRequest, plan_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    plan = selectors.access_plan_by_id(user, plan_id)
    try:
        step = _step(request, workflow.PLAN, plan, action)
    except Stale:
        return redirect("assets:plan", plan.pk)
    form = step_form(step, posted(request))
    handler = services.PLAN_ACTIONS[action]
    done = run(request, [form], lambda: handler(by=user, plan=plan, **form.arguments()), success=DONE)
    if done is None:
        return _plan_page(request, plan, form)
    return redirect("assets:plan", plan.pk)


def _disposal_page(request: HttpRequest, disposal: Disposal, bound: StepForm | None = None) -> HttpResponse:
    steps = workflow.disposal_workflow(disposal).available(request.user, disposal)
    forms = [bound if bound is not None and bound.step.action == s.action else disposal_step_form(s) for s in steps]
    context = {"disposal": disposal, "steps": disposal.steps.all(), "forms": forms}
    return render(request, "assets/disposal_detail.html", context, status=400 if bound is not None else 200)


@require_GET
@login_required
def disposal_detail(request: HttpRequest, disposal_id: Any) -> HttpResponse:
    return _disposal_page(request, selectors.access_disposal_by_id(actor(request), disposal_id))


@require_POST
@login_required
def disposal_act(request: HttpRequest, disposal_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    disposal = selectors.access_disposal_by_id(user, disposal_id)
    try:
        step = _step(request, workflow.disposal_workflow(disposal), disposal, action)
    except Stale:
        return redirect("assets:disposal", disposal.pk)
    form = disposal_step_form(step, posted(request), request.FILES)

    def act() -> Disposal:
        if action == "complete":
            return services.disposal_complete(by=user, disposal=disposal, **form.arguments())
        return services.disposal_act(by=user, disposal=disposal, action=action, **form.arguments())

    done = run(request, [form], act, success=DONE)
    if done is None:
        return _disposal_page(request, disposal, form)
    return redirect("assets:disposal", disposal.pk)


@require_POST
@login_required
def writeoff_act(request: HttpRequest, writeoff_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    writeoff = selectors.access_writeoff_by_id(user, writeoff_id)
    try:
        step = _step(request, workflow.WRITEOFF, writeoff, action)
    except Stale:
        return redirect("assets:detail", writeoff.asset_id)
    form = step_form(step, posted(request))
    call = lambda: services.writeoff_act(by=user, writeoff=writeoff, action=action, **form.arguments())  # noqa: E731
    done = run(request, [form], call, success=DONE)
    asset = selectors.access_asset_by_id(user, writeoff.asset_id)
    if done is None:
        return asset_page(request, asset, bound={f"writeoff_{action}": form}, status=400)
    return redirect("assets:detail", asset.pk)


@require_GET
@login_required
def writeoff_ledger(request: HttpRequest) -> HttpResponse:
    """The county master write-off ledger and, filtered, the township, village and department ledgers."""
    user = actor(request)
    if not (can(user, Capability.VIEW_ASSETS) or can(user, Capability.VIEW_WRITEOFF_LEDGER)):
        raise NotVisible()
    form = WriteOffFilterForm(request.GET or None, areas=areas(user))
    filters = form.filters()
    rows = selectors.writeoff_ledger(
        user, level=filters.get("level", ""), area=filters.get("area", ""), department=filters.get("department", "")
    )
    pending = selectors.writeoffs_visible(user).filter(status="proposed").select_related("asset", "document")
    context = {"rows": rows, "form": form, "pending": pending}
    return render(request, "assets/writeoff_ledger.html", context, status=400 if form.errors else 200)


@require_GET
@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    require(actor(request), Capability.VIEW_ASSETS)
    warnings = asset_warnings(actor(request))
    get = request.GET
    kind = get.get("kind", "")
    if kind in LABELS:
        warnings = [w for w in warnings if w.kind == kind]
    if get.get("actor_area"):
        warnings = [w for w in warnings if w.actor_area == get["actor_area"]]
    if get.get("actor_role") in Role.values:
        warnings = [w for w in warnings if w.actor_role == get["actor_role"]]
    return render(
        request,
        "assets/warnings.html",
        {"warnings": warnings, "names": area_names(warnings), "kinds": LABELS.items(), "kind": kind},
    )


@require_GET
@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The public notice page: filed distribution plans and disposals (no personal data)."""
    require(actor(request), Capability.VIEW_ASSETS)
    return render(
        request,
        "assets/notices.html",
        {"plans": selectors.notice_plans(actor(request)), "disposals": selectors.notice_disposals(actor(request))},
    )
