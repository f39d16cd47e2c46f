"""Assistance pages: the plan, measures (缺什么补什么), follow-up visits, visits due, and the fast track
(先帮扶后认定). Thin: reads through the selectors (a case, a measure, a visit the user may see, or 404), parses with
a form, writes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.assistance import forms, selectors, services
from shoudi.assistance.inputs import MeasureInput
from shoudi.assistance.models import Measure
from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.monitoring import presenters
from shoudi.monitoring.selectors import access_case_by_id, household_by_number


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, case_id: Any) -> HttpResponse:
    user = actor(request)
    case = access_case_by_id(user, case_id)
    require(user, Capability.PLAN_ASSISTANCE, case.village_id)
    plan = selectors.case_plan(case)
    initial = {
        "made_on": plan.made_on if plan else timezone.localdate(),
        "participants": plan.participants if plan else "",
        "summary": plan.summary if plan else "",
    }
    form = forms.PlanForm(request.POST or None, initial=initial)
    saved = submit(
        request, form, lambda: services.plan_save(by=user, case=case, **form.cleaned_data), success="帮扶计划已保存"
    )
    if saved is not None:
        return redirect("monitoring:case", case_id=case.pk)
    context = {"case": case, "form": form, "missing": selectors.missing(case)}
    return render(request, "assistance/plan_form.html", context)


def _members(case: Any) -> list[tuple[str, str]]:
    return [(str(p.pk), p.name) for p in case.household.members.order_by("relationship", "birth_date")]


def _measure_page(request: HttpRequest, case: Any, measure: Measure | None = None) -> HttpResponse:
    user = actor(request)
    require(user, Capability.PLAN_ASSISTANCE, case.village_id)
    if measure is None:
        initial: dict[str, Any] = {"start": timezone.localdate(), "status": "planned"}
        missing = [row for row in selectors.coverage(case) if not row["covered"] and row["allowed_codes"]]
        if missing:
            initial["kind"] = missing[0]["allowed_codes"][0]
    else:
        current = MeasureInput.of(measure)
        initial = {**current.__dict__, "person": str(measure.person_id or "")}
    form = forms.MeasureForm(request.POST or None, initial=initial, members=_members(case))

    def call() -> Measure:
        values = form.measure_input(case.household)
        if measure is None:
            return services.measure_add(by=user, case=case, measure=values)
        return services.measure_update(by=user, measure=measure, values=values)

    if submit(request, form, call, success="帮扶措施已保存") is not None:
        return redirect("monitoring:case", case_id=case.pk)
    context = {"case": case, "form": form, "measure": measure, "coverage": selectors.coverage(case)}
    return render(request, "assistance/measure_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def measure_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    return _measure_page(request, access_case_by_id(actor(request), case_id))


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, measure_id: Any) -> HttpResponse:
    measure = selectors.access_measure_by_id(actor(request), measure_id)
    return _measure_page(request, measure.case, measure)


@login_required
@require_http_methods(["GET", "POST"])
def visit_add(request: HttpRequest, case_id: Any) -> HttpResponse:
    user = actor(request)
    case = access_case_by_id(user, case_id)
    require(user, Capability.RECORD_VISITS, case.village_id)
    can_edit = can(user, Capability.EDIT_HOUSEHOLDS)
    form = forms.VisitForm(request.POST or None, request.FILES or None, can_edit_household=can_edit)

    def call() -> Any:
        data = form.cleaned_data
        return services.visit_record(
            by=user,
            case=case,
            visited_on=data["visited_on"],
            findings=data["findings"],
            income_note=data["income_note"],
            photo=data.get("photo"),
            household_changes=form.visit_facts() if can_edit else None,
            finance=form.finance() if can_edit else (),
        )

    if submit(request, form, call, success="走访记录已保存") is not None:
        return redirect("monitoring:case", case_id=case.pk)
    return render(request, "assistance/visit_form.html", {"case": case, "form": form})


@login_required
@require_GET
def visits_due(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.RECORD_VISITS)
    today = timezone.localdate()
    cases = list(selectors.visits_due(user, today).select_related("household", "village")[:300])
    heads = presenters.household_heads(user, [c.household_id for c in cases])
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
    visit = selectors.access_visit_by_id(actor(request), visit_id)
    if not visit.photo:
        raise NotVisible()
    response = FileResponse(
        visit.photo.open("rb"), content_type="image/png" if visit.photo.name.endswith(".png") else "image/jpeg"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def fast_track(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.FAST_TRACK)
    initial = {"household": request.GET.get("household", "")[:20], "on": timezone.localdate()}
    form = forms.FastTrackForm(request.POST or None, initial=initial)

    def call() -> Any:
        data = form.cleaned_data
        return services.case_fast_track(
            by=user,
            household=household_by_number(user, data["household"]),
            event=data["event"],
            risks=form.risk_input(),
            measures=[form.measure_input()],
            on=data["on"],
        )

    case = submit(request, form, call, success="已确认风险并落实帮扶措施（先帮扶后认定），请继续完成识别程序")
    if case is not None:
        return redirect("monitoring:case", case_id=case.pk)
    return render(request, "assistance/fast_track.html", {"form": form})
