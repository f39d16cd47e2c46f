"""积分制 pages (thin: forms in, services, selectors out): the villages of the area with their counts, a village's
households with their points, the year's ranking, the council's public-board link, and the public board itself
(no login: the village's 红榜 of the last year and its red ranking — never a yellow or black fact, an ID number
or a phone)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.governance import balances, codes, shop
from shoudi.governance import forms as gforms
from shoudi.governance import selectors as sel
from shoudi.governance.access import NOT_A_CONDITION, require_council, require_view
from shoudi.governance.models import Entry
from shoudi.monitoring.presenters import short_name

LIST_LIMIT = sel.LIST_LIMIT
BOARD_TOP = 20


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_view(user)
    rows = sel.village_summary(user)
    if len(rows) == 1 and not request.GET:
        return redirect("governance:village", code=rows[0]["village"].code)
    context = {"rows": rows, "notice": NOT_A_CONDITION, "hidden": sel.hidden_counts(user)}
    return render(request, "governance/index.html", context)


@login_required
@require_GET
def village(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    council = sel.can_manage(user, place.code)
    context = {
        "village": place,
        "short": short_name(place.name),
        "council": council,
        "rulebook": sel.current_rulebook(place.code),
        "rows": sel.households_with_points(place.code),
        "limit": LIST_LIMIT,
        "waiting": sel.awaiting_review(place.code),
        "hidden": sel.hidden_counts(user, area=place.code),
        "board": sel.board_of(place.code) if council else None,
        "notice": NOT_A_CONDITION,
    }
    return render(request, "governance/village.html", context)


@login_required
@require_GET
def ranking(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    form = gforms.YearForm(request.GET or None)
    year = (form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None) or timezone.localdate().year
    context = {
        "village": place,
        "form": form,
        "year": year,
        "rows": balances.ranking(place.code, year),
        "notice": NOT_A_CONDITION,
    }
    return render(request, "governance/ranking.html", context, status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def board_issue(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    form = gforms.Form(posted(request))
    submit(
        request,
        form,
        lambda: shop.board_issue(by=user, village_code=place.code),
        success="已生成新的公开榜链接，旧链接作废",
    )
    return redirect("governance:village", code=place.code)


@login_required
@require_POST
def board_revoke(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    require_council(user, place.code)
    form = gforms.Form(posted(request))
    done = submit(
        request, form, lambda: shop.board_revoke(by=user, village_code=place.code), success="已停用公开榜链接"
    )
    if done is None:
        for message in form.non_field_errors():
            messages.error(request, str(message))
    return redirect("governance:village", code=place.code)


@require_GET
def public_board(request: HttpRequest, token: Any) -> HttpResponse:
    """The village's public board: 红榜 of the last year and the red ranking of this year. Anyone with the link."""
    board = sel.board_by_token(token)
    today = timezone.localdate()
    since = today - dt.timedelta(days=365)
    entries = list(
        Entry.objects.filter(
            village_id=board.village_id, kind=codes.Kind.RED, status__in=codes.COUNTING, deed_on__gte=since
        )
        .select_related("file", "rule")
        .order_by("-deed_on")[:200]
    )
    names = balances.heads([e.file.household_id for e in entries])
    context = {
        "village": board.village,
        "short": short_name(board.village.name),
        "entries": [{"entry": e, "head": names.get(e.file.household_id, "")} for e in entries],
        "ranking": balances.ranking(board.village_id, today.year, red_only=True, limit=BOARD_TOP),
        "year": today.year,
        "notice": NOT_A_CONDITION,
    }
    response = render(request, "governance/board.html", context)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
