"""Lead pages (线索): list, record, check (accept / close / turn into a case); assigning the contact and helper."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import Capability, NotVisible, can, code_in_user_area, in_area, require
from shoudi.core.forms import submit
from shoudi.core.views import actor
from shoudi.monitoring import applications, codes, forms, presenters, selectors, services
from shoudi.monitoring.forms_public import ApplicationRegisterForm, ApplicationRejectForm
from shoudi.monitoring.models_apply import ApplicationStatus


@login_required
@require_GET
def lead_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_CASES)
    form = forms.LeadFilterForm(request.GET)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    if not status and "status" not in request.GET:
        status = codes.LeadStatus.SUBMITTED if can(user, Capability.ACCEPT_APPLICATIONS) else codes.LeadStatus.OPEN
        form = forms.LeadFilterForm(initial={"status": status})
    leads = list(selectors.lead_list(user, status=status)[:200])
    heads = presenters.household_heads(user, [lead.household_id for lead in leads])
    today, dues = timezone.localdate(), _AcceptDues()
    rows = []
    for lead in leads:
        submitted = lead.status == codes.LeadStatus.SUBMITTED  # waits for the township: its deadline is 受理
        due = dues.of(lead.village_id, lead.reported_on) if submitted else lead.due_on
        late = due < today and lead.status in (codes.LeadStatus.OPEN, codes.LeadStatus.SUBMITTED)
        village = presenters.short_name(lead.village.name)
        head = getattr(heads.get(lead.household_id), "name", "")
        rows.append({"lead": lead, "head": head, "due": due, "accept": submitted, "late": late, "village": village})
    queue = [
        {"app": app, "late": app.accept_due < today, "village": presenters.short_name(app.village.name)}
        for app in applications.unregistered_queue(user)[:200]
    ]
    context = {"rows": rows, "form": form, "queue": queue, "can_accept": can(user, Capability.ACCEPT_APPLICATIONS)}
    return render(request, "monitoring/lead_list.html", context)


class _AcceptDues:
    """受理期限 of online leads (submitted + ``accept_days``), the parameter read once per village and day."""

    def __init__(self) -> None:
        self.known: dict[tuple[str, Any], Any] = {}

    def of(self, village: str, reported_on: Any) -> Any:
        if (village, reported_on) not in self.known:
            self.known[(village, reported_on)] = applications.accept_due(village, reported_on)
        return self.known[(village, reported_on)]


@login_required
@require_http_methods(["GET", "POST"])
def lead_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.RECORD_LEADS)
    form = forms.LeadForm(request.POST or None, initial={"household": request.GET.get("household", "")[:20]})

    def call() -> Any:
        data = form.cleaned_data
        return services.lead_create(
            by=user,
            household=selectors.household_by_number(user, data["household"]),
            channel=data["channel"],
            summary=data["summary"],
            evidence=data["evidence"],
            reported_on=data["reported_on"],
            online=data["online"],
            risk_hint=data["risk_hint"],
        )

    lead = submit(request, form, call, success="线索已登记")
    if lead is not None:
        return redirect("monitoring:lead", lead_id=lead.pk)
    return render(request, "monitoring/lead_form.html", {"form": form})


@login_required
@require_GET
def lead_detail(request: HttpRequest, lead_id: Any) -> HttpResponse:
    lead = selectors.access_lead_by_id(actor(request), lead_id)
    return render(request, "monitoring/lead_detail.html", _lead_context(request, lead))


def _lead_context(request: HttpRequest, lead: Any, **bound: Any) -> dict[str, Any]:
    user, today = actor(request), timezone.localdate()
    is_open, submitted = lead.status == codes.LeadStatus.OPEN, lead.status == codes.LeadStatus.SUBMITTED
    in_area_ = code_in_user_area(user, lead.village_id)
    risk_initial = [lead.risk_hint] if lead.risk_hint else []
    return {
        "lead": lead,
        "head": presenters.household_heads(user, [lead.household_id]).get(lead.household_id),
        "can_accept": submitted and can(user, Capability.ACCEPT_APPLICATIONS) and in_area_,
        "can_check": is_open and can(user, Capability.HOME_CHECK) and in_area_,
        "accept_form": bound.get("accept") or forms.LeadAcceptForm(),
        "close_form": bound.get("close") or forms.LeadCloseForm(initial={"on": today}, auto_id=CLOSE_IDS),
        "convert_form": bound.get("convert")
        or forms.LeadConvertForm(initial={"on": today, "risks": risk_initial}, auto_id=CONVERT_IDS),
        "open_case": lead.case if lead.case_id and lead.case.is_open else None,
        "accept_due": applications.accept_due(lead.village_id, lead.reported_on) if submitted else None,
        "today": today,
    }


CLOSE_IDS, CONVERT_IDS = "id_close_%s", "id_convert_%s"  # two forms on one page: ids of their own
LEAD_IDS = {"accept": "id_%s", "close": CLOSE_IDS, "convert": CONVERT_IDS}
LEAD_FORMS: dict[str, type[forms.Form]] = {
    "accept": forms.LeadAcceptForm,
    "close": forms.LeadCloseForm,
    "convert": forms.LeadConvertForm,
}


@login_required
@require_POST
def lead_act(request: HttpRequest, lead_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    lead = selectors.access_lead_by_id(user, lead_id)
    if action not in LEAD_FORMS:
        raise NotVisible("未知操作")
    form = LEAD_FORMS[action](request.POST, auto_id=LEAD_IDS[action])

    def call() -> Any:
        data = form.cleaned_data
        if action == "accept":
            return services.lead_accept(by=user, lead=lead)
        if action == "close":
            return services.lead_close(by=user, lead=lead, reason=data["reason"], on=data["on"])
        assert isinstance(form, forms.LeadConvertForm)
        return services.lead_convert(
            by=user,
            lead=lead,
            risks=form.risk_input(),
            findings=data["findings"],
            on=data["on"],
            category=data["category"],
        )

    success = {
        "accept": "已受理，请村监测联系人入户核实",
        "close": "线索已排除",
        "convert": "已转为监测对象，进入识别程序",
    }
    done = submit(request, form, call, success=success[action])
    if done is not None and action == "convert":
        return redirect("monitoring:case", case_id=done.pk)
    if done is not None:
        return redirect("monitoring:lead", lead_id=lead.pk)
    lead = selectors.access_lead_by_id(user, lead_id)  # as it is now (someone may have been quicker)
    return render(request, "monitoring/lead_detail.html", _lead_context(request, lead, **{action: form}), status=400)


@login_required
@require_http_methods(["GET", "POST"])
def case_assign(request: HttpRequest, case_id: Any) -> HttpResponse:
    user = actor(request)
    case = selectors.access_case_by_id(user, case_id)
    require(user, Capability.PLAN_ASSISTANCE, case.village_id)
    contacts = User.objects.filter(role=Role.VILLAGE_CONTACT, area_id=case.village_id, is_active=True).order_by(
        "full_name"
    )
    helpers = User.objects.filter(in_area("area_id", case.village_id[:6]), is_active=True).exclude(
        role__in=(Role.DEPT_CLERK, Role.LEADER, Role.ADMIN)
    )
    helper_list = [u for u in helpers.order_by("full_name")[:300] if code_in_user_area(u, case.village_id)]
    form = forms.AssignForm(
        request.POST or None,
        initial={
            "version": case.version,
            "contact": case.contact.username if case.contact else "",
            "helper": case.helper.username if case.helper else "",
        },
    )
    forms.set_choices(form, "contact", [("", "—"), *[(u.username, u.display_name) for u in contacts]])
    forms.set_choices(form, "helper", [("", "—"), *[(u.username, u.display_name) for u in helper_list]])

    def call() -> Any:
        data = form.cleaned_data
        return services.case_assign(
            by=user,
            case=case,
            contact=next((u for u in contacts if u.username == data["contact"]), None),
            helper=next((u for u in helper_list if u.username == data["helper"]), None),
            expected_version=data["version"],
        )

    if submit(request, form, call, success="已保存监测联系人和帮扶责任人") is not None:
        return redirect("monitoring:case", case_id=case.pk)
    return render(request, "monitoring/assign.html", {"case": case, "form": form})


# ---- online applications of unregistered applicants (未登记申请人·网上申报) -------------------------------------

APPLICATION_FORMS: dict[str, type[forms.Form]] = {"register": ApplicationRegisterForm, "reject": ApplicationRejectForm}
APPLICATION_IDS = {"register": "id_register_%s", "reject": "id_reject_%s"}


@login_required
@require_http_methods(["GET", "POST"])
def application_detail(request: HttpRequest, application_id: Any) -> HttpResponse:
    """The application; a POST (the 查看 button) shows the full ID number and phone once, logged."""
    user = actor(request)
    application = applications.access_application_by_id(user, application_id)
    reveal = request.method == "POST" and can(user, Capability.REVEAL_ID)
    if reveal:
        applications.application_reveal(by=user, application=application)
    context = _application_context(request, application, reveal=reveal)
    response = render(request, "monitoring/application_detail.html", context)
    add_never_cache_headers(response)
    return response


def _application_context(
    request: HttpRequest, application: Any, *, reveal: bool = False, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    bound = bound or {}
    waiting = application.status == ApplicationStatus.UNREGISTERED
    return {
        "app": application,
        **applications.application_shown(application, full=reveal),
        "can_reveal": not reveal and can(actor(request), Capability.REVEAL_ID),
        "late": waiting and application.accept_due < timezone.localdate(),
        "waiting": waiting,
        "register_form": bound.get("register") or ApplicationRegisterForm(auto_id=APPLICATION_IDS["register"]),
        "reject_form": bound.get("reject") or ApplicationRejectForm(auto_id=APPLICATION_IDS["reject"]),
    }


@login_required
@require_POST
def application_act(request: HttpRequest, application_id: Any, action: str) -> HttpResponse:
    """登记并受理 (the household the township registered) or 不予受理 (with the reason)."""
    user = actor(request)
    application = applications.access_application_by_id(user, application_id)
    if action not in APPLICATION_FORMS:
        raise NotVisible("未知操作")
    form = APPLICATION_FORMS[action](request.POST, auto_id=APPLICATION_IDS[action])

    def call() -> Any:
        data = form.cleaned_data
        if action == "register":
            household = selectors.household_by_number(user, data["household"])
            return applications.application_register(by=user, application=application, household=household)
        return applications.application_reject(by=user, application=application, reason=data["reason"])

    success = {"register": "已登记并受理，请村监测联系人入户核实", "reject": "已不予受理，申请人凭回执号可查看理由"}
    done = submit(request, form, call, success=success[action])
    if done is not None and done.lead_id:
        return redirect("monitoring:lead", lead_id=done.lead_id)
    if done is not None:
        return redirect("monitoring:application", application_id=done.pk)
    application = applications.access_application_by_id(user, application_id)  # as it is now
    context = _application_context(request, application, bound={action: form})
    return render(request, "monitoring/application_detail.html", context, status=400)
