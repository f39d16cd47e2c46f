"""Case pages: the list with filters, the case page (timeline, assessments, and the sections other apps add),
one form per step. Thin: reads through monitoring.selectors (area scope, 404 outside it), parses with a form,
writes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, NotVisible, can, require
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.monitoring import codes, datacheck, exclusions, forms, presenters, selectors
from shoudi.monitoring.forms_checks import step_form_class
from shoudi.monitoring.models import CaseRisk
from shoudi.monitoring.steps import step_take
from shoudi.regions.models import Level
from shoudi.regions.selectors import region_choices

PAGE_SIZE = 50


def _filter_form(request: HttpRequest) -> forms.CaseFilterForm:
    area = actor(request).area_id or ""
    townships = region_choices(area, Level.TOWNSHIP)
    villages = [(code, presenters.short_name(name)) for code, name in region_choices(area, Level.VILLAGE)[:500]]
    form = forms.CaseFilterForm(request.GET)
    forms.set_choices(form, "group", [("", "全部"), *((k, label) for k, (label, _) in selectors.STATUS_GROUPS.items())])
    forms.set_choices(form, "township", [("", "全部乡镇"), *townships])
    forms.set_choices(form, "village", [("", "全部村"), *villages])
    return form


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_CASES)
    today = timezone.localdate()
    form = _filter_form(request)
    filters = form.filters()
    qs = selectors.case_list(user, today=today, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "rows": presenters.case_rows(user, list(page.object_list), today),
        "query": query.urlencode(),
        "many_townships": len(form.fields["township"].choices) > 2,  # type: ignore[attr-defined]
        "many_villages": len(form.fields["village"].choices) > 2,  # type: ignore[attr-defined]
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and htmx.target == "results" and not htmx.history_restore_request  # type: ignore[union-attr]
    response = render(request, "monitoring/_case_results.html" if partial else "monitoring/case_list.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    user = actor(request)
    case = selectors.access_case_by_id(user, case_id)
    # the risks read once for the page and the panels that weigh them (assistance's coverage)
    prefetch_related_objects([case], Prefetch("risks", queryset=CaseRisk.objects.order_by("id")))
    today = timezone.localdate()
    context = {
        "case": case,
        "head": presenters.household_heads(user, [case.household_id]).get(case.household_id),
        "village": presenters.short_name(case.village.name),
        "risks": list(case.risks.all()),
        "deadline": presenters.deadline(case, today),
        "deadlines": presenters.step_deadlines(case, today),
        "actions": presenters.available_actions(user, case, today),
        "timeline": presenters.timeline(case),
        "panels": presenters.panels(user, case),
        "leads": list(case.leads.order_by("reported_on")),
        "attachments": list(case.attachments.order_by("created_at")),
        "periods": list(selectors.household_cases(user, case.household_id).exclude(pk=case.pk)),
        "notices": list(case.notice_entries.select_related("notice").order_by("-notice__posted_on")),
        "can_assign": can(user, Capability.PLAN_ASSISTANCE) and case.is_open,
        "under_monitoring": case.status in codes.UNDER_MONITORING,
        **_checks_context(user, case, today),
    }
    return render(request, "monitoring/case_detail.html", context)


def _checks_context(user: Any, case: Any, today: Any) -> dict[str, Any]:
    """信息比对's marks, the exclusion facts and decisions, the 结果公告 that list the case."""
    in_identification = case.status in exclusions.OPEN_FOR_DECISION
    return {
        "data_items": datacheck.latest_items(case),
        "exclusion_open": exclusions.uncovered(case, today, fresh=False) if in_identification else [],
        "exclusion_decisions": list(case.exclusion_decisions.select_related("attachment").order_by("decided_on")),
        "can_decide_exclusion": in_identification and can(user, Capability.VILLAGE_REVIEW),
        "announced": list(
            case.announcement_entries.select_related("announcement").order_by("-announcement__posted_on")
        ),
    }


def _initial(case: Any, action: str) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": case.version}
    if action == "id_home_check":
        codes_now = list(case.risks.values_list("code", "disaster_subtype"))
        initial.update(
            risks=[c for c, _ in codes_now if c in codes.RiskType.values],
            problems=[c for c, _ in codes_now if c in codes.Problem.values],
            disaster_subtype=next((s for c, s in codes_now if s), ""),
            category=case.category,
        )
    if action in ("id_township", "id_decision"):
        initial["category"] = case.category
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def case_act(request: HttpRequest, case_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    case = selectors.access_case_by_id(user, case_id)
    today = timezone.localdate()
    allowed = {a.key: a for a in presenters.available_actions(user, case, today)}
    if action not in allowed:
        raise NotVisible("当前不能办理该环节")
    form = step_form_class(action)(
        request.POST or None, request.FILES or None, initial=_initial(case, action), case=case, user=user
    )
    done = submit(
        request,
        form,
        lambda: step_take(by=user, case=case, action=action, entry=form.step_input()),
        success=f"已办理“{allowed[action].label}”",
    )
    if done is not None:
        return redirect("monitoring:case", case_id=case.pk)
    context = {
        "case": case,
        "action": allowed[action],
        "form": form,
        "deadline": presenters.deadline(case, today),
        "deadlines": presenters.step_deadlines(case, today),
        "assessment": case.assessment or None,
        "head": presenters.household_heads(user, [case.household_id]).get(case.household_id),
        "notice_entry": case.notice_entries.select_related("notice")
        .filter(active=True, notice__kind=codes.NOTICE_KIND_BY_STATUS.get(codes.Status(case.status), ""))
        .first(),
    }
    return render(request, "monitoring/case_act.html", context)


@login_required
@require_GET
def attachment_download(request: HttpRequest, case_id: Any, attachment_id: Any) -> FileResponse:
    attachment = selectors.access_attachment_by_id(actor(request), case_id, attachment_id)
    if not attachment.file:
        raise NotVisible()
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'inline; filename="{attachment.pk}.{attachment.file.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
