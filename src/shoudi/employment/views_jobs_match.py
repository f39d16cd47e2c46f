"""Pages of the matching: an opening with its ranked candidates and its recommendations (recommend one or
several), a recommendation's outcome (联系 / 面试 / 上岗 / 未成), a person's ranked openings, and the batch
recommendation (批量推荐) of the county. Reads are scoped (404 outside the user's area); recommending and
recording outcomes need ``MANAGE_JOBS``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.employment import codes, jobs
from shoudi.employment import forms_jobs as forms
from shoudi.employment import jobs_recommendations as recs
from shoudi.employment import selectors_jobs as selectors
from shoudi.employment.access import MANAGE_JOBS, may, require_may
from shoudi.employment.models import Opening, Recommendation
from shoudi.registry.idnumber import mask

CANDIDATES = 30


def _opening_context(user: Any, opening: Opening, form: forms.RecommendForm | None) -> dict[str, Any]:
    manage = may(user, MANAGE_JOBS) and opening.area_id.startswith(user.area_id[:6])
    rows = selectors.candidates(user, opening, CANDIDATES) if manage else []
    status_form = forms.OpeningStatusForm(current=opening.status, initial={"version": opening.version})
    return {
        "opening": opening,
        "candidates": rows,
        "recommendations": selectors.opening_recommendations(user, opening),
        "hired": selectors.hired_count(opening),
        "can_manage": manage,
        "form": form,
        "status_form": status_form,
    }


def opening_page(
    request: HttpRequest, user: Any, opening: Opening, *, status_form: forms.OpeningStatusForm, status: int
) -> HttpResponse:
    """The opening's page again, with the refused status change's form (``views_jobs.opening_status``)."""
    context = _opening_context(user, opening, None) | {"status_form": status_form}
    if context["can_manage"]:
        context["form"] = forms.RecommendForm(people=_people(context["candidates"]))
    return render(request, "employment/job_detail.html", context, status=status)


def _people(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(str(r["person"].pk), r["person"].name) for r in rows if not r["outcome"]]


@login_required
@require_http_methods(["GET", "POST"])
def opening_detail(request: HttpRequest, opening_id: Any) -> HttpResponse:
    user = actor(request)
    opening = selectors.access_opening_by_id(user, opening_id)
    context = _opening_context(user, opening, None)
    if request.method == "POST":
        require_may(user, MANAGE_JOBS, opening.area_id)
    if not context["can_manage"]:
        return render(request, "employment/job_detail.html", context)
    form = forms.RecommendForm(posted(request), people=_people(context["candidates"]))

    def call() -> tuple[list[Recommendation], int]:
        qs = selectors.persons_visible(user).select_related("household")
        chosen = list(qs.filter(pk__in=form.cleaned_data["persons"]))
        return recs.recommend(by=user, opening=opening, persons=chosen)

    done = submit(
        request, form, call, success=lambda r: f"已推荐 {len(r[0])} 人" + (f"，{r[1]} 人此前已推荐" if r[1] else "")
    )
    if done is not None:
        return redirect("employment:opening_detail", opening_id=opening.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/job_detail.html", context | {"form": form}, status=status)


def _outcomes(rec: Recommendation) -> list[tuple[str, str]]:
    step = recs.STEP[rec.outcome]
    return [(o.value, str(o.label)) for o in codes.Outcome if recs.STEP[o] > step]


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail(request: HttpRequest, recommendation_id: Any) -> HttpResponse:
    user = actor(request)
    rec = selectors.access_recommendation_by_id(user, recommendation_id)
    context: dict[str, Any] = {"rec": rec, "masked_id": mask(rec.person.id_number), "form": None}
    open_rec = rec.outcome in codes.OPEN_OUTCOMES
    if not (may(user, MANAGE_JOBS) and open_rec):
        if request.method == "POST":
            if not may(user, MANAGE_JOBS):
                raise NotVisible()
            messages.error(request, f"该推荐已是“{rec.get_outcome_display()}”，不能再变更")
            return redirect("employment:recommendation_detail", recommendation_id=rec.pk)
        return render(request, "employment/match_recommendation.html", context)
    require_may(user, MANAGE_JOBS, rec.village_id)
    form = forms.OutcomeForm(posted(request), outcomes=_outcomes(rec), initial={"version": rec.version})

    def call() -> Recommendation:
        data = form.cleaned_data
        entry = recs.OutcomeInput(
            outcome=data["outcome"],
            on=data["outcome_on"],
            note=data.get("outcome_note", ""),
            monthly_pay=data.get("monthly_pay"),
        )
        return recs.recommendation_outcome(by=user, recommendation=rec, entry=entry, expected_version=data["version"])

    def said(done: Recommendation) -> str:
        if done.outcome == codes.Outcome.HIRED:
            return "已记录上岗：务工记录已生成" + (
                "，岗位已招满" if done.opening.status == codes.OpeningStatus.FILLED else ""
            )
        return f"已记录：{done.get_outcome_display()}"

    done = submit(request, form, call, success=said)
    if done is not None:
        return redirect("employment:recommendation_detail", recommendation_id=rec.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/match_recommendation.html", context | {"form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def person_openings(request: HttpRequest, person_id: Any) -> HttpResponse:
    user = actor(request)
    person = selectors.access_person_by_id(user, person_id)
    in_pool, rows = selectors.openings_for_person(user, person)
    manage = may(user, MANAGE_JOBS)
    context = {
        "person": person,
        "masked_id": mask(person.id_number),
        "in_pool": in_pool,
        "rows": rows,
        "recommendations": selectors.person_recommendations(user, person),
        "can_manage": manage,
        "form": None,
    }
    if not manage:
        if request.method == "POST":
            raise NotVisible()
        return render(request, "employment/match_person.html", context)
    choices = [
        (str(r["opening"].pk), f"{r['opening'].employer.name}·{r['opening'].title}") for r in rows if not r["outcome"]
    ]
    form = forms.RecommendPersonForm(posted(request), openings=choices)

    def call() -> tuple[list[Recommendation], int]:
        opening = selectors.openings_visible(user).filter(pk=form.cleaned_data["opening"]).first()
        if opening is None:
            raise ValidationError({"opening": "请选择岗位"})
        return recs.recommend(by=user, opening=opening, persons=[person])

    done = submit(request, form, call, success=lambda r: f"已推荐{person.name}")
    if done is not None:
        return redirect("employment:person_openings", person_id=person.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/match_person.html", context | {"form": form}, status=status)


@login_required
@require_POST
def opening_status(request: HttpRequest, opening_id: Any) -> HttpResponse:
    user = actor(request)
    opening = selectors.access_opening_by_id(user, opening_id)
    require_may(user, MANAGE_JOBS, opening.area_id)
    form = forms.OpeningStatusForm(request.POST, current=opening.status)
    labels = {"closed": "已关闭岗位", "filled": "已标记为已招满", "open": "已重新开放招聘"}

    def call() -> Opening:
        data = form.cleaned_data
        return jobs.opening_set_status(
            by=user, opening=opening, status=data["status"], expected_version=data["version"]
        )

    done = submit(request, form, call, success=lambda o: labels.get(o.status, "已保存"))
    if done is not None:
        return redirect("employment:opening_detail", opening_id=opening.pk)
    return opening_page(request, user, opening, status_form=form, status=400)
