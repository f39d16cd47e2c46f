"""Pages of 投诉举报 for township reviewers and county officers: the list with its filters, recording a complaint,
and its page with the handling steps (take up, close, feedback, turn into a risk lead). Anyone else — and any
complaint outside the user's area — is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.complaints import codes, forms, handling, selectors, services
from shoudi.complaints.access import require_work
from shoudi.complaints.models import Complaint
from shoudi.core.access import Capability, NotVisible, can
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.monitoring.presenters import short_name
from shoudi.registry.idnumber import mask_phone
from shoudi.registry.models import Household
from shoudi.registry.selectors import households_visible

LIST_LIMIT = 300


def _townships(user: Any) -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in selectors.townships_for(user)]


def _villages(user: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The villages of the user's area grouped by township (the select's option groups)."""
    names = dict(_townships(user))
    groups: dict[str, list[tuple[str, str]]] = {}
    for village in selectors.villages_for(user):
        groups.setdefault(names.get(village.code[:9], village.code[:9]), []).append(
            (village.code, short_name(village.name))
        )
    return list(groups.items())


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_work(user)
    today = timezone.localdate()
    form = forms.FilterForm(request.GET or None, townships=_townships(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.complaint_list(
        user,
        today=today,
        status=data.get("status", ""),
        source=data.get("source", ""),
        township=data.get("township", ""),
        overdue=bool(data.get("overdue")),
    )
    if form.is_bound and form.errors:  # a value not in the lists (typed into the address): said, nothing listed
        qs = qs.none()
    rows = [
        {"c": c, "overdue": selectors.is_overdue(c, today), "village": short_name(c.village.name) if c.village else ""}
        for c in qs[:LIST_LIMIT]
    ]
    counts = selectors.workbench_counts(user, today)
    context = {"form": form, "rows": rows, "total": qs.count(), "limit": LIST_LIMIT, "counts": counts}
    return render(request, "complaints/list.html", context)


@login_required
@require_GET
def overdue(request: HttpRequest) -> HttpResponse:
    """The workbench's "投诉举报超期" count links here: the list of overdue complaints."""
    require_work(actor(request))
    return redirect(f"{reverse('complaints:list')}?overdue=on")


def _household(user: Any, number: str) -> Household | None:
    """The household a person typed the number of: one in their area, else an error on that field."""
    number = (number or "").strip()
    if not number:
        return None
    found = households_visible(user).filter(number=number).first()
    if found is None:
        raise ValidationError({"household": f"户编号“{number}”不存在或不在您负责的区域内"})
    return found


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_work(user)
    townships = list(selectors.townships_for(user))
    villages = {v.code: v for v in selectors.villages_for(user)}
    form = forms.RecordForm(posted(request), townships=[(t.code, t.name) for t in townships], villages=_villages(user))

    def call() -> Complaint:
        data = form.cleaned_data
        return services.complaint_record(
            by=user,
            source=data["source"],
            kind=data["kind"],
            received_on=data["received_on"],
            township=next((t for t in townships if t.code == data["township"]), None),
            village=villages.get(data["village"]),
            household=_household(user, data["household"]),
            content=data["content"],
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
        )

    done = submit(request, form, call, success=lambda c: f"已登记，回执编号 {c.receipt_shown}（请告知反映人）")
    if done is not None:
        return redirect("complaints:detail", complaint_id=done.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "complaints/form.html", {"form": form}, status=status)


@login_required
@require_GET
def complaint_detail(request: HttpRequest, complaint_id: Any) -> HttpResponse:
    complaint = selectors.access_complaint_by_id(actor(request), complaint_id)
    return render(request, "complaints/detail.html", _context(request, complaint))


@login_required
@require_POST
def complaint_reveal_phone(request: HttpRequest, complaint_id: Any) -> HttpResponse:
    """The reporter's full phone, once, logged (handlers call the reporter back)."""
    user = actor(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    phone = services.complaint_phone_reveal(by=user, complaint=complaint)
    if getattr(request, "htmx", False):
        response = render(request, "registry/_reveal_phone.html", {"phone": phone})
    else:
        response = render(request, "complaints/detail.html", {**_context(request, complaint), "phone": phone})
    add_never_cache_headers(response)
    return response


def _initial(complaint: Complaint, action: str) -> dict[str, Any]:
    today = timezone.localdate()
    base: dict[str, Any] = {"version": complaint.version, "on": today}
    if action == "lead":
        return {
            **base,
            "household": complaint.household.number if complaint.household else "",
            "channel": codes.default_lead_channel(complaint.kind),
            "summary": complaint.content,
        }
    if action == "feedback":
        return {**base, "feedback": complaint.feedback}
    return base


ACTIONS: dict[str, type[forms.VersionForm]] = {
    "take_up": forms.TakeUpForm,
    "close": forms.CloseForm,
    "feedback": forms.FeedbackForm,
    "lead": forms.LeadForm,
}
LEAD_CHANNELS = [(c.value, c.label) for c in codes.LEAD_CHANNELS]


def _form(action: str, data: Any, complaint: Complaint) -> forms.VersionForm:
    kwargs: dict[str, Any] = {"auto_id": f"id_{action}_%s", "initial": _initial(complaint, action)}
    if action == "lead":
        return forms.LeadForm(data, channels=LEAD_CHANNELS, **kwargs)
    return ACTIONS[action](data, **kwargs)


def _available(complaint: Complaint) -> list[str]:
    found = []
    if complaint.status == codes.Status.PENDING:
        found.append("take_up")
    if complaint.is_open:
        found.append("close")
    if complaint.status != codes.Status.PENDING:
        found.append("feedback")
    if complaint.lead_id is None:
        found.append("lead")
    return found


def _context(request: HttpRequest, complaint: Complaint, **bound: Any) -> dict[str, Any]:
    user, today = actor(request), timezone.localdate()
    available = _available(complaint)
    return {
        "complaint": complaint,
        "overdue": selectors.is_overdue(complaint, today),
        "phone": mask_phone(complaint.reporter_phone),  # in full only through the logged reveal
        "can_reveal_phone": bool(complaint.reporter_phone) and can(user, Capability.REVEAL_PHONE),
        "changes": list(complaint.changes.order_by("at", "id")),
        "forms": {a: bound.get(a) or _form(a, None, complaint) for a in available},
    }


@login_required
@require_POST
def complaint_act(request: HttpRequest, complaint_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    complaint = selectors.access_complaint_by_id(user, complaint_id)
    if action not in ACTIONS:
        raise NotVisible("未知操作")
    form = _form(action, request.POST, complaint)
    calls: dict[str, Callable[[], Any]] = {
        "take_up": lambda: handling.complaint_take_up(
            by=user, complaint=complaint, on=form.cleaned_data["on"], expected_version=form.cleaned_data["version"]
        ),
        "close": lambda: handling.complaint_close(
            by=user,
            complaint=complaint,
            outcome=form.cleaned_data["outcome"],
            handling=form.cleaned_data["handling"],
            on=form.cleaned_data["on"],
            feedback=form.cleaned_data["feedback"],
            feedback_on=form.cleaned_data["feedback_on"],
            expected_version=form.cleaned_data["version"],
        ),
        "feedback": lambda: handling.complaint_feedback(
            by=user,
            complaint=complaint,
            feedback=form.cleaned_data["feedback"],
            on=form.cleaned_data["on"],
            expected_version=form.cleaned_data["version"],
        ),
        "lead": lambda: handling.complaint_to_lead(
            by=user,
            complaint=complaint,
            household=_household(user, form.cleaned_data["household"]),
            channel=form.cleaned_data["channel"],
            summary=form.cleaned_data["summary"],
            expected_version=form.cleaned_data["version"],
        ),
    }
    success = {
        "take_up": "已开始办理",
        "close": "已办结",
        "feedback": "已记录反馈",
        "lead": "已转为风险线索，村里将入户核实",
    }
    if submit(request, form, calls[action], success=success[action]) is not None:
        return redirect("complaints:detail", complaint_id=complaint.pk)
    complaint = selectors.access_complaint_by_id(user, complaint_id)  # as it is now (someone may have been quicker)
    return render(request, "complaints/detail.html", _context(request, complaint, **{action: form}), status=400)
