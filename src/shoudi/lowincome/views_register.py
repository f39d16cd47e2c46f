"""Pages of the register: the register of the user's area (filters, counts by layer), one household's six layers
(qualifies, holds, why, the memberships' history, its referrals) with the 民政 clerk's record / end and the
township's or county's referral to 民政, the referral queue and one referral (民政 decides, staff withdraw), and
the classification run. Anyone without the register, and anything outside the user's area, is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, NotVisible, can
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.lowincome import classify, codes, forms, referrals, selectors, services
from shoudi.lowincome.access import REFER, may, may_decide, may_view_register
from shoudi.lowincome.models import Referral
from shoudi.monitoring.presenters import short_name
from shoudi.policy.layers import LAYER_LABELS, SHORT_LABELS
from shoudi.registry.idnumber import mask
from shoudi.registry.models import Household

PAGE_SIZE = 50
SESSION_RUN = "lowincome_classify_run"


def _require_view(user: Any) -> None:
    if not may_view_register(user):
        raise NotVisible()


def _townships(user: Any) -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in selectors.townships_for(user)]


def _villages(user: Any) -> list[tuple[str, str]]:
    return [(v.code, short_name(v.name)) for v in selectors.villages_for(user)]


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    form = forms.RegisterFilterForm(request.GET or None, townships=_townships(user), villages=_villages(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    place = {"township": data.get("township", ""), "village": data.get("village", "")}
    qs = selectors.register_list(
        user, layer=data.get("layer", ""), status=data.get("status", ""), q=data.get("q", ""), **place
    )
    if form.is_bound and form.errors:  # a value not in the lists (typed into the address): said, nothing listed
        qs = qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = selectors.layer_counts(user, **place)
    context = {
        "form": form,
        "page": page,
        "rows": [_labelled(row) for row in selectors.register_rows(page.object_list)],
        "counts": [(code, LAYER_LABELS[code], counts[code]) for code in codes.ALL_LAYERS],
        "pending": counts["pending"],
        "query": _query_without_page(request),
        "can_refer": may(user, REFER),
    }
    return render(request, "lowincome/register.html", context)


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    row["layer_labels"] = [(code, SHORT_LABELS[code]) for code in row["layers"]]
    row["pending_labels"] = [(code, SHORT_LABELS[code]) for code in row["pending"]]
    return row


# ---- one household -------------------------------------------------------------------------------------------------


def _layer_choices(household: Household, *, referable: bool) -> list[tuple[str, str]]:
    held = {m.layer for m in selectors.open_memberships(household)}
    pending = selectors.pending_layers(household) if referable else frozenset()
    return [(c.value, c.label) for c in codes.StoredLayer if c.value not in held and c.value not in pending]


def _membership_choices(household: Household) -> list[tuple[str, str]]:
    return [
        (str(m.pk), f"{m.get_layer_display()}（{m.started_on:%Y-%m-%d} 起）")
        for m in selectors.open_memberships(household)
    ]


def _household_form(action: str, data: Any, household: Household) -> forms.Form:
    if action == "record":
        return forms.RecordForm(data, auto_id="id_record_%s", layers=_layer_choices(household, referable=False))
    if action == "end":
        return forms.EndForm(data, auto_id="id_end_%s", memberships=_membership_choices(household))
    return forms.ReferForm(data, auto_id="id_refer_%s", layers=_layer_choices(household, referable=True))


def _household_actions(user: Any) -> list[str]:
    found = []
    if may_decide(user):
        found += ["record", "end"]
    if may(user, REFER):
        found.append("refer")
    return found


def _household_context(request: HttpRequest, household: Household, **bound: forms.Form) -> dict[str, Any]:
    user, today = actor(request), timezone.localdate()
    error, result = "", None
    holds = selectors.holds_of(household)
    try:
        result = classify.household_classification(household, today, holds=holds)
    except ValidationError as exc:
        error = "；".join(exc.messages)
    memberships = selectors.household_memberships(household)
    layers = []
    for code in codes.ALL_LAYERS:
        found = next((r for r in result.layers if r.code == code), None) if result else None
        layers.append(
            {
                "code": code,
                "label": LAYER_LABELS[code],
                "result": found,
                "holds": code in holds,
                "memberships": [m for m in memberships if m.layer == code],
            }
        )
    members = list(household.members.order_by("relationship", "birth_date"))
    available = _household_actions(user)
    shown = {a: bound.get(a) or _household_form(a, None, household) for a in available}
    return {
        "household": household,
        "today": today,
        "layers": layers,
        "figures": result.figures if result else [],
        "error": error,
        "referrals": selectors.household_referrals(household),
        "members": [{"person": p, "id": mask(p.id_number)} for p in members],
        "forms": {a: f for a, f in shown.items() if a != "end" or _membership_choices(household)},
        "registry_link": can(user, Capability.VIEW_HOUSEHOLDS),
    }


@login_required
@require_GET
def household_detail(request: HttpRequest, household_id: Any) -> HttpResponse:
    household = selectors.access_household_by_id(actor(request), household_id)
    return render(request, "lowincome/register_household.html", _household_context(request, household))


@login_required
@require_POST
def household_act(request: HttpRequest, household_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    household = selectors.access_household_by_id(user, household_id)
    if action not in _household_actions(user):
        raise NotVisible("未知操作")
    form = _household_form(action, posted(request), household)

    def call() -> Any:
        data = form.cleaned_data
        if action == "record":
            return services.membership_record(
                by=user, household=household, **_membership_fields(data), layer=data["layer"]
            )
        if action == "end":
            membership = next(m for m in selectors.open_memberships(household) if str(m.pk) == data["membership"])
            return services.membership_end(
                by=user, membership=membership, ended_on=data["ended_on"], reason=data["end_reason"]
            )
        return referrals.referral_create(by=user, household=household, layer=data["layer"], reasons=data["reasons"])

    success = {"record": "已纳入台账", "end": "已退出", "refer": "已转介民政部门认定"}[action]
    if submit(request, form, call, success=success) is not None:
        return redirect("lowincome:household", household_id=household.pk)
    household = selectors.access_household_by_id(user, household_id)
    context = _household_context(request, household, **{action: form})
    return render(request, "lowincome/register_household.html", context, status=400)


def _membership_fields(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "started_on": data["started_on"],
        "deciding_body": data["deciding_body"],
        "document_no": data["document_no"],
        "dibao_class": data["dibao_class"],
        "monthly_amount": data["monthly_amount"],
        "income_pattern": data["income_pattern"],
    }


# ---- referrals --------------------------------------------------------------------------------------------------


@login_required
@require_GET
def referral_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    form = forms.ReferralFilterForm(request.GET or None, townships=_townships(user))
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.referral_list(
        user, status=data.get("status", ""), layer=data.get("layer", ""), township=data.get("township", "")
    )
    if form.is_bound and form.errors:
        qs = qs.none()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "pending": selectors.referral_list(user, status=codes.ReferralStatus.PENDING).count(),
    }
    return render(request, "lowincome/referral_list.html", context)


def _referral_actions(user: Any, referral: Referral) -> list[str]:
    if referral.status != codes.ReferralStatus.PENDING:
        return []
    return [a for a, ok in (("decide", may_decide(user)), ("withdraw", may(user, REFER))) if ok]


def _referral_form(action: str, data: Any) -> forms.Form:
    if action == "decide":
        return forms.DecideForm(data, auto_id="id_decide_%s")
    return forms.WithdrawForm(data, auto_id="id_withdraw_%s")


def _referral_context(request: HttpRequest, referral: Referral, **bound: forms.Form) -> dict[str, Any]:
    available = _referral_actions(actor(request), referral)
    return {"referral": referral, "forms": {a: bound.get(a) or _referral_form(a, None) for a in available}}


@login_required
@require_GET
def referral_detail(request: HttpRequest, referral_id: Any) -> HttpResponse:
    referral = selectors.access_referral_by_id(actor(request), referral_id)
    return render(request, "lowincome/referral_detail.html", _referral_context(request, referral))


@login_required
@require_POST
def referral_act(request: HttpRequest, referral_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    referral = selectors.access_referral_by_id(user, referral_id)
    allowed = {"decide": may_decide(user), "withdraw": may(user, REFER)}
    if not allowed.get(action):  # an unknown action, or one the role does not take: 404
        raise NotVisible("未知操作")
    form = _referral_form(action, posted(request))
    calls: dict[str, Callable[[], Any]] = {
        "decide": lambda: referrals.referral_decide(
            by=user,
            referral=referral,
            accepted=form.cleaned_data["decision"] == "accept",
            decided_on=form.cleaned_data["decided_on"],
            note=form.cleaned_data["decision_note"],
            **_membership_fields(form.cleaned_data),
        ),
        "withdraw": lambda: referrals.referral_withdraw(
            by=user, referral=referral, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"]
        ),
    }
    success = {"decide": lambda r: f"已认定：{r.get_status_display()}", "withdraw": lambda r: "已撤回转介"}[action]
    if submit(request, form, calls[action], success=success) is not None:
        return redirect("lowincome:referral", referral_id=referral.pk)
    referral = selectors.access_referral_by_id(user, referral_id)  # as it is now (someone may have been quicker)
    return render(
        request, "lowincome/referral_detail.html", _referral_context(request, referral, **{action: form}), status=400
    )


# ---- the classification run ----------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def classify_run(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not may(user, REFER):
        raise NotVisible()
    form = forms.ClassifyForm(posted(request))

    def call() -> classify.AreaSummary:
        return classify.classify_area(by=user, area=user.area_id, as_of=form.cleaned_data["as_of"])

    def said(s: classify.AreaSummary) -> str:
        return (
            f"分层分类测算完成：测算 {s.assessed} 户，新转介民政 {s.referrals_created} 件，"
            f"新增风险线索 {s.leads_created} 条，用时 {s.seconds:.1f} 秒"
        )

    done = submit(request, form, call, success=said)
    if done is not None:
        request.session[SESSION_RUN] = done.as_json()
        return redirect("lowincome:classify")
    last = request.session.get(SESSION_RUN) if request.method == "GET" else None
    if last:
        for row in last["layers"]:
            row["label"] = LAYER_LABELS.get(row["code"], row["code"])
    status = 400 if request.method == "POST" else 200
    return render(request, "lowincome/register_classify.html", {"form": form, "last": last}, status=status)
