"""Assistance pages: the plan, measures (缺什么补什么), follow-up visits, visits due."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.assistance import forms, selectors, services
from shoudi.assistance.models import Measure, Visit
from shoudi.core.access import Capability, require
from shoudi.core.forms import apply_service_errors
from shoudi.monitoring import presenters
from shoudi.monitoring.forms import is_forbidden
from shoudi.monitoring.selectors import access_case_by_id, cases_visible


def me(request: HttpRequest) -> Any:
    """The signed-in user (login_required guarantees one; typed loosely for role checks)."""
    return request.user


def _forbidden_as_404(error: ValidationError) -> None:
    if is_forbidden(error):
        raise Http404("未找到") from None


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = access_case_by_id(request.user, case_id)
    require(request.user, Capability.PLAN_ASSISTANCE)
    plan = selectors.case_plan(case)
    initial = {
        "made_on": plan.made_on if plan else timezone.localdate(),
        "participants": plan.participants if plan else "",
        "summary": plan.summary if plan else "",
    }
    form = forms.PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_save(by=request.user, case=case, **form.cleaned_data)
        except ValidationError as error:
            _forbidden_as_404(error)
            apply_service_errors(error, form)
        else:
            messages.success(request, "帮扶计划已保存")
            return redirect("monitoring:case", case_id=case.pk)
    return render(
        request, "assistance/plan_form.html", {"case": case, "form": form, "missing": selectors.missing(case)}
    )


def _members(case: Any) -> list[tuple[str, str]]:
    return [(str(p.pk), p.name) for p in case.household.members.order_by("relationship", "birth_date")]


def _measure_form(request: HttpRequest, case: Any, measure: Measure | None = None) -> HttpResponse:
    require(request.user, Capability.PLAN_ASSISTANCE)
    if measure is None:
        initial: dict[str, Any] = {"start": timezone.localdate(), "status": "planned"}
        missing = [row for row in selectors.coverage(case) if not row["covered"] and row["allowed_codes"]]
        if missing:
            initial["kind"] = missing[0]["allowed_codes"][0]
    else:
        initial = {
            f: getattr(measure, f)
            for f in ("kind", "content", "start", "end", "amount", "responsible_unit", "responsible_person", "status")
        }
        initial["person"] = str(measure.person_id or "")
    form = forms.MeasureForm(request.POST or None, initial=initial, members=_members(case))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["person"] = case.household.members.filter(pk=data["person"]).first() if data["person"] else None
        try:
            if measure is None:
                services.measure_add(by=request.user, case=case, **data)
            else:
                services.measure_update(by=request.user, measure=measure, data=data)
        except ValidationError as error:
            _forbidden_as_404(error)
            apply_service_errors(error, form)
        else:
            messages.success(request, "帮扶措施已保存")
            return redirect("monitoring:case", case_id=case.pk)
    context = {"case": case, "form": form, "measure": measure, "coverage": selectors.coverage(case)}
    return render(request, "assistance/measure_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    return _measure_form(request, access_case_by_id(request.user, case_id))


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, measure_id: Any) -> HttpResponse:
    measure = Measure.objects.filter(pk=measure_id).select_related("case").first()
    if measure is None:
        raise Http404("未找到")
    case = access_case_by_id(request.user, measure.case_id)
    return _measure_form(request, case, measure)


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = access_case_by_id(request.user, case_id)
    require(request.user, Capability.RECORD_VISITS)
    form = forms.VisitForm(request.POST or None, request.FILES or None)
    can_edit = me(request).can(Capability.EDIT_HOUSEHOLDS)
    if not can_edit:
        for name in ("housing_grade", "water_safe", "income_month", "income_item", "income_amount"):
            form.fields.pop(name)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.visit_record(
                by=request.user,
                case=case,
                visited_on=data["visited_on"],
                findings=data["findings"],
                income_note=data["income_note"],
                photo=request.FILES.get("photo"),
                household_changes=form.household_changes() if can_edit else None,
                finance=form.finance() if can_edit else (),
            )
        except ValidationError as error:
            _forbidden_as_404(error)
            apply_service_errors(error, form)
        else:
            messages.success(request, "走访记录已保存")
            return redirect("monitoring:case", case_id=case.pk)
    return render(request, "assistance/visit_form.html", {"case": case, "form": form})


@login_required
@require_GET
def visits_due(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.RECORD_VISITS)
    today = timezone.localdate()
    cases = list(selectors.visits_due(request.user, today).select_related("household", "village")[:300])
    heads = presenters.household_heads(request.user, [c.household_id for c in cases])
    rows = [
        {
            "case": c,
            "head": getattr(heads.get(c.household_id), "name", ""),
            "village": presenters.short_name(c.village.name),
            "days": (today - last).days if (last := getattr(c, "last_seen", None)) else None,
        }
        for c in cases
    ]
    return render(request, "assistance/visits_due.html", {"rows": rows})


@login_required
@require_GET
def visit_photo(request: HttpRequest, visit_id: Any) -> FileResponse:
    visit = Visit.objects.filter(pk=visit_id, case__in=cases_visible(request.user)).first()
    if visit is None or not visit.photo:
        raise Http404("未找到")
    response = FileResponse(
        visit.photo.open("rb"), content_type="image/png" if visit.photo.name.endswith(".png") else "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
