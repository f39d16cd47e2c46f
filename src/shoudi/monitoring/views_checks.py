"""Pages of the identification checks: the exclusion decisions of a case (村民代表大会 / 情形不属实: record one,
withdraw one recorded by mistake) and the 结果公告 (list with villages awaiting one, post, the printable A4 page). Thin: scoped reads, forms, services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, can, get_visible_or_404, require
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.monitoring import announcements, codes, exclusions, forms, presenters, selectors
from shoudi.monitoring.forms_checks import AnnouncementForm, ExclusionDecisionForm, ExclusionWithdrawForm
from shoudi.monitoring.models_checks import Announcement, ExclusionDecision
from shoudi.regions.models import Level, Region
from shoudi.regions.selectors import regions_in_user_area


@login_required
@require_http_methods(["GET", "POST"])
def exclusion_decide(request: HttpRequest, case_id: Any) -> HttpResponse:
    user = actor(request)
    case = selectors.access_case_by_id(user, case_id)
    require(user, Capability.VILLAGE_REVIEW, case.village_id)
    form = ExclusionDecisionForm(request.POST or None, request.FILES or None)

    def call() -> Any:
        data = form.cleaned_data
        return exclusions.exclusion_decide(
            by=user,
            case=case,
            kind=data["kind"],
            decided_on=data["decided_on"],
            note=data["note"],
            document=data.get("document"),
            attendance=data.get("attendance"),
            votes_for=data.get("votes_for"),
            votes_against=data.get("votes_against"),
        )

    if submit(request, form, call, success="已录入不纳入情形认定") is not None:
        return redirect("monitoring:case", case_id=case.pk)
    return _exclusion_page(request, user, case, form=form, status=400 if form.is_bound else 200)


@login_required
@require_POST
def exclusion_withdraw(request: HttpRequest, case_id: Any, decision_id: Any) -> HttpResponse:
    user = actor(request)
    case = selectors.access_case_by_id(user, case_id)
    require(user, Capability.VILLAGE_REVIEW, case.village_id)
    decision = get_visible_or_404(case.exclusion_decisions.all(), decision_id)
    form = ExclusionWithdrawForm(request.POST, decision=decision)

    def call() -> ExclusionDecision:
        data = form.cleaned_data
        return exclusions.exclusion_withdraw(by=user, decision=decision, reason=data["reason"], on=data["on"])

    if submit(request, form, call, success="已撤回不纳入情形认定") is not None:
        return redirect("monitoring:exclusion_decide", case_id=case.pk)
    case.refresh_from_db()
    return _exclusion_page(request, user, case, withdrawing=(decision.pk, form), status=400)


def _exclusion_page(
    request: HttpRequest,
    user: Any,
    case: Any,
    *,
    form: ExclusionDecisionForm | None = None,
    withdrawing: tuple[Any, ExclusionWithdrawForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The exclusion page: the facts no decision covers, the decisions (each active one with its withdrawal
    form while the case has not passed 民主评议, each withdrawn one with its reason), the form to record one."""
    today = timezone.localdate()
    open_window = case.status in exclusions.OPEN_FOR_DECISION
    posted_pk, posted_form = withdrawing or (None, None)
    decisions = []
    for d in case.exclusion_decisions.select_related("attachment", "withdrawn_by").order_by("decided_on", "created_at"):
        withdraw = None
        if open_window and not d.is_withdrawn:
            withdraw = (
                posted_form if posted_form is not None and d.pk == posted_pk else ExclusionWithdrawForm(decision=d)
            )
        decisions.append((d, withdraw))
    head = presenters.household_heads(user, [case.household_id]).get(case.household_id)
    context = {
        "case": case,
        "form": form or ExclusionDecisionForm(),
        "head": head,
        "facts": exclusions.uncovered(case, today),
        "decisions": decisions,
    }
    return render(request, "monitoring/exclusion_form.html", context, status=status)


@login_required
@require_GET
def announcement_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_CASES)
    reviewer = can(user, Capability.REVIEW_CASES)
    waiting = announcements.waiting_rows(selectors.cases_visible(user), timezone.localdate()) if reviewer else []
    items = (
        announcements.announcements_visible(user).select_related("village").order_by("-posted_on", "-created_at")[:100]
    )
    return render(request, "monitoring/announcement_list.html", {"waiting": waiting, "items": items})


@login_required
@require_http_methods(["GET", "POST"])
def announcement_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.REVIEW_CASES)
    villages = {v.code: v for v in regions_in_user_area(user, level=Level.VILLAGE).order_by("code")[:2000]}
    township = Region.objects.filter(code=(user.area_id or "")[:9], level=Level.TOWNSHIP).first()
    kind = request.GET.get("kind", "")
    form = AnnouncementForm(
        request.POST or None,
        initial={
            "village": request.GET.get("village", ""),
            "kind": kind if kind in announcements.DECISION else codes.NoticeKind.INCLUSION,
            "issuer": f"{township.name}人民政府" if township else "",
        },
    )
    forms.set_choices(form, "village", [(code, presenters.short_name(v.name)) for code, v in villages.items()])

    def call() -> Announcement:
        data = form.cleaned_data
        return announcements.announcement_post(
            by=user,
            village=villages[data["village"]],
            kind=data["kind"],
            posted_on=data["posted_on"],
            issuer=data["issuer"],
            hotline=data["hotline"],
        )

    done = submit(request, form, call, success=lambda a: f"结果公告已发布（{a.entries.count()} 户）")
    if done is not None:
        return redirect("monitoring:announcements")
    return render(request, "monitoring/announcement_form.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
@require_GET
def announcement_print(request: HttpRequest, announcement_id: Any) -> HttpResponse:
    user = actor(request)
    announcement = get_visible_or_404(
        announcements.announcements_visible(user).select_related("village"), announcement_id
    )
    context = {
        "a": announcement,
        "title": announcements.TITLES[codes.NoticeKind(announcement.kind)],
        "entries": list(announcement.entries.order_by("id")),
        "village": presenters.short_name(announcement.village.name),
        "hotline": announcement.hotline,
    }
    return render(request, "monitoring/announcement_print.html", context)
