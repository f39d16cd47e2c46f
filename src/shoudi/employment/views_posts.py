"""Pages of 公益性岗位 (thin: forms in, services, selectors out): the posts of the area with the year's relocated
share, creating and editing a post (按需设岗), a post's page with its holders, the ranked candidates and hiring
(以岗聘任), exit (有序退岗) and abolishing. Anyone who may not view the jobs ledgers, and any post outside the
user's area, is a 404; the writing forms are shown to those who may manage posts."""

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
from shoudi.employment import codes, post_candidates, post_share, posts
from shoudi.employment import forms_posts as forms
from shoudi.employment import selectors_posts as selectors
from shoudi.employment.access import MANAGE_POSTS, RECORD_POST_PAY, VIEW, may, require_may
from shoudi.employment.models import PostHolding, WelfarePost

LIST_LIMIT = 300


def _list(request: HttpRequest, preset: dict[str, str]) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    data = request.GET.copy() if request.GET else None
    if preset:
        data = data or request.GET.copy()
        for key, value in preset.items():
            data.setdefault(key, value)
    form = forms.PostFilterForm(data, areas=selectors.areas_for(user))
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.post_list(
        user,
        area=filters.get("area", ""),
        kind=filters.get("kind", ""),
        status=filters.get("status", ""),
        funding=filters.get("funding", ""),
        year=filters.get("year"),
    )
    if form.is_bound and form.errors:
        qs = qs.none()
    page = list(qs[:LIST_LIMIT])
    found = selectors.holders(page)
    today = timezone.localdate()
    year = filters.get("year") or today.year
    context = {
        "form": form,
        "rows": [{"post": p, "holding": found.get(p.pk)} for p in page],
        "total": qs.count(),
        "limit": LIST_LIMIT,
        "share": post_share.relocated_share(filters.get("area") or user.area_id, year),
        "can_manage": may(user, MANAGE_POSTS),
        "can_pay": may(user, RECORD_POST_PAY),
    }
    return render(request, "employment/post_list.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    return _list(request, {})


@login_required
@require_GET
def post_vacant(request: HttpRequest) -> HttpResponse:
    """待聘岗位 (the workbench's count links here)."""
    return _list(request, {"status": codes.PostStatus.VACANT})


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, MANAGE_POSTS)
    form = forms.PostForm(
        posted(request), areas=selectors.areas_for(user), assets=selectors.asset_choices(user, user.area_id)
    )

    def call() -> WelfarePost:
        return posts.post_create(by=user, area_code=form.cleaned_data["area"], entry=form.entry())

    post = submit(request, form, call, success=lambda p: f"已设岗“{p.title}”，待聘用")
    if post is not None:
        return redirect("employment:post_detail", post_id=post.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/post_form.html", {"form": form, "post": None, "mode": "create"}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request: HttpRequest, post_id: Any) -> HttpResponse:
    user = actor(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    if post.status == codes.PostStatus.ABOLISHED:
        raise NotVisible()
    initial = {
        "kind": post.kind,
        "title": post.title,
        "need": post.need,
        "duty": post.duty,
        "monthly_subsidy": post.monthly_subsidy,
        "funding": post.funding,
        "created_on": post.created_on,
        "term_months": post.term_months,
        "asset": str(post.asset_id or ""),
        "version": post.version,
    }
    assets = selectors.asset_choices(user, post.village_id)
    form = forms.PostForm(posted(request), initial=initial, assets=assets, editing=True)

    def call() -> WelfarePost:
        version = form.cleaned_data.get("version") or post.version
        return posts.post_update(by=user, post=post, entry=form.entry(), version=version)

    done = submit(request, form, call, success="已保存岗位信息")
    if done is not None:
        return redirect("employment:post_detail", post_id=post.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "employment/post_form.html", {"form": form, "post": post, "mode": "edit"}, status=status)


def _candidates(post: WelfarePost) -> tuple[list[post_candidates.Candidate], bool]:
    today = timezone.localdate()
    first = post_share.below_target(post.village_id, today)
    return post_candidates.candidates(post.village_id, today, relocated_first=first), first


def _person_label(c: post_candidates.Candidate) -> str:
    flags = [c.group_label, f"{c.age}岁"]
    if c.relocated:
        flags.append("搬迁户")
    if c.working:
        flags.append("已有务工")
    return f"{c.person.name}（{c.person.masked_id}，{'，'.join(flags)}）"


def _page(
    request: HttpRequest, post: WelfarePost, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = actor(request)
    bound = bound or {}
    manage = may(user, MANAGE_POSTS)
    holding = selectors.current_holding(post)
    context: dict[str, Any] = {
        "post": post,
        "holding": holding,
        "holdings": list(selectors.post_holdings(post)),
        "can_manage": manage,
        "can_pay": may(user, RECORD_POST_PAY),
        "open": next(iter(bound), ""),
        "candidates": [],
    }
    if manage and post.status == codes.PostStatus.VACANT:
        found, first = _candidates(post)
        context["candidates"], context["relocated_first"] = found, first
        people = [(str(c.person.pk), _person_label(c)) for c in found]
        top = {"person": people[0][0]} if people else {}  # the first in the order of priority, offered first
        context["hire_form"] = bound.get("hire") or forms.HireForm(people=people, initial={**top})
    if manage and holding is not None:
        context["exit_form"] = bound.get("exit") or forms.ExitForm()
    if manage and post.status != codes.PostStatus.ABOLISHED:
        context["abolish_form"] = bound.get("abolish") or forms.AbolishForm()
    return render(request, "employment/post_detail.html", context, status=status)


@login_required
@require_GET
def post_detail(request: HttpRequest, post_id: Any) -> HttpResponse:
    return _page(request, selectors.access_post_by_id(actor(request), post_id))


@login_required
@require_POST
def post_hire(request: HttpRequest, post_id: Any) -> HttpResponse:
    user = actor(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    if post.status != codes.PostStatus.VACANT:
        return _page(request, post, status=400)
    found, _ = _candidates(post)
    form = forms.HireForm(request.POST, people=[(str(c.person.pk), _person_label(c)) for c in found])

    def call() -> PostHolding:
        person = post_candidates.person_in_area(post.village_id, form.cleaned_data["person"])
        if person is None:
            raise NotVisible()
        return posts.post_hire(
            by=user,
            post=post,
            person=person,
            started_on=form.cleaned_data["started_on"],
            agreement_no=form.cleaned_data.get("agreement_no", ""),
        )

    done = submit(request, form, call, success=lambda h: f"已聘用{h.person.name}，{h.started_on}起在岗")
    if done is not None:
        return redirect("employment:post_detail", post_id=post.pk)
    return _page(request, selectors.access_post_by_id(user, post_id), {"hire": form}, status=400)


@login_required
@require_POST
def post_exit(request: HttpRequest, holding_id: Any) -> HttpResponse:
    user = actor(request)
    holding = selectors.access_holding_by_id(user, holding_id)
    require_may(user, MANAGE_POSTS, holding.post.village_id)
    form = forms.ExitForm(request.POST)

    def call() -> PostHolding:
        data = form.cleaned_data
        return posts.holding_exit(
            by=user, holding=holding, ended_on=data["ended_on"], reason=data["exit_reason"], note=data["exit_note"]
        )

    done = submit(request, form, call, success=lambda h: f"{h.person.name}已于 {h.ended_on} 退岗，岗位待聘")
    if done is not None:
        return redirect("employment:post_detail", post_id=holding.post_id)
    post = selectors.access_post_by_id(user, holding.post_id)
    return _page(request, post, {"exit": form}, status=400)


@login_required
@require_POST
def post_abolish(request: HttpRequest, post_id: Any) -> HttpResponse:
    user = actor(request)
    post = selectors.access_post_by_id(user, post_id)
    require_may(user, MANAGE_POSTS, post.village_id)
    form = forms.AbolishForm(request.POST)

    def call() -> WelfarePost:
        data = form.cleaned_data
        return posts.post_abolish(by=user, post=post, abolished_on=data["abolished_on"], note=data["note"])

    done = submit(request, form, call, success=lambda p: f"岗位“{p.title}”已撤销")
    if done is not None:
        return redirect("employment:post_detail", post_id=post.pk)
    return _page(request, selectors.access_post_by_id(user, post_id), {"abolish": form}, status=400)
