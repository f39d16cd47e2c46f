"""Pages of the asset procedures: distribution plans, disposals, write-offs and their ledger, supervision
warnings and the public notice page."""

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
from django.views.decorators.http import require_http_methods, require_POST

from shoudi.accounts.roles import Department, Role
from shoudi.assets import codes, selectors, services, workflow
from shoudi.assets.forms import PLAN_SECTIONS, PlanForm
from shoudi.assets.supervision import LABELS, area_names, asset_warnings
from shoudi.core.access import Capability, require
from shoudi.core.errors import error_text
from shoudi.core.forms import apply_service_errors
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area


def _me(request: HttpRequest) -> Any:
    """The signed-in user (the views are behind ``login_required``)."""
    return request.user


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest, for_asset_id: Any) -> HttpResponse:
    asset = selectors.access_asset_by_id(_me(request), for_asset_id)
    require(_me(request), Capability.PROPOSE_INCOME_PLANS)
    today = timezone.localdate()
    initial = {
        "year": today.year - 1,
        "decided_on": today,
        "notice_from": today,
        "notice_to": today + dt.timedelta(days=7),
    }
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                plan = services.income_plan_create(
                    by=_me(request),
                    asset=asset,
                    year=form.cleaned_data["year"],
                    items=form.items(),
                    note=form.cleaned_data["note"],
                )
                plan = services.income_plan_propose(by=_me(request), plan=plan, decision=form.decision())
        except ValidationError as exc:
            apply_service_errors(exc, form)
        else:
            messages.success(request, "收益分配方案已提交乡镇审批")
            return redirect("assets:plan", plan.pk)
    years = selectors.asset_income_by_year(asset)
    return render(
        request,
        "assets/plan_form.html",
        {
            "asset": asset,
            "form": form,
            "sections": form.sections(PLAN_SECTIONS),
            "income_years": years,
            "banned": codes.BannedUse.labels,
        },
    )


@login_required
def plan_detail(request: HttpRequest, plan_id: Any) -> HttpResponse:
    plan = selectors.access_plan_by_id(_me(request), plan_id)
    actions = workflow.PLAN.get(plan.status, {})
    return render(
        request,
        "assets/plan_detail.html",
        {
            "plan": plan,
            "items": plan.items.all(),
            "steps": plan.steps.all(),
            "actions": {name: step for name, step in actions.items() if _me(request).can(step.capability)},
        },
    )


@login_required
@require_POST
def plan_act(request: HttpRequest, plan_id: Any, action: str) -> HttpResponse:
    plan = selectors.access_plan_by_id(_me(request), plan_id)
    handlers = {
        "approve": services.income_plan_approve,
        "file": services.income_plan_file,
        "reject": services.income_plan_reject,
    }
    if action not in handlers:
        raise Http404("无此操作")
    try:
        handlers[action](by=_me(request), plan=plan, opinion=request.POST.get("opinion", ""))
    except ValidationError as exc:
        messages.error(request, f"未能办理：{error_text(exc)}")
    else:
        messages.success(request, "已办理")
    return redirect("assets:plan", plan.pk)


@login_required
def disposal_detail(request: HttpRequest, disposal_id: Any) -> HttpResponse:
    disposal = selectors.access_disposal_by_id(_me(request), disposal_id)
    steps = workflow.DISPOSAL.get(disposal.route, {}).get(disposal.status, {})
    today = timezone.localdate()
    return render(
        request,
        "assets/disposal_detail.html",
        {
            "disposal": disposal,
            "steps": disposal.steps.all(),
            "actions": {name: step for name, step in steps.items() if _me(request).can(step.capability)},
            "today": today,
            "notice_end": today + dt.timedelta(days=7),
            "proceeds_uses": codes.ProceedsUse.choices,
        },
    )


@login_required
@require_POST
def disposal_act(request: HttpRequest, disposal_id: Any, action: str) -> HttpResponse:
    disposal = selectors.access_disposal_by_id(_me(request), disposal_id)
    post = request.POST
    try:
        if action == "complete":
            services.disposal_complete(by=_me(request), disposal=disposal, data=post)
        elif action in ("review", "approve", "publish", "notice", "no_objection", "reject"):
            services.disposal_act(
                by=_me(request),
                disposal=disposal,
                action=action,
                opinion=post.get("opinion", ""),
                data=post,
                file=request.FILES.get("file"),
            )
        else:
            raise Http404("无此操作")
    except ValidationError as exc:
        messages.error(request, f"未能办理：{error_text(exc)}")
    else:
        messages.success(request, "已办理")
    return redirect("assets:disposal", disposal.pk)


@login_required
@require_POST
def writeoff_act(request: HttpRequest, writeoff_id: Any, action: str) -> HttpResponse:
    writeoff = selectors.access_writeoff_by_id(_me(request), writeoff_id)
    if action not in ("approve", "reject"):
        raise Http404("无此操作")
    try:
        services.writeoff_act(
            by=_me(request),
            writeoff=writeoff,
            action=action,
            opinion=request.POST.get("opinion", ""),
            approved_on=request.POST.get("approved_on") or timezone.localdate(),
        )
    except ValidationError as exc:
        messages.error(request, f"未能办理：{error_text(exc)}")
    else:
        messages.success(request, "已办理")
    return redirect("assets:detail", writeoff.asset_id)


@login_required
def writeoff_ledger(request: HttpRequest) -> HttpResponse:
    """The county master write-off ledger and, filtered, the township, village and department ledgers."""
    user = _me(request)
    if not (user.can(Capability.VIEW_ASSETS) or user.can(Capability.VIEW_WRITEOFF_LEDGER)):
        raise Http404("未找到")
    get = request.GET
    level = get.get("level", "") if get.get("level", "") in codes.LedgerLevel.values else ""
    department = get.get("department", "") if get.get("department", "") in Department.values else ""
    area = get.get("area", "").strip()[:12]
    rows = selectors.writeoff_ledger(user, level=level, area=area, department=department)
    return render(
        request,
        "assets/writeoff_ledger.html",
        {
            "rows": rows,
            "level": level,
            "area": area,
            "department": department,
            "levels": codes.LedgerLevel.choices,
            "departments": Department.choices,
            "areas": regions_in_user_area(user).filter(level__in=(Level.TOWNSHIP, Level.VILLAGE)).order_by("code"),
            "pending": selectors.writeoffs_visible(user).filter(status="proposed").select_related("asset", "document"),
        },
    )


@login_required
def warning_list(request: HttpRequest) -> HttpResponse:
    require(_me(request), Capability.VIEW_ASSETS)
    warnings = asset_warnings(_me(request))
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


@login_required
def notices(request: HttpRequest) -> HttpResponse:
    """The public notice page: filed distribution plans and disposals (no personal data)."""
    require(_me(request), Capability.VIEW_ASSETS)
    return render(
        request,
        "assets/notices.html",
        {"plans": selectors.notice_plans(_me(request)), "disposals": selectors.notice_disposals(_me(request))},
    )
