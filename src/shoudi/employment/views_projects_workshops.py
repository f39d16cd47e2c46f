"""Pages of 就业帮扶车间: the list (relocation-site workshops first), recognising a workshop, editing it, its page
(the people it employs with their 脱贫 / 监测 status, subsidies, yearly reviews) and the forms on that page —
a subsidy received, the 年度复核. Reading needs ``VIEW``; writing ``MANAGE_JOBS`` (the county and its 人社
clerk); a workshop outside the reader's area is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.employment import forms_projects as forms
from shoudi.employment import selectors_projects as selectors
from shoudi.employment import workshops
from shoudi.employment.access import MANAGE_JOBS, VIEW, may, require_may
from shoudi.employment.models import Workshop, WorkshopReview, WorkshopSubsidy
from shoudi.monitoring.presenters import short_name

LIST_LIMIT = 300


def _villages(user: Any) -> list[tuple[str, str]]:
    return [(v.code, short_name(v.name)) for v in selectors.villages_for(user)]


@login_required
@require_GET
def workshop_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    townships = [(t.code, t.name) for t in selectors.townships_for(user)]
    form = forms.WorkshopFilter(request.GET or None, townships=townships)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.workshop_list(
        user,
        township=data.get("township", ""),
        site=data.get("site", ""),
        status=data.get("status", ""),
        today=timezone.localdate(),
    )
    if form.is_bound and form.errors:
        qs = qs.none()
    context = {
        "form": form,
        "rows": list(qs[:LIST_LIMIT]),
        "total": qs.count(),
        "limit": LIST_LIMIT,
        "can_manage": may(user, MANAGE_JOBS),
    }
    return render(request, "employment/workshop_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, MANAGE_JOBS)
    employers = [(str(e.pk), e.name) for e in selectors.employers_for(user)]
    form = forms.WorkshopForm(
        posted(request),
        villages=_villages(user),
        employers=employers,
        initial={"recognised_on": timezone.localdate()},
    )

    def call() -> Workshop:
        return workshops.workshop_create(
            by=user,
            entry=form.entry(),
            employer_id=form.cleaned_data.get("employer") or None,
            new_employer=form.new_employer(),
        )

    done = submit(request, form, call, success=lambda w: f"已认定就业帮扶车间“{w.name}”")
    if done is not None:
        return redirect("employment:workshop_detail", workshop_id=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/workshop_form.html", {"form": form, "workshop": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request: HttpRequest, workshop_id: Any) -> HttpResponse:
    user = actor(request)
    workshop = selectors.access_workshop_by_id(user, workshop_id)
    require_may(user, MANAGE_JOBS, workshop.village_id)
    initial = {name: getattr(workshop, name) for name in ("name", "industry", "jobs", "recognised_on")}
    initial.update(
        village=workshop.village_id,
        recognised_by=workshop.recognised_by,
        at_relocation_site=workshop.at_relocation_site,
        relocation_site=workshop.relocation_site,
        version=workshop.version,
    )
    form = forms.WorkshopForm(posted(request), villages=_villages(user), new=False, initial=initial)

    def call() -> Workshop:
        seen = form.cleaned_data.get("version")
        return workshops.workshop_update(by=user, workshop=workshop, entry=form.entry(), expected_version=seen)

    done = submit(request, form, call, success="已保存修改")
    if done is not None:
        return redirect("employment:workshop_detail", workshop_id=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/workshop_form.html", {"form": form, "workshop": workshop}, status=status)


def _detail(
    request: HttpRequest,
    workshop: Workshop,
    *,
    subsidy_form: forms.SubsidyForm | None = None,
    review_form: forms.ReviewForm | None = None,
    year: int | None = None,
    status: int = 200,
) -> HttpResponse:
    user = actor(request)
    today = timezone.localdate()
    year_form = forms.YearForm(request.GET or None)
    if year is None:
        chosen = year_form.cleaned_data.get("year") if year_form.is_bound and year_form.is_valid() else None
        year = min(chosen or today.year, today.year)
    proposal = workshops.review_proposal(workshop, year, today)
    employees = selectors.workshop_employees(user, workshop, today)
    manage = may(user, MANAGE_JOBS)
    context = {
        "w": workshop,
        "employees": employees,
        "former_poor": sum(1 for e in employees if e.former_poor),
        "monitored": sum(1 for e in employees if e.monitored),
        "priority": sum(1 for e in employees if e.former_poor or e.monitored),
        "subsidies": list(selectors.workshop_subsidies(workshop)),
        "reviews": list(selectors.workshop_reviews(workshop)),
        "proposal": proposal,
        "year_form": year_form,
        "can_manage": manage,
        "subsidy_form": (subsidy_form or forms.SubsidyForm(initial={"received_on": today})) if manage else None,
        "review_form": (
            (review_form or forms.ReviewForm(initial={"year": year}, proposed=proposal.qualifies)) if manage else None
        ),
    }
    return render(request, "employment/workshop_detail.html", context, status=status)


@login_required
@require_GET
def workshop_detail(request: HttpRequest, workshop_id: Any) -> HttpResponse:
    return _detail(request, selectors.access_workshop_by_id(actor(request), workshop_id))


@login_required
@require_POST
def workshop_subsidy(request: HttpRequest, workshop_id: Any) -> HttpResponse:
    user = actor(request)
    workshop = selectors.access_workshop_by_id(user, workshop_id)
    if not may(user, MANAGE_JOBS):
        raise NotVisible()
    form = forms.SubsidyForm(request.POST)

    def call() -> WorkshopSubsidy:
        d = form.cleaned_data
        return workshops.subsidy_add(
            by=user,
            workshop=workshop,
            kind=d["kind"],
            amount=d["amount"],
            received_on=d["received_on"],
            document_no=d["document_no"],
        )

    if submit(request, form, call, success=lambda s: f"已登记补贴 {s.amount} 元") is not None:
        return redirect("employment:workshop_detail", workshop_id=workshop.pk)
    return _detail(request, workshop, subsidy_form=form, status=400)


@login_required
@require_POST
def workshop_review(request: HttpRequest, workshop_id: Any) -> HttpResponse:
    user = actor(request)
    workshop = selectors.access_workshop_by_id(user, workshop_id)
    if not may(user, MANAGE_JOBS):
        raise NotVisible()
    form = forms.ReviewForm(request.POST)

    def call() -> WorkshopReview:
        d = form.cleaned_data
        return workshops.review_confirm(
            by=user, workshop=workshop, year=d["year"], qualifies=d["qualifies"], note=d["note"]
        )

    def said(review: WorkshopReview) -> str:
        return f"已完成{review.year}年度复核：" + ("继续认定" if review.qualifies else "不再符合条件，已取消认定")

    if submit(request, form, call, success=said) is not None:
        return redirect("employment:workshop_detail", workshop_id=workshop.pk)
    year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
    today = timezone.localdate()
    year = year if isinstance(year, int) and 2016 <= year <= today.year else None
    return _detail(request, workshop, review_form=form, year=year, status=400)
