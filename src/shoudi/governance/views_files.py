"""The household file page (家庭文明档案, 一户一档): for the council of the household's village every entry, the
proposal form and the correction of a yellow record, and the household's printable copy (``?print=1``: all
entries, no ID number); for everyone else who may view, the red records, the balance and counts of yellow and
black records only. An entry's photo follows the same rule."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.governance import balances, codes, entries
from shoudi.governance import forms as gforms
from shoudi.governance import selectors as sel
from shoudi.governance.access import NOT_A_CONDITION, require_council
from shoudi.governance.models import Entry, HouseholdFile
from shoudi.monitoring.presenters import short_name
from shoudi.registry.models import Household


def rule_choices(village_code: str) -> list[tuple[str, str]]:
    return [
        (str(r.pk), f"{r.get_kind_display()}｜{r.item}（{r.points:+d}分）") for r in entries.active_rules(village_code)
    ]


def _page(
    request: HttpRequest, household: Household, bound: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    user = actor(request)
    bound = bound or {}
    council = sel.can_manage(user, household.village_id)
    file = HouseholdFile.objects.filter(household=household).first()
    rows = sel.file_entries(user, file)
    printing = council and request.GET.get("print") == "1" and not bound
    correct_for = str(bound.get("correct_for", ""))
    for entry in rows:
        can_correct = entry.kind == codes.Kind.YELLOW and entry.status == codes.EntryStatus.CONFIRMED
        entry.correct_form = None  # type: ignore[attr-defined]
        if council and can_correct:
            mine = correct_for == str(entry.pk)
            form = bound["correct"] if mine else gforms.CorrectionForm(auto_id=f"id_c{entry.pk.hex[:8]}_%s")
            entry.correct_form = form  # type: ignore[attr-defined]
            entry.correct_open = mine  # type: ignore[attr-defined]
    context = {
        "household": household,
        "village_short": short_name(household.village.name),
        "head": balances.heads([household.pk]).get(household.pk, ""),
        "file": file,
        "entries": rows,
        "points": balances.balance_of(file),
        "redemptions": list(file.redemptions.select_related("item")) if file else [],
        "hidden": sel.hidden_counts(user, file=file) if file and not council else None,
        "council": council,
        "entry_form": bound.get("entry")
        or (gforms.EntryForm(rules=rule_choices(household.village_id)) if council else None),
        "has_rules": bool(sel.current_rulebook(household.village_id)),
        "open": next(iter(bound), ""),
        "notice": NOT_A_CONDITION,
        "today": timezone.localdate(),
    }
    if printing:  # the household's copy: what the representatives confirmed (and what was cleared since)
        kept = (*codes.COUNTING, codes.EntryStatus.CLEARED)
        context["entries"] = [e for e in rows if e.status in kept]
    template = "governance/file_print.html" if printing else "governance/file.html"
    return render(request, template, context, status=status)


@login_required
@require_GET
def household_file(request: HttpRequest, household_id: Any) -> HttpResponse:
    return _page(request, sel.access_household(actor(request), household_id))


@login_required
@require_POST
def entry_propose(request: HttpRequest, household_id: Any) -> HttpResponse:
    user = actor(request)
    household = sel.access_household(user, household_id)
    require_council(user, household.village_id)
    form = gforms.EntryForm(posted(request), request.FILES, rules=rule_choices(household.village_id))

    def call() -> Entry:
        return entries.entry_propose(by=user, household=household, entry=form.entry())

    done = submit(request, form, call, success=lambda e: f"已记录{e.get_kind_display()}，待季度评议认可")
    if done is not None:
        return redirect("governance:file", household_id=household.pk)
    return _page(request, household, {"entry": form}, status=400)


@login_required
@require_POST
def entry_correct(request: HttpRequest, gov_entry_id: Any) -> HttpResponse:
    user = actor(request)
    entry = sel.access_entry(user, gov_entry_id)
    require_council(user, entry.village_id)
    form = gforms.CorrectionForm(posted(request), auto_id=f"id_c{entry.pk.hex[:8]}_%s")

    def call() -> Entry:
        d = form.cleaned_data
        return entries.entry_correct(by=user, entry=entry, correction=d["correction"], corrected_on=d["corrected_on"])

    done = submit(request, form, call, success="已登记整改，待季度评议确认后消除黄榜")
    if done is not None:
        return redirect("governance:file", household_id=entry.file.household_id)
    household = sel.access_household(user, entry.file.household_id)
    return _page(request, household, {"correct": form, "correct_for": entry.pk}, status=400)


@login_required
@require_GET
def entry_photo(request: HttpRequest, gov_entry_id: Any) -> FileResponse:
    entry = sel.access_entry(actor(request), gov_entry_id)
    if not entry.photo:
        raise NotVisible()
    response = FileResponse(entry.photo.open("rb"), content_type=entry.photo_type or "application/octet-stream")
    response["Content-Disposition"] = f'inline; filename="{entry.pk}.{entry.photo.name.rsplit(".", 1)[-1]}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
