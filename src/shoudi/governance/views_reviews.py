"""Pages of the quarterly review (季度评议): the village's reviews and opening one; a review with the entries it
decides — the council records each decision and closes the review once. Others who may view see the review's
facts, its red entries and counts of the rest, never a yellow or black record."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.governance import balances, codes, reviews
from shoudi.governance import forms as gforms
from shoudi.governance import selectors as sel
from shoudi.governance.access import NOT_A_CONDITION, require_council
from shoudi.governance.models import Entry, QuarterlyReview


@login_required
@require_http_methods(["GET", "POST"])
def reviews_page(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    council = sel.can_manage(user, place.code)
    if request.method == "POST":
        require_council(user, place.code)
    form = gforms.ReviewOpenForm(posted(request))

    def call() -> QuarterlyReview:
        d = form.cleaned_data
        return reviews.review_open(
            by=user,
            village_code=place.code,
            year=d["year"],
            quarter=d["quarter"],
            held_on=d["held_on"],
            chair=d["chair"],
            representatives=d["representatives"],
            present=d["present"],
        )

    made = submit(request, form, call, success=lambda r: f"已开始{r}")
    if made is not None:
        return redirect("governance:review", review_id=made.pk)
    context = {
        "village": place,
        "items": list(sel.reviews_of(place)),
        "council": council,
        "form": form,
        "waiting": sel.awaiting_review(place.code),
        "notice": NOT_A_CONDITION,
    }
    return render(request, "governance/reviews.html", context, status=400 if request.method == "POST" else 200)


def _rows(review: QuarterlyReview) -> list[Entry]:
    if review.closed:
        decided = Entry.objects.filter(village_id=review.village_id).filter(review=review) | Entry.objects.filter(
            clear_review=review
        )
        return list(decided.select_related("file", "rule").order_by("file__number", "deed_on"))
    return list(reviews.pending(review).select_related("file", "rule").order_by("file__number", "deed_on"))


def _page(
    request: HttpRequest, review: QuarterlyReview, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = actor(request)
    bound = bound or {}
    council = sel.can_manage(user, review.village_id)
    rows = _rows(review)
    shown = rows if council else [e for e in rows if e.kind == codes.Kind.RED]
    names = balances.heads([e.file.household_id for e in shown])
    context: dict[str, Any] = {
        "review": review,
        "council": council,
        "hidden_count": len(rows) - len(shown),
        "notice": NOT_A_CONDITION,
    }
    if council and not review.closed:
        formset = bound.get("decide")
        if formset is None:
            initial = [
                {
                    "entry": str(e.pk),
                    "decision": e.clear_decision if e.status == codes.EntryStatus.CLEARING else e.decision,
                    "reason": e.clear_reason if e.status == codes.EntryStatus.CLEARING else e.decision_reason,
                }
                for e in shown
            ]
            formset = gforms.DecisionFormSet(initial=initial, prefix="rows")
        context["formset"] = formset
        context["pairs"] = [
            {"entry": e, "head": names.get(e.file.household_id, ""), "form": f}
            for e, f in zip(shown, formset.forms, strict=False)
        ]
        context["close_form"] = bound.get("close") or gforms.ReviewCloseForm()
    else:
        context["pairs"] = [{"entry": e, "head": names.get(e.file.household_id, ""), "form": None} for e in shown]
    return render(request, "governance/review.html", context, status=status)


@login_required
@require_GET
def review(request: HttpRequest, review_id: Any) -> HttpResponse:
    return _page(request, sel.access_review(actor(request), review_id))


@login_required
@require_POST
def decide(request: HttpRequest, review_id: Any) -> HttpResponse:
    user = actor(request)
    item = sel.access_review(user, review_id)
    require_council(user, item.village_id)
    formset = gforms.DecisionFormSet(posted(request), prefix="rows")

    def call() -> int:
        rows = [
            reviews.DecisionInput(
                entry_id=f.cleaned_data.get("entry"),
                decision=f.cleaned_data.get("decision", ""),
                reason=f.cleaned_data.get("reason", ""),
            )
            for f in formset.forms
        ]
        return reviews.review_decide(by=user, review=item, decisions=rows)

    done = submit(request, formset, call, success=lambda n: f"已记录 {n} 条评议结果")
    if done is not None:
        return redirect("governance:review", review_id=item.pk)
    return _page(request, item, {"decide": formset}, status=400)


@login_required
@require_POST
def close(request: HttpRequest, review_id: Any) -> HttpResponse:
    user = actor(request)
    item = sel.access_review(user, review_id)
    require_council(user, item.village_id)
    form = gforms.ReviewCloseForm(posted(request))

    def call() -> QuarterlyReview:
        return reviews.review_close(by=user, review=item, closed_on=form.cleaned_data["closed_on"])

    done = submit(request, form, call, success=lambda r: f"{r}已结束，评议结果生效")
    if done is not None:
        return redirect("governance:review", review_id=item.pk)
    return _page(request, item, {"close": form}, status=400)
