"""Notice pages (公示): list and waiting cases, post a notice, the printable A4 page, objections;
and the data-quality checks page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, can, code_in_user_area, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.monitoring import checks, codes, forms, notices, presenters, quality, selectors
from shoudi.monitoring.models import Notice, NoticeEntry, Objection
from shoudi.regions.models import Level, Region
from shoudi.regions.selectors import regions_in_user_area

CASE_KINDS = [kind for kind in codes.NoticeKind.values if kind != codes.NoticeKind.ASSISTANCE_PLAN]


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_CASES)
    waiting = (
        selectors.cases_visible(user)
        .filter(status__in=codes.NOTICE_STATUSES)
        .exclude(Exists(NoticeEntry.objects.filter(case=OuterRef("pk"), active=True, notice__kind__in=CASE_KINDS)))
        .values("village_id", "village__name", "status")
        .annotate(n=Count("id"))
        .order_by("village_id")
    )
    rows = [
        {
            "village": w["village_id"],
            "name": presenters.short_name(w["village__name"]),
            "n": w["n"],
            "kind": codes.NOTICE_KIND_BY_STATUS[codes.Status(w["status"])],
            "kind_label": codes.NOTICE_KIND_BY_STATUS[codes.Status(w["status"])].label,
        }
        for w in waiting
    ]
    notice_qs = selectors.notices_visible(user).annotate(n=Count("entries")).order_by("-posted_on")[:100]
    context = {
        "waiting": rows,
        "plans": [
            {"village": p["village_id"], "name": presenters.short_name(p["village__name"]), "n": p["n"]}
            for p in selectors.plans_not_noticed(user)[:100]
        ],
        "notices": notice_qs,
        "can_post": can(user, Capability.VILLAGE_REVIEW),
        "plan_kind": codes.NoticeKind.ASSISTANCE_PLAN,
    }
    return render(request, "monitoring/notice_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VILLAGE_REVIEW)
    villages = {v.code: v for v in regions_in_user_area(user, level=Level.VILLAGE).order_by("code")[:500]}
    kind = request.GET.get("kind", "")
    form = forms.NoticeForm(
        request.POST or None,
        initial={
            "village": request.GET.get("village", ""),
            "kind": kind if kind in codes.NoticeKind.values else codes.NoticeKind.INCLUSION,
            "posted_on": timezone.localdate(),
        },
    )
    forms.set_choices(form, "village", [(code, presenters.short_name(v.name)) for code, v in villages.items()])

    def call() -> Notice:
        data = form.cleaned_data
        return notices.notice_post(
            by=user,
            village=villages[data["village"]],
            kind=data["kind"],
            posted_on=data["posted_on"],
            objection_channel=data["objection_channel"],
        )

    notice = submit(request, form, call, success=lambda n: f"公示已发布，公示期至 {n.ends_on}")
    if notice is not None:
        return redirect("monitoring:notice", notice_id=notice.pk)
    return render(request, "monitoring/notice_form.html", {"form": form})


def _notice_context(notice: Notice) -> dict[str, Any]:
    entries = list(notice.entries.select_related("case").order_by("id"))
    return {
        "notice": notice,
        "entries": entries,
        "village": presenters.short_name(notice.village.name),
        "township": Region.objects.filter(code=notice.village_id[:9]).values_list("name", flat=True).first() or "",
        "days": (notice.ends_on - notice.posted_on).days + 1,
        "is_plan": notice.kind == codes.NoticeKind.ASSISTANCE_PLAN,
    }


def _objection_form(notice: Notice, data: Any = None) -> forms.ObjectionForm:
    form = forms.ObjectionForm(data, initial={"received_on": timezone.localdate()})
    forms.set_choices(form, "case", [(str(e.case_id), e.head_name) for e in notice.entries.order_by("id")])
    return form


def _resolve_form(objection: Objection, data: Any = None) -> forms.ObjectionResolveForm:
    """One per objection on the page: the same field names, ids of its own."""
    return forms.ObjectionResolveForm(
        data, initial={"on": timezone.localdate()}, auto_id=f"id_o{objection.pk.hex[:8]}_%s"
    )


def _notice_page(
    request: HttpRequest, notice: Notice, *, bound: Any = None, bound_for: Any = None, status: int = 200
) -> HttpResponse:
    """The notice with its objections; ``bound`` is a form the user just submitted (``bound_for``: the
    objection whose resolve form it is), shown again with its errors and input."""
    user = actor(request)
    context = _notice_context(notice)
    objections = list(notice.objections.select_related("case", "case__household").order_by("received_on"))
    for objection in objections:
        mine = isinstance(bound, forms.ObjectionResolveForm) and bound_for == objection.pk
        objection.resolve_form = bound if mine else _resolve_form(objection)  # type: ignore[attr-defined]
    context.update(
        objections=objections,
        can_edit=can(user, Capability.VILLAGE_REVIEW) and code_in_user_area(user, notice.village_id),
        objection_form=bound if isinstance(bound, forms.ObjectionForm) else _objection_form(notice),
    )
    return render(request, "monitoring/notice_detail.html", context, status=status)


@login_required
@require_GET
def notice_detail(request: HttpRequest, notice_id: Any) -> HttpResponse:
    return _notice_page(request, selectors.access_notice_by_id(actor(request), notice_id))


@login_required
@require_GET
def notice_print(request: HttpRequest, notice_id: Any) -> HttpResponse:
    """The A4 page to post in the village: names, size, category, reason, dates, objection channel only."""
    notice = selectors.access_notice_by_id(actor(request), notice_id)
    return render(request, "monitoring/notice_print.html", _notice_context(notice))


@login_required
@require_POST
def objection_add(request: HttpRequest, notice_id: Any) -> HttpResponse:
    user = actor(request)
    notice = selectors.access_notice_by_id(user, notice_id)
    form = _objection_form(notice, posted(request))

    def call() -> Objection:
        data = form.cleaned_data
        return notices.objection_record(
            by=user,
            notice=notice,
            case=selectors.access_case_by_id(user, data["case"]),
            received_on=data["received_on"],
            content=data["content"],
        )

    if submit(request, form, call, success="异议已登记，请核实后填写结论") is not None:
        return redirect("monitoring:notice", notice_id=notice.pk)
    return _notice_page(request, notice, bound=form, status=400)


@login_required
@require_POST
def objection_resolve(request: HttpRequest, objection_id: Any) -> HttpResponse:
    user = actor(request)
    objection = selectors.access_objection_by_id(user, objection_id)
    form = _resolve_form(objection, posted(request))

    def call() -> Objection:
        data = form.cleaned_data
        return notices.objection_resolve(
            by=user, objection=objection, upheld=data["upheld"], note=data["note"], on=data["on"]
        )

    if submit(request, form, call, success="已记录核实结论") is not None:
        return redirect("monitoring:notice", notice_id=objection.notice_id)
    return _notice_page(request, objection.notice, bound=form, bound_for=objection.pk, status=400)


# ---- data-quality checks ---------------------------------------------------------------------------------


@login_required
@require_GET
def check_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_CASES)
    run = quality.latest_run(user)
    counts = quality.check_counts(user, run)
    rows = [{"check": c, "n": counts.get(c.name, 0)} for c in checks.CHECKS]
    context = {"run": run, "rows": rows, "can_run": can(user, Capability.RUN_CHECKS)}
    return render(request, "monitoring/checks.html", context)


@login_required
@require_GET
def check_findings(request: HttpRequest, name: str) -> HttpResponse:
    user = actor(request)
    check = quality.access_check_by_name(user, name)
    run = quality.latest_run(user)
    found = list(quality.findings(user, run, check)[:500]) if run is not None else []
    heads = presenters.household_heads(user, [f.household_id for f in found])
    rows = [
        {
            "f": f,
            "head": getattr(heads.get(f.household_id), "name", ""),
            "village": presenters.short_name(f.household.village.name),
        }
        for f in found
    ]
    return render(request, "monitoring/check_findings.html", {"check": check, "run": run, "rows": rows})


@login_required
@require_POST
def check_run(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.RUN_CHECKS)
    checks.checks_submit(by=user, area_code=user.area_id)
    messages.success(request, "已提交数据质量检查，完成后刷新本页查看结果")
    return redirect("monitoring:checks")
