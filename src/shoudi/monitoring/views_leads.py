"""Lead pages (线索): list, record, check (accept / close / turn into a case); the fast track; assignments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.accounts.models import User
from shoudi.core.access import Capability, code_in_user_area, in_area, require
from shoudi.core.errors import ConflictError
from shoudi.core.forms import apply_service_errors
from shoudi.monitoring import codes, forms, presenters, selectors, services
from shoudi.registry.models import Household
from shoudi.registry.selectors import households_visible


def me(request: HttpRequest) -> Any:
    """The signed-in user (login_required guarantees one; typed loosely for role checks)."""
    return request.user


def _household(user: Any, number: str, form: Any) -> Household | None:
    household = households_visible(user).filter(number=number.strip()).first()
    if household is None:
        form.add_error("household", f"户编号“{number}”不存在或不在您负责的区域内")
    return household


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_CASES)
    status = request.GET.get("status", "")
    status = status if status in codes.LeadStatus.values else ""
    if not status and "status" not in request.GET:
        status = (
            codes.LeadStatus.SUBMITTED if me(request).can(Capability.ACCEPT_APPLICATIONS) else codes.LeadStatus.OPEN
        )
    leads = list(selectors.lead_list(request.user, status=status)[:200])
    heads = presenters.household_heads(request.user, [lead.household_id for lead in leads])
    today = timezone.localdate()
    rows = [
        {
            "lead": lead,
            "head": getattr(heads.get(lead.household_id), "name", ""),
            "late": lead.due_on < today and lead.status in (codes.LeadStatus.OPEN, codes.LeadStatus.SUBMITTED),
            "village": presenters.short_name(lead.village.name),
        }
        for lead in leads
    ]
    return render(
        request, "monitoring/lead_list.html", {"rows": rows, "status": status, "statuses": codes.LeadStatus.choices}
    )


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.RECORD_LEADS)
    initial = {"household": request.GET.get("household", "")}
    form = forms.LeadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = _household(request.user, data["household"], form)
        if household is not None:
            try:
                lead = services.lead_create(
                    by=request.user,
                    household=household,
                    channel=data["channel"],
                    summary=data["summary"],
                    evidence=data["evidence"],
                    reported_on=data["reported_on"],
                    online=data["online"],
                    risk_hint=data["risk_hint"],
                )
            except ValidationError as error:
                if forms.is_forbidden(error):
                    raise Http404("未找到") from None
                apply_service_errors(error, form)
            else:
                messages.success(request, "线索已登记")
                return redirect("monitoring:lead", lead_id=lead.pk)
    return render(request, "monitoring/lead_form.html", {"form": form})


@login_required
@require_GET
def lead_detail(request: HttpRequest, lead_id: Any) -> HttpResponse:
    lead = selectors.access_lead_by_id(request.user, lead_id)
    return render(request, "monitoring/lead_detail.html", _lead_context(request, lead))


def _lead_context(request: HttpRequest, lead: Any, **forms_: Any) -> dict[str, Any]:
    user, today = me(request), timezone.localdate()
    is_open, submitted = lead.status == codes.LeadStatus.OPEN, lead.status == codes.LeadStatus.SUBMITTED
    in_area_ = code_in_user_area(user, lead.village_id)
    risk_initial = [lead.risk_hint] if lead.risk_hint else []
    return {
        "lead": lead,
        "head": presenters.household_heads(user, [lead.household_id]).get(lead.household_id),
        "can_accept": submitted and user.can(Capability.ACCEPT_APPLICATIONS) and in_area_,
        "can_check": is_open and user.can(Capability.HOME_CHECK) and in_area_,
        "close_form": forms_.get("close_form") or forms.LeadCloseForm(initial={"on": today}),
        "convert_form": forms_.get("convert_form")
        or forms.LeadConvertForm(initial={"on": today, "risks": risk_initial}),
        "open_case": lead.case if lead.case_id and lead.case.is_open else None,
    }


@login_required
@require_POST
def lead_act(request: HttpRequest, lead_id: Any, action: str) -> HttpResponse:
    lead = selectors.access_lead_by_id(request.user, lead_id)
    extra: dict[str, Any] = {}
    try:
        if action == "accept":
            services.lead_accept(by=request.user, lead=lead)
            messages.success(request, "已受理，请村监测联系人入户核实")
            return redirect("monitoring:lead", lead_id=lead.pk)
        if action == "close":
            form = forms.LeadCloseForm(request.POST)
            extra["close_form"] = form
            if form.is_valid():
                services.lead_close(
                    by=request.user, lead=lead, reason=form.cleaned_data["reason"], on=form.cleaned_data["on"]
                )
                messages.success(request, "线索已排除")
                return redirect("monitoring:lead", lead_id=lead.pk)
        elif action == "convert":
            convert = forms.LeadConvertForm(request.POST)
            extra["convert_form"] = convert
            if convert.is_valid():
                data = convert.cleaned_data
                case = services.lead_convert(
                    by=request.user,
                    lead=lead,
                    risks=convert.risk_input(),
                    findings=data["findings"],
                    on=data["on"],
                    category=data["category"],
                )
                messages.success(request, "已转为监测对象，进入识别程序")
                return redirect("monitoring:case", case_id=case.pk)
        else:
            raise Http404("未知操作")
    except ConflictError as conflict:
        messages.error(request, conflict.messages[0])
        return redirect("monitoring:lead", lead_id=lead.pk)
    except ValidationError as error:
        if forms.is_forbidden(error):
            raise Http404("未找到") from None
        target = extra.get("convert_form") or extra.get("close_form")
        if target is None:
            messages.error(request, "；".join(error.messages))
            return redirect("monitoring:lead", lead_id=lead.pk)
        apply_service_errors(error, target)
    return render(request, "monitoring/lead_detail.html", _lead_context(request, lead, **extra), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def fast_track(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.FAST_TRACK)
    today = timezone.localdate()
    form = forms.FastTrackForm(
        request.POST or None, initial={"household": request.GET.get("household", ""), "on": today}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        household = _household(request.user, data["household"], form)
        if household is not None:
            measure = {
                "kind": data["measure_kind"],
                "content": data["measure_content"],
                "start": data["on"],
                "responsible_unit": data["responsible_unit"],
                "responsible_person": data["responsible_person"],
            }
            try:
                case = services.case_fast_track(
                    by=request.user,
                    household=household,
                    event=data["event"],
                    risks=form.risk_input(),
                    measures=[measure],
                    on=data["on"],
                )
            except ValidationError as error:
                if forms.is_forbidden(error):
                    raise Http404("未找到") from None
                apply_service_errors(error, form)
            else:
                messages.success(request, "已确认风险并落实帮扶措施（先帮扶后认定），请继续完成识别程序")
                return redirect("monitoring:case", case_id=case.pk)
    return render(request, "monitoring/fast_track.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, case_id: Any) -> HttpResponse:
    case = selectors.access_case_by_id(request.user, case_id)
    require(request.user, Capability.PLAN_ASSISTANCE)
    contacts = User.objects.filter(role="village_contact", area_id=case.village_id, is_active=True).order_by(
        "full_name"
    )
    helpers = User.objects.filter(in_area("area_id", case.village_id[:6]), is_active=True).exclude(
        role__in=("dept_clerk", "leader", "admin")
    )
    helper_list = [u for u in helpers.order_by("full_name")[:300] if code_in_user_area(u, case.village_id)]
    form = forms.AssignForm(
        request.POST or None,
        initial={
            "version": case.version,
            "contact": str(case.contact_id or ""),
            "helper": str(case.helper_id or ""),
        },
    )
    forms.set_choices(form, "contact", [("", "—"), *[(str(u.pk), u.display_name) for u in contacts]])
    forms.set_choices(form, "helper", [("", "—"), *[(str(u.pk), u.display_name) for u in helper_list]])
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        contact = next((u for u in contacts if str(u.pk) == data["contact"]), None)
        helper = next((u for u in helper_list if str(u.pk) == data["helper"]), None)
        try:
            services.case_assign(
                by=request.user, case=case, contact=contact, helper=helper, expected_version=data["version"]
            )
        except ConflictError as conflict:
            messages.error(request, conflict.messages[0])
        except ValidationError as error:
            if forms.is_forbidden(error):
                raise Http404("未找到") from None
            apply_service_errors(error, form)
            return render(request, "monitoring/assign.html", {"case": case, "form": form}, status=400)
        else:
            messages.success(request, "已保存监测联系人和帮扶责任人")
        return redirect("monitoring:case", case_id=case.pk)
    return render(request, "monitoring/assign.html", {"case": case, "form": form})
