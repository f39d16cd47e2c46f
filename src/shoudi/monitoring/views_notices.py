"""Notice pages (公示): list and waiting cases, post a notice, the printable A4 page, objections;
and the data-quality checks page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, code_in_user_area, covering_codes, in_area, require
from shoudi.core.forms import apply_service_errors
from shoudi.monitoring import checks, codes, forms, notices, presenters, selectors
from shoudi.monitoring.checks import checks_submit
from shoudi.monitoring.models import Case, Objection, QualityFinding, QualityRun
from shoudi.regions.models import Level, Region
from shoudi.regions.selectors import regions_in_user_area


def me(request: HttpRequest) -> Any:
    """The signed-in user (login_required guarantees one; typed loosely for role checks)."""
    return request.user


@login_required
@require_GET
def notice_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_CASES)
    waiting = (
        selectors.cases_visible(request.user)
        .filter(status__in=codes.NOTICE_STATUSES)
        .exclude(notice_entries__active=True)
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
    notice_qs = selectors.notices_visible(request.user).annotate(n=Count("entries")).order_by("-posted_on")[:100]
    return render(
        request,
        "monitoring/notice_list.html",
        {
            "waiting": rows,
            "notices": notice_qs,
            "can_post": me(request).can(Capability.VILLAGE_REVIEW),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VILLAGE_REVIEW)
    villages = list(regions_in_user_area(request.user, level=Level.VILLAGE).order_by("code")[:500])
    form = forms.NoticeForm(
        request.POST or None,
        initial={
            "village": request.GET.get("village", ""),
            "kind": request.GET.get("kind", codes.NoticeKind.INCLUSION),
            "posted_on": timezone.localdate(),
        },
    )
    forms.set_choices(form, "village", [(v.code, presenters.short_name(v.name)) for v in villages])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        village = next(v for v in villages if v.code == data["village"])
        try:
            notice = notices.notice_post(
                by=request.user,
                village=village,
                kind=data["kind"],
                posted_on=data["posted_on"],
                objection_channel=data["objection_channel"],
            )
        except ValidationError as error:
            if forms.is_forbidden(error):
                raise Http404("未找到") from None
            apply_service_errors(error, form)
        else:
            messages.success(request, f"公示已发布，公示期至 {notice.ends_on}")
            return redirect("monitoring:notice", notice_id=notice.pk)
    return render(request, "monitoring/notice_form.html", {"form": form})


def _notice_context(request: HttpRequest, notice: Any) -> dict[str, Any]:
    entries = list(notice.entries.select_related("case").order_by("id"))
    return {
        "notice": notice,
        "entries": entries,
        "village": presenters.short_name(notice.village.name),
        "township": Region.objects.filter(code=notice.village_id[:9]).values_list("name", flat=True).first() or "",
        "days": (notice.ends_on - notice.posted_on).days + 1,
    }


@login_required
@require_GET
def notice_detail(request: HttpRequest, notice_id: Any) -> HttpResponse:
    notice = selectors.access_notice_by_id(request.user, notice_id)
    context = _notice_context(request, notice)
    can_edit = me(request).can(Capability.VILLAGE_REVIEW) and code_in_user_area(request.user, notice.village_id)
    objection_form = forms.ObjectionForm(initial={"received_on": timezone.localdate()})
    forms.set_choices(objection_form, "case", [(str(e.case_id), e.head_name) for e in context["entries"]])
    context.update(
        objections=list(notice.objections.select_related("case").order_by("received_on")),
        can_edit=can_edit,
        objection_form=objection_form,
        resolve_form=forms.ObjectionResolveForm(initial={"on": timezone.localdate()}),
    )
    return render(request, "monitoring/notice_detail.html", context)


@login_required
@require_GET
def notice_print(request: HttpRequest, notice_id: Any) -> HttpResponse:
    """The A4 page to post in the village: names, size, category, reason, dates, objection channel only."""
    notice = selectors.access_notice_by_id(request.user, notice_id)
    return render(request, "monitoring/notice_print.html", _notice_context(request, notice))


@login_required
@require_POST
def objection_add(request: HttpRequest, notice_id: Any) -> HttpResponse:
    notice = selectors.access_notice_by_id(request.user, notice_id)
    form = forms.ObjectionForm(request.POST)
    forms.set_choices(form, "case", [(str(c), str(c)) for c in notice.entries.values_list("case_id", flat=True)])
    if form.is_valid():
        case = Case.objects.get(pk=form.cleaned_data["case"])
        try:
            notices.objection_record(
                by=request.user,
                notice=notice,
                case=case,
                received_on=form.cleaned_data["received_on"],
                content=form.cleaned_data["content"],
            )
            messages.success(request, "异议已登记，请核实后填写结论")
        except ValidationError as error:
            if forms.is_forbidden(error):
                raise Http404("未找到") from None
            messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, "请完整填写异议信息")
    return redirect("monitoring:notice", notice_id=notice.pk)


@login_required
@require_POST
def objection_resolve(request: HttpRequest, objection_id: Any) -> HttpResponse:
    objection = Objection.objects.filter(pk=objection_id).select_related("notice").first()
    if objection is None:
        raise Http404("未找到")
    notice = selectors.access_notice_by_id(request.user, objection.notice_id)
    form = forms.ObjectionResolveForm(request.POST)
    if form.is_valid():
        try:
            notices.objection_resolve(
                by=request.user,
                objection=objection,
                upheld=form.cleaned_data["upheld"],
                note=form.cleaned_data["note"],
                on=form.cleaned_data["on"],
            )
            messages.success(request, "已记录核实结论")
        except ValidationError as error:
            if forms.is_forbidden(error):
                raise Http404("未找到") from None
            messages.error(request, "；".join(error.messages))
    else:
        messages.error(request, "请填写核实结论和情况")
    return redirect("monitoring:notice", notice_id=notice.pk)


# ---- data-quality checks ---------------------------------------------------------------------------------


def latest_run(user: Any) -> QualityRun | None:
    """The newest run that covers the user's area (their own area or one above it)."""
    area = user.area_id or ""
    candidates = covering_codes(area)
    return QualityRun.objects.filter(area_id__in=candidates).order_by("-started_at").first()


@login_required
@require_GET
def check_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_CASES)
    run = latest_run(request.user)
    counts: dict[str, int] = {}
    if run is not None:
        findings = QualityFinding.objects.filter(run=run).filter(in_area("village_code", me(request).area_id))
        counts = dict(findings.values_list("check_name").annotate(n=Count("id")).values_list("check_name", "n"))
    rows = [{"check": c, "n": counts.get(c.name, 0)} for c in checks.CHECKS]
    return render(
        request,
        "monitoring/checks.html",
        {
            "run": run,
            "rows": rows,
            "can_run": me(request).can(Capability.RUN_CHECKS),
        },
    )


@login_required
@require_GET
def check_findings(request: HttpRequest, name: str) -> HttpResponse:
    require(request.user, Capability.VIEW_CASES)
    check = checks.CHECK_BY_NAME.get(name)
    run = latest_run(request.user)
    if check is None or run is None:
        raise Http404("未找到")
    findings = (
        QualityFinding.objects.filter(run=run, check_name=name)
        .filter(in_area("village_code", me(request).area_id))
        .select_related("case", "household", "household__village")
        .order_by("village_code")[:500]
    )
    found = list(findings)
    heads = presenters.household_heads(request.user, [f.household_id for f in found])
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
    require(request.user, Capability.RUN_CHECKS)
    checks_submit(by=request.user, area_code=me(request).area_id)
    messages.success(request, "已提交数据质量检查，完成后刷新本页查看结果")
    return redirect("monitoring:checks")
