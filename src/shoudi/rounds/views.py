"""Pages of 集中排查: the rounds, opening one (county), progress by township and village, closing, a village's
list and the visit form (one form: the checklist, the facts, the income sheet, new risks)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, NotVisible, can, code_in_user_area, require
from shoudi.core.forms import Form, posted, submit
from shoudi.core.views import actor
from shoudi.income.forms import SheetForm, ordered_members
from shoudi.income.selectors import sheet_for
from shoudi.regions.models import Level
from shoudi.regions.selectors import access_region_by_code, regions_in_user_area
from shoudi.rounds import selectors, services
from shoudi.rounds.forms import OpenForm, StatusFilter, VisitForm
from shoudi.rounds.inputs import IncomeInput
from shoudi.rounds.models import Round, RoundVisit, VisitStatus
from shoudi.rounds.visits import visit_record

INCOME_PREFIX = "income"
PAGE_SIZE = 100


@require_GET
@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not selectors.can_read(user):
        raise NotVisible()
    rounds = selectors.rounds_visible(user).select_related("area")
    context = {"rounds": rounds[:100], "can_open": can(user, Capability.MANAGE_ROUNDS)}
    return render(request, "rounds/list.html", context)


def _areas(user: Any) -> list[tuple[str, str]]:
    """The county (when the officer's area is one) and its townships."""
    qs = regions_in_user_area(user).filter(level__in=[Level.COUNTY, Level.TOWNSHIP]).order_by("code")
    return list(qs.values_list("code", "name"))


@require_http_methods(["GET", "POST"])
@login_required
def round_open(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_ROUNDS)
    form = OpenForm(posted(request), areas=_areas(user))

    def call() -> Round:
        data = form.cleaned_data
        return services.round_open(
            by=user,
            name=data["name"],
            year=data["year"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            area_code=data["area"],
            checklist=form.checklist(),
            warn_days=data["warn_days"],
        )

    opened = submit(request, form, call, success=lambda r: f"已开启集中排查，纳入 {r.household_count} 户")
    if opened is not None:
        return redirect("rounds:detail", opened.pk)
    return render(request, "rounds/open.html", {"form": form}, status=400 if request.method == "POST" else 200)


@require_GET
@login_required
def round_detail(request: HttpRequest, round_id: Any) -> HttpResponse:
    user = actor(request)
    round_ = selectors.access_round_by_id(user, round_id)
    progress = selectors.progress(user, round_, timezone.localdate())
    linked = can(user, Capability.VIEW_HOUSEHOLDS)
    context = {
        "progress": progress,
        "township_rows": [_row(c, "") for c in progress.townships],
        "village_rows": [
            _row(c, reverse("rounds:village", args=[round_.pk, c.code]) if linked else "") for c in progress.villages
        ],
        "statuses": VisitStatus.choices,
        "can_close": round_.is_open and can(user, Capability.MANAGE_ROUNDS) and code_in_user_area(user, round_.area_id),
        "close_form": Form(),
    }
    return render(request, "rounds/detail.html", context)


def _row(counts: selectors.Counts, url: str) -> tuple[str, str, str, list[Any]]:
    """One line of the progress tables, ready to print (522 villages of a county render in one pass)."""
    flag = "overdue" if counts.overdue else "due-soon" if counts.due_soon else ""
    return counts.name, url, flag, [*counts.cells(), counts.total, f"{counts.percent}%", counts.leads]


@require_POST
@login_required
def round_close(request: HttpRequest, round_id: Any) -> HttpResponse:
    user = actor(request)
    round_ = selectors.access_round_by_id(user, round_id)
    require(user, Capability.MANAGE_ROUNDS, round_.area_id)
    form = Form(request.POST)
    submit(
        request, form, lambda: services.round_close(by=user, round_=round_), success="集中排查已结束，各村结果已冻结"
    )
    return redirect("rounds:detail", round_.pk)


@require_GET
@login_required
def village(request: HttpRequest, round_id: Any, code: str) -> HttpResponse:
    user = actor(request)
    round_ = selectors.access_round_by_id(user, round_id)
    require(user, Capability.VIEW_HOUSEHOLDS, code)
    region = access_region_by_code(user, code)
    if region.level != Level.VILLAGE or not code.startswith(round_.area_id):
        raise NotVisible()
    filters = StatusFilter(request.GET or None)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    counts = selectors.status_counts(user, round_, code)
    entries = selectors.village_entries(user, round_, code, status=status)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "round": round_,
        "village": region,
        "filters": filters,
        "entries": selectors.with_heads(user, list(page.object_list)),
        "page": page,
        "status": status,
        "counts": [(v, label, counts.get(v, 0)) for v, label in VisitStatus.choices],
        "can_visit": round_.is_open and can(user, Capability.ROUND_VISITS),
    }
    return render(request, "rounds/village.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def visit(request: HttpRequest, round_id: Any, entry_id: Any) -> HttpResponse:
    user = actor(request)
    round_ = selectors.access_round_by_id(user, round_id)
    entry = selectors.access_entry_by_id(user, round_, entry_id)
    require(user, Capability.ROUND_VISITS, entry.village_id)
    household = entry.household
    if not round_.is_open:
        messages.error(request, services.CLOSED)
        return redirect("rounds:village", round_.pk, entry.village_id)
    members = ordered_members(household)
    sheet_form = None
    if round_.check_income:
        sheet_form = SheetForm(
            household=household,
            year=round_.year,
            data=posted(request),
            initial_from=sheet_for(household, round_.year),
            prefix=INCOME_PREFIX,
        )
    form = VisitForm(posted(request), round_=round_, household=household, members=members, work=sheet_form is None)
    forms: list[Any] = [form] + ([sheet_form] if sheet_form is not None else [])

    def call() -> RoundVisit:
        data = form.cleaned_data
        income = None
        if sheet_form is not None:
            income = IncomeInput(lines=sheet_form.lines(), expected_version=sheet_form.expected_version())
        return visit_record(
            by=user,
            entry=entry,
            visited_on=data["visited_on"],
            checked=data["checked"],
            household_facts=form.household_facts(),
            members=form.member_facts(),
            income=income,
            risk_type=data["risk_type"],
            risk_note=data["risk_note"],
            note=data["note"],
        )

    done = submit(request, forms, call, success=_saved)
    if done is not None:
        return redirect("rounds:village", round_.pk, entry.village_id)
    context = {
        "round": round_,
        "entry": entry,
        "household": household,
        "form": form,
        "sheet_form": sheet_form,
        "visits": entry.visits.select_related("visitor")[:10],
    }
    return render(request, "rounds/visit.html", context, status=400 if request.method == "POST" else 200)


def _saved(visit: RoundVisit) -> str:
    status = visit.entry.get_status_display()
    lead = "，已生成风险线索（集中排查）" if visit.entry.lead_id else ""
    return f"走访已保存：{status}{lead}"
