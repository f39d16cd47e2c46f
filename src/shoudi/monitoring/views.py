"""Case pages: the list with filters, the case page (timeline, assessments, plan, visits), one form per step.
Thin: reads through monitoring.selectors (area scope, 404 outside it), writes through the services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import Capability, require
from shoudi.core.errors import ConflictError
from shoudi.core.forms import apply_service_errors
from shoudi.monitoring import codes, forms, presenters, selectors, transitions
from shoudi.monitoring.models import Attachment
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area

PAGE_SIZE = 50


def me(request: HttpRequest) -> Any:
    """The signed-in user (login_required guarantees one; typed loosely for role checks)."""
    return request.user


def _filters(request: HttpRequest) -> dict[str, Any]:
    get = request.GET
    townships = {r.code for r in regions_in_user_area(request.user, level=Level.TOWNSHIP)}
    villages = {r.code for r in regions_in_user_area(request.user, level=Level.VILLAGE)}
    township = get.get("township", "").strip()
    village = get.get("village", "").strip()
    return {
        "q": get.get("q", "").strip()[:50],
        "group": get.get("group", "") if get.get("group", "") in selectors.STATUS_GROUPS else "",
        "status": get.get("status", "") if get.get("status", "") in codes.Status.values else "",
        "township": township if township in townships else "",
        "village": village if village in villages else "",
        "category": get.get("category", "") if get.get("category", "") in codes.Category.values else "",
        "risk": get.get("risk", "") if get.get("risk", "") in codes.RISK_CODE_LABELS else "",
        "overdue": get.get("overdue") == "1",
        "fast_track": get.get("fast_track") == "1",
        "mine": get.get("mine") == "1",
    }


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_CASES)
    today = timezone.localdate()
    filters = _filters(request)
    qs = presenters.with_risks(selectors.case_list(request.user, today=today, **filters))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filters": filters,
        "page": page,
        "rows": presenters.case_rows(request.user, list(page.object_list), today),
        "query": query.urlencode(),
        "groups": [(k, label) for k, (label, _) in selectors.STATUS_GROUPS.items()],
        "categories": codes.Category.choices,
        "risks": codes.RISK_CODE_CHOICES,
        "townships": [
            (r.code, r.name) for r in regions_in_user_area(request.user, level=Level.TOWNSHIP).order_by("code")
        ],
        "villages": [
            (r.code, presenters.short_name(r.name))
            for r in regions_in_user_area(request.user, level=Level.VILLAGE).order_by("code")[:500]
        ],
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and htmx.target == "results" and not htmx.history_restore_request  # type: ignore[union-attr]
    response = render(request, "monitoring/_case_results.html" if partial else "monitoring/case_list.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: Any) -> HttpResponse:
    from shoudi.assistance import selectors as assistance

    case = selectors.access_case_by_id(request.user, case_id)
    today = timezone.localdate()
    head = presenters.household_heads(request.user, [case.household_id]).get(case.household_id)
    helping = case.status in codes.UNDER_MONITORING or (
        case.fast_track and case.status in codes.IDENTIFICATION_STATUSES
    )
    context = {
        "case": case,
        "head": head,
        "village": presenters.short_name(case.village.name),
        "risks": list(case.risks.order_by("id")),
        "deadline": presenters.deadline(case, today),
        "actions": presenters.available_actions(request.user, case, today),
        "timeline": presenters.timeline(case),
        "leads": list(case.leads.order_by("reported_on")),
        "attachments": list(case.attachments.order_by("created_at")),
        "coverage": assistance.coverage(case),
        "measures": list(assistance.case_measures(case)),
        "plan": assistance.case_plan(case),
        "visits": list(assistance.case_visits(case)[:20]),
        "periods": list(selectors.household_cases(request.user, case.household_id).exclude(pk=case.pk)),
        "notices": list(case.notice_entries.select_related("notice").order_by("-notice__posted_on")),
        "can_plan": me(request).can(Capability.PLAN_ASSISTANCE) and helping,
        "can_visit": me(request).can(Capability.RECORD_VISITS) and helping,
        "can_assign": me(request).can(Capability.PLAN_ASSISTANCE) and case.is_open,
        "under_monitoring": case.status in codes.UNDER_MONITORING,
    }
    return render(request, "monitoring/case_detail.html", context)


STEP_FORMS: dict[str, type[forms.StepForm]] = {
    "id_home_check": forms.HomeCheckForm,
    "el_home_check": forms.EliminationStartForm,
    "rb_home_check": forms.RollbackStartForm,
    "return": forms.ReasonForm,
    "reject": forms.ReasonForm,
}
SUFFIX_FORMS: dict[str, type[forms.StepForm]] = {
    "data_check": forms.DataCheckForm,
    "review": forms.ReviewForm,
    "notice_end": forms.ConfirmForm,
    "township": forms.OpinionForm,
    "decision": forms.OpinionForm,
    "entry": forms.EntryForm,
}


def form_class(action: str) -> type[forms.StepForm]:
    if action in STEP_FORMS:
        return STEP_FORMS[action]
    return SUFFIX_FORMS[action.split("_", 1)[1]]


def perform(action: str, user: Any, case: Any, data: dict[str, Any], files: Any, form: Any = None) -> Any:
    """Call the service of ``action`` with a form's cleaned data (the API calls the same)."""
    common = {"by": user, "case": case, "on": data.get("on"), "expected_version": data.get("version")}
    suffix = action.split("_", 1)[1] if "_" in action else action
    if action == "id_home_check":
        photo = files.get("photo") if files else None
        risks = form.risk_input() if form is not None else data.get("risks")
        return transitions.case_home_check(
            findings=data["findings"],
            category=data.get("category", ""),
            risks=risks or None,
            promise=files.get("promise") if files else None,
            photos=[photo] if photo else [],
            **common,
        )
    if action == "el_home_check":
        return transitions.elimination_start(kind=data["kind"], findings=data["findings"], **common)
    if action == "rb_home_check":
        return transitions.rollback_start(reason=data["reason"], findings=data.get("findings", ""), **common)
    if action == "return":
        return transitions.case_return(reason=data["reason"], **common)
    if action == "reject":
        return transitions.case_reject(reason=data["reason"], **common)
    if suffix == "data_check":
        return transitions.case_data_check(result=data["result"], **common)
    if suffix == "review":
        return transitions.case_village_review(
            attendance=data["attendance"],
            attendees=data["attendees"],
            passed=data["passed"],
            minutes=data.get("minutes") or "",
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
            **common,
        )
    if suffix == "notice_end":
        return transitions.case_notice_end(**common)
    if suffix == "township":
        return transitions.case_township_review(opinion=data["opinion"], **common)
    if suffix == "decision":
        return transitions.case_decide(opinion=data["opinion"], category=data.get("category") or "", **common)
    if suffix == "entry":
        return transitions.case_enter(note=data.get("note") or "", **common)
    raise Http404("未知的办理环节")


@login_required
@require_http_methods(["GET", "POST"])
def case_act(request: HttpRequest, case_id: Any, action: str) -> HttpResponse:
    case = selectors.access_case_by_id(request.user, case_id)
    today = timezone.localdate()
    allowed = {a.key: a for a in presenters.available_actions(request.user, case, today)}
    if action not in allowed:
        raise Http404("当前不能办理该环节")
    cls = form_class(action)
    initial: dict[str, Any] = {"version": case.version}
    if action == "id_home_check":
        codes_now = list(case.risks.values_list("code", "disaster_subtype"))
        initial.update(
            risks=[c for c, _ in codes_now if c in codes.RiskType.values],
            problems=[c for c, _ in codes_now if c in codes.Problem.values],
            disaster_subtype=next((s for c, s in codes_now if s), ""),
            category=case.category,
        )
    form = cls(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            perform(action, request.user, case, form.cleaned_data, request.FILES, form)
        except transitions.EliminationBlocked as blocked:
            apply_service_errors(blocked, form)
        except ConflictError as conflict:
            messages.error(request, conflict.messages[0])
            return redirect("monitoring:case", case_id=case.pk)
        except ValidationError as error:
            if forms.is_forbidden(error):
                raise Http404("当前不能办理该环节") from None
            apply_service_errors(error, form)
        else:
            messages.success(request, f"已办理“{allowed[action].label}”")
            return redirect("monitoring:case", case_id=case.pk)
    context = {
        "case": case,
        "action": allowed[action],
        "form": form,
        "deadline": presenters.deadline(case, today),
        "assessment": case.assessment or None,
        "head": presenters.household_heads(request.user, [case.household_id]).get(case.household_id),
        "notice_entry": case.notice_entries.select_related("notice").filter(active=True).first(),
    }
    return render(request, "monitoring/case_act.html", context)


@login_required
@require_GET
def attachment_download(request: HttpRequest, case_id: Any, attachment_id: Any) -> FileResponse:
    case = selectors.access_case_by_id(request.user, case_id)
    attachment = Attachment.objects.filter(case=case, pk=attachment_id).first()
    if attachment is None or not attachment.file:
        raise Http404("未找到该附件")
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.content_type)
    response["Content-Disposition"] = f'inline; filename="{attachment.pk}.{attachment.file.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
