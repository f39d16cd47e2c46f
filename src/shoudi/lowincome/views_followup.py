"""Pages of 跟踪核查: the due / overdue / 渐退期 lists of the user's area, a membership's verification page
(its cadence with the parameter behind it, the visits so far, and the form with the outcomes the user may
choose), and the printable written notice of a stop. Anyone who may not see the register — and any row outside
the user's area — is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from shoudi.core.access import NotVisible
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.lowincome import cadence, codes, followups, notice
from shoudi.lowincome import forms_followup as forms
from shoudi.lowincome import selectors_followup as selectors
from shoudi.lowincome.access import FOLLOW_UP, may, may_view_register, require_may
from shoudi.lowincome.models import FollowUp, Membership

LIST_LIMIT = 300
TABS = [
    (selectors.DUE, "lowincome:followups", "到期待核查"),
    (selectors.OVERDUE, "lowincome:followups_overdue", "核查超期"),
    (selectors.PHASING, "lowincome:followups_phasing", "渐退期"),
]


def _short(name: str) -> str:
    for suffix in ("村民委员会", "居民委员会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


@login_required
@require_GET
def followup_queue(request: HttpRequest, state: str = selectors.DUE) -> HttpResponse:
    user = actor(request)
    if not may_view_register(user):
        raise NotVisible()
    today = timezone.localdate()
    villages = [(v.code, _short(v.name)) for v in selectors.villages_for(user)]
    form = forms.QueueFilterForm(request.GET or None, villages=villages)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.queue(user, today=today, state=state, layer=data.get("layer", ""), village=data.get("village", ""))
    if form.is_bound and form.errors:  # a value not in the lists (typed into the address): said, nothing listed
        qs = qs.none()
    page = list(qs[:LIST_LIMIT])
    names = selectors.heads([m.household_id for m in page])
    rows = [
        {
            "m": m,
            "head": names.get(m.household_id, ""),
            "village": _short(m.village.name),
            "state": cadence.due_state(m, today),
            "days": (m.next_due - today).days if m.next_due else None,
            "late": (today - m.next_due).days if m.next_due else None,
            "left": (m.phase_out_until - today).days if m.phase_out_until else None,
        }
        for m in page
    ]
    context = {
        "form": form,
        "state": state,
        "state_label": selectors.STATES[state],
        "tabs": TABS,
        "rows": rows,
        "total": qs.count(),
        "limit": LIST_LIMIT,
        "counts": selectors.counts(user, today),
        "can_follow": may(user, FOLLOW_UP),
        "query": request.GET.urlencode(),
    }
    return render(request, "lowincome/followup_list.html", context)


def _context(user: Any, membership: Membership, form: forms.FollowUpForm | None) -> dict[str, Any]:
    today = timezone.localdate()
    try:
        rule = cadence.cadence(membership, today).describe() if membership.is_open else ""
    except ValidationError as exc:  # a stored parameter that is not a number of months: said, not a 500
        rule = "；".join(exc.messages)
    return {
        "m": membership,
        "head": selectors.heads([membership.household_id]).get(membership.household_id, ""),
        "village": _short(membership.village.name),
        "state": cadence.due_state(membership, today),
        "rule": rule,
        "follow_ups": list(selectors.membership_followups(user, membership)),
        "form": form,
    }


@login_required
@require_http_methods(["GET", "POST"])
def followup_record(request: HttpRequest, membership_id: Any) -> HttpResponse:
    user = actor(request)
    membership = selectors.access_membership_by_id(user, membership_id)
    if not may(user, FOLLOW_UP):  # a reader of the register (county officer, committee, cadre): the history only
        if request.method == "POST":
            raise NotVisible()
        return render(request, "lowincome/followup_form.html", _context(user, membership, None))
    require_may(user, FOLLOW_UP, membership.village_id)
    outcomes = followups.allowed_outcomes(user, membership)
    if not outcomes:
        if request.method == "POST":
            messages.error(request, f"该户的{membership.get_layer_display()}已退出，不能再记录核查")
            return redirect("lowincome:followup_record", membership_id=membership.pk)
        return render(request, "lowincome/followup_form.html", _context(user, membership, None))
    form = forms.FollowUpForm(posted(request), outcomes=outcomes)

    def call() -> FollowUp:
        data = form.cleaned_data
        return followups.followup_record(
            by=user,
            membership=membership,
            visited_on=data["visited_on"],
            findings=data["findings"],
            outcome=data["outcome"],
            new_amount=data.get("new_amount"),
            review_note=data.get("review_note", ""),
            notice_no=data.get("notice_no", ""),
            notified_on=data.get("notified_on"),
        )

    done = submit(request, form, call, success=_success)
    if done is not None:
        return redirect("lowincome:followup_record", membership_id=membership.pk)
    status = 400 if request.method == "POST" else 200
    membership = selectors.access_membership_by_id(user, membership_id)  # as it is now
    return render(request, "lowincome/followup_form.html", _context(user, membership, form), status=status)


def _success(follow: FollowUp) -> str:
    membership = follow.membership
    if follow.outcome == codes.Outcome.STOP:
        return "已停止保障，该户已纳入监测预警（已生成风险线索，村里将入户核实）；请打印停止保障告知书送达保障对象"
    text = f"已记录核查：{follow.get_outcome_display()}"
    if follow.outcome == codes.Outcome.PHASE_OUT and follow.phase_out_until:
        text += f"，渐退期至 {follow.phase_out_until.isoformat()}"
    if membership.next_due:
        text += f"；下次核查 {membership.next_due.isoformat()}"
    return text


@login_required
@require_GET
def followup_notice(request: HttpRequest, followup_id: Any) -> HttpResponse:
    follow = selectors.access_followup_by_id(actor(request), followup_id)
    if follow.outcome != codes.Outcome.STOP:
        raise NotVisible()
    return render(request, "lowincome/stop_notice.html", {"n": notice.stop_notice(follow)})
