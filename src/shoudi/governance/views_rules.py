"""Pages of the village rules (积分制细则): the versions of a village and a new draft; one version with its red,
yellow and black items — the council adds, edits and deletes items while it is a draft and records its adoption
by the 村民代表大会 (with the meeting's scan, optional)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.governance import codes, rulebooks
from shoudi.governance import forms as gforms
from shoudi.governance import selectors as sel
from shoudi.governance.access import NOT_A_CONDITION, require_council
from shoudi.governance.models import Rule, RuleBook


@login_required
@require_http_methods(["GET", "POST"])
def rulebooks_page(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    council = sel.can_manage(user, place.code)
    if request.method == "POST":
        require_council(user, place.code)
    form = gforms.RulebookDraftForm(posted(request), initial={"title": f"{place.name}家庭文明档案积分细则"})

    def call() -> RuleBook:
        return rulebooks.rulebook_draft(by=user, village_code=place.code, title=form.cleaned_data["title"])

    made = submit(request, form, call, success=lambda b: f"已起草第{b.edition}版细则")
    if made is not None:
        return redirect("governance:rulebook", rulebook_id=made.pk)
    context = {"village": place, "books": list(sel.rulebooks_of(place)), "council": council, "form": form}
    return render(request, "governance/rulebooks.html", context, status=400 if request.method == "POST" else 200)


def _ids(rule: Rule) -> str:
    """Each rule's edit form on the page has its own element ids (the field names stay the same)."""
    return f"id_rule{rule.pk.hex[:8]}_%s"


def _page(request: HttpRequest, book: RuleBook, bound: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    user = actor(request)
    bound = bound or {}
    council = sel.can_manage(user, book.village_id) and book.status == codes.RuleBookStatus.DRAFT
    rules = list(book.rules.order_by("kind", "created_at"))
    rows = []
    for rule in rules:
        edit = bound.get(f"rule-{rule.pk}")
        if council and edit is None:
            initial = {"kind": rule.kind, "item": rule.item, "points": rule.points, "clearing": rule.clearing}
            edit = gforms.RuleForm(initial={**initial, "active": rule.active}, editing=True, auto_id=_ids(rule))
        rows.append({"rule": rule, "kind": rule.kind, "form": edit, "open": f"rule-{rule.pk}" in bound})
    groups = [(label, [r for r in rows if r["kind"] == kind]) for kind, label in codes.Kind.choices]
    context = {
        "book": book,
        "groups": groups,
        "council": council,
        "add_form": bound.get("add") or (gforms.RuleForm() if council else None),
        "adopt_form": bound.get("adopt") or (gforms.AdoptForm() if council else None),
        "open": next(iter(bound), ""),
        "notice": NOT_A_CONDITION,
    }
    return render(request, "governance/rulebook.html", context, status=status)


@login_required
@require_GET
def rulebook(request: HttpRequest, rulebook_id: Any) -> HttpResponse:
    return _page(request, sel.access_rulebook(actor(request), rulebook_id))


@login_required
@require_POST
def rule_add(request: HttpRequest, rulebook_id: Any) -> HttpResponse:
    user = actor(request)
    book = sel.access_rulebook(user, rulebook_id)
    require_council(user, book.village_id)
    form = gforms.RuleForm(posted(request))

    def call() -> Rule:
        d = form.cleaned_data
        return rulebooks.rule_add(
            by=user, rulebook=book, kind=d["kind"], item=d["item"], points=d["points"], clearing=d["clearing"]
        )

    if submit(request, form, call, success=lambda r: f"已增加{r.get_kind_display()}事项") is not None:
        return redirect("governance:rulebook", rulebook_id=book.pk)
    return _page(request, book, {"add": form}, status=400)


@login_required
@require_POST
def rule_edit(request: HttpRequest, rule_id: Any) -> HttpResponse:
    user = actor(request)
    rule = sel.access_rule(user, rule_id)
    require_council(user, rule.rulebook.village_id)
    form = gforms.RuleForm(posted(request), editing=True, auto_id=_ids(rule))

    def call() -> Rule:
        d = form.cleaned_data
        return rulebooks.rule_update(
            by=user,
            rule=rule,
            kind=d["kind"],
            item=d["item"],
            points=d["points"],
            clearing=d["clearing"],
            active=d["active"],
        )

    if submit(request, form, call, success="已保存事项") is not None:
        return redirect("governance:rulebook", rulebook_id=rule.rulebook_id)
    return _page(request, rule.rulebook, {f"rule-{rule.pk}": form}, status=400)


@login_required
@require_POST
def rule_delete(request: HttpRequest, rule_id: Any) -> HttpResponse:
    user = actor(request)
    rule = sel.access_rule(user, rule_id)
    require_council(user, rule.rulebook.village_id)
    form = gforms.Form(posted(request))
    book = rule.rulebook

    def call() -> bool:
        rulebooks.rule_delete(by=user, rule=rule)
        return True

    if submit(request, form, call, success="已删除事项") is None:
        return _page(request, book, {"add": gforms.RuleForm()}, status=400)
    return redirect("governance:rulebook", rulebook_id=book.pk)


@login_required
@require_POST
def adopt(request: HttpRequest, rulebook_id: Any) -> HttpResponse:
    user = actor(request)
    book = sel.access_rulebook(user, rulebook_id)
    require_council(user, book.village_id)
    form = gforms.AdoptForm(posted(request), request.FILES)

    def call() -> RuleBook:
        d = form.cleaned_data
        return rulebooks.rulebook_adopt(
            by=user,
            rulebook=book,
            adopted_on=d["adopted_on"],
            resolution_no=d["resolution_no"],
            present=d["present"],
            total=d["total"],
            votes_for=d["votes_for"],
            minutes=d.get("minutes") or None,
        )

    if (
        submit(request, form, call, success=lambda b: f"第{b.edition}版细则已通过，自 {b.adopted_on} 起施行")
        is not None
    ):
        return redirect("governance:rulebook", rulebook_id=book.pk)
    return _page(request, sel.access_rulebook(user, rulebook_id), {"adopt": form}, status=400)


@login_required
@require_GET
def minutes(request: HttpRequest, rulebook_id: Any) -> FileResponse:
    book = sel.access_rulebook(actor(request), rulebook_id)
    if not book.minutes:
        raise NotVisible()
    response = FileResponse(book.minutes.open("rb"), content_type=book.minutes_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="{book.pk}.{book.minutes.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
