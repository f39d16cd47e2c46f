"""一户一码 staff pages, mounted at /household-codes/ (``MANAGE_HOUSEHOLD_CODES``: village contact, township
reviewer, county officer): the villages of the area, a village's households with their code status and the
reports made by scanning, one household's code (issue, revoke, reissue, its picture), and the printable A4 sheet
of a village's cards, and the audited reveal of a scan report's full phone. Thin: forms in, services, selectors out; outside the area everything is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from shoudi.core.access import VILLAGE, can, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.hhcodes import cards, services
from shoudi.hhcodes import selectors as sel
from shoudi.hhcodes.forms import REVEAL_FROM, IssueForm, ReasonForm, RevealForm
from shoudi.monitoring.presenters import short_name
from shoudi.registry.idnumber import mask_phone


def _reports(rows: Any) -> list[dict[str, Any]]:
    return [{"report": r, "phone": mask_phone(r.phone)} for r in rows]


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, sel.MANAGE)
    rows = sel.village_summary(user)
    if len(getattr(user, "area_id", "") or "") == VILLAGE and len(rows) == 1:
        return redirect("hhcodes:village", code=rows[0]["village"].code)
    return render(request, "hhcodes/index.html", {"rows": rows})


@login_required
@require_GET
def village(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    rows = sel.village_rows(place.code)
    context = {
        "village": place,
        "short": short_name(place.name),
        "rows": rows,
        "limit": sel.LIST_LIMIT,
        "missing": sum(1 for r in rows if r["code"] is None),
        "active": sum(1 for r in rows if r["code"] is not None),
        "reports": _reports(sel.reports_in(place.code)[: sel.REPORT_LIMIT]),
        "issue_form": IssueForm(),
        "can_reveal": can(user, services.REVEAL),
    }
    return render(request, "hhcodes/village.html", context)


@login_required
@require_POST
def village_issue(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    form = IssueForm(posted(request))
    done = submit(
        request,
        form,
        lambda: services.codes_issue_missing(by=user, area_code=place.code),
        success=lambda r: f"已为 {r.issued} 户生成二维码" if r.issued else "本村每户都已有二维码，没有新生成",
    )
    if done is None:
        _flash_errors(request, form)
    return redirect("hhcodes:village", code=place.code)


def _flash_errors(request: HttpRequest, form: Any) -> None:
    for message in form.non_field_errors():
        messages.error(request, str(message))


def _household_page(request: HttpRequest, household: Any, **forms: Any) -> HttpResponse:
    code = sel.active_code(household)
    context = {
        "household": household,
        "village": household.village,
        "head": sel.heads([household.pk]).get(household.pk, ""),
        "code": code,
        "url": cards.public_url(request, code.token) if code else "",
        "svg": cards.qr_svg(cards.public_url(request, code.token)) if code else "",
        "history": sel.code_history(household),
        "reports": _reports(sel.reports_of_household(household)[: sel.REPORT_LIMIT]),
        "issue_form": forms.get("issue_form") or IssueForm(),
        "revoke_form": forms.get("revoke_form") or ReasonForm(prefix="revoke"),
        "reissue_form": forms.get("reissue_form") or ReasonForm(prefix="reissue"),
        "can_reveal": can(actor(request), services.REVEAL),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    response = render(request, "hhcodes/household.html", context, status=status)
    add_never_cache_headers(response)  # the page holds the code's link
    return response


@login_required
@require_GET
def household(request: HttpRequest, household_id: Any) -> HttpResponse:
    return _household_page(request, sel.access_household(actor(request), household_id))


@login_required
@require_POST
def household_issue(request: HttpRequest, household_id: Any) -> HttpResponse:
    user = actor(request)
    target = sel.access_household(user, household_id)
    form = IssueForm(posted(request))
    done = submit(request, form, lambda: services.code_issue(by=user, household=target), success="已生成二维码")
    if done is None:
        return _household_page(request, target, issue_form=form)
    return redirect("hhcodes:household", household_id=target.pk)


# The two acts that end a household's code, each with a reason: (service, form prefix, success message).
REASONED = {
    "revoke": (services.code_revoke, "已作废二维码：原卡片扫码后显示“已失效”"),
    "reissue": (services.code_reissue, "已重新生成二维码，旧卡片作废：请打印新卡片"),
}


def _with_reason(request: HttpRequest, household_id: Any, act: str) -> HttpResponse:
    user = actor(request)
    target = sel.access_household(user, household_id)
    service, success = REASONED[act]
    form = ReasonForm(posted(request), prefix=act)
    done = submit(
        request,
        form,
        lambda: service(by=user, household=target, reason=form.cleaned_data["reason"]),
        success=success,
    )
    if done is None:
        return _household_page(request, target, **{f"{act}_form": form})
    return redirect("hhcodes:household", household_id=target.pk)


@login_required
@require_POST
def household_revoke(request: HttpRequest, household_id: Any) -> HttpResponse:
    return _with_reason(request, household_id, "revoke")


@login_required
@require_POST
def household_reissue(request: HttpRequest, household_id: Any) -> HttpResponse:
    return _with_reason(request, household_id, "reissue")


@login_required
@require_GET
def code_png(request: HttpRequest, hhcode_id: Any) -> HttpResponse:
    """One household's active code as a picture (a revoked one is a 404: it must not be printed again)."""
    user = actor(request)
    code = sel.access_code(user, hhcode_id)
    services.png_exported(by=user, code=code)
    response = HttpResponse(cards.qr_png(cards.public_url(request, code.token)), content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="hhcode-{code.household.number}.png"'
    add_never_cache_headers(response)
    return response


@login_required
@require_GET
def print_sheet(request: HttpRequest, code: Any) -> HttpResponse:
    user = actor(request)
    place = sel.access_village(user, code)
    context = cards.sheet_context(request, place)
    services.sheet_printed(by=user, village=place, count=context["count"])
    response = render(request, "hhcodes/print.html", context)
    add_never_cache_headers(response)
    return response


@login_required
@require_POST
def report_reveal(request: HttpRequest, code_report_id: Any) -> HttpResponse:
    """查看完整电话: the full phone of one scan report, shown once on this answer page (never cached), for a role
    holding ``REVEAL_PHONE`` in the household's area; every look is logged. Outside the area: 404; a role of the
    area without the capability: 403 in words."""
    user = actor(request)
    report = sel.access_report(user, code_report_id)
    form = RevealForm(posted(request))
    context: dict[str, Any] = {"report": report, "form": form, "phone": "", "refused": ""}
    status = 200
    if not can(user, services.REVEAL):
        context["refused"], status = services.REVEAL_REFUSED, 403
    else:
        phone = submit(
            request,
            form,
            lambda: services.report_phone_reveal(by=user, report=report, where=REVEAL_FROM[form.cleaned_data["where"]]),
        )
        context["phone"], status = (phone, 200) if phone else ("", 400)
    context["back_to_village"] = request.POST.get("where") == "village"
    response = render(request, "hhcodes/reveal.html", context, status=status)
    add_never_cache_headers(response)
    return response
