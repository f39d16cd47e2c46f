"""The forms on a pairing's page, one POST route each: the year's targets, a member, a fund, a project, a labour
transfer (typed, or picked from the jobs database), a talent exchange, a meeting, and the partner's buyers. On an
error the page is shown again with the form's errors beside its fields and the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from shoudi.cooperation import flows, forms, selectors, services
from shoudi.cooperation.access import MANAGE, may
from shoudi.cooperation.models import Pairing
from shoudi.cooperation.pages import detail
from shoudi.core.access import NotVisible
from shoudi.core.forms import Form, posted, submit
from shoudi.core.views import actor

Call = Callable[[Any, Pairing, dict[str, Any]], Any]


def _handle(
    request: HttpRequest, coop_id: Any, key: str, make: Callable[[Pairing], Form], call: Call, success: Any
) -> HttpResponse:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    if not may(user, MANAGE):
        raise NotVisible()
    form = make(pairing)
    done = submit(request, form, lambda: call(user, pairing, form.cleaned_data), success=success)
    year = form.cleaned_data.get("year") if hasattr(form, "cleaned_data") else None
    if done is not None:
        url = reverse("cooperation:detail", kwargs={"coop_id": pairing.pk})
        return redirect(f"{url}?year={year}" if isinstance(year, int) else url)
    shown = year if isinstance(year, int) and 2016 <= year <= 2100 else None
    response: HttpResponse = detail(request, pairing, year=shown, status=400, **{key: form})
    return response


@login_required
@require_POST
def targets(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> int:
        values = forms.TargetsForm.values_of(d)
        return services.targets_set(by=user, pairing=p, year=d["year"], values=values)

    return _handle(
        request, coop_id, "targets_form", lambda p: forms.TargetsForm(posted(request)), call, "已保存年度目标"
    )


@login_required
@require_POST
def member(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> Any:
        return services.member_add(by=user, pairing=p, **d)

    return _handle(request, coop_id, "member_form", lambda p: forms.MemberForm(posted(request)), call, "已登记成员")


@login_required
@require_POST
def fund(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> Any:
        return flows.fund_add(by=user, pairing=p, **d)

    said = lambda f: f"已登记资金 {f.amount} 元"  # noqa: E731
    return _handle(request, coop_id, "fund_form", lambda p: forms.FundForm(posted(request)), call, said)


@login_required
@require_POST
def project(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> Any:
        return flows.project_link(by=user, pairing=p, **d)

    return _handle(
        request, coop_id, "project_form", lambda p: forms.ProjectForm(posted(request)), call, "已计入协作项目"
    )


@login_required
@require_POST
def transfer(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> Any:
        return flows.transfer_add(by=user, pairing=p, **d)

    return _handle(
        request, coop_id, "transfer_form", lambda p: forms.TransferForm(posted(request)), call, "已登记劳务输出"
    )


@login_required
@require_POST
def transfer_import(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def make(p: Pairing) -> Form:
        works = [(str(w.pk), w.person.name) for w in selectors.transfer_candidates(p, timezone.localdate())]
        return forms.ImportForm(posted(request), works=works)

    def call(user: Any, p: Pairing, d: dict[str, Any]) -> int:
        return flows.transfers_import(by=user, pairing=p, work_ids=d["works"])

    said = lambda n: f"已从岗位数据库带入 {n} 条劳务输出"  # noqa: E731
    return _handle(request, coop_id, "import_form", make, call, said)


@login_required
@require_POST
def exchange(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> Any:
        return flows.exchange_add(by=user, pairing=p, **d)

    return _handle(
        request, coop_id, "exchange_form", lambda p: forms.ExchangeForm(posted(request)), call, "已登记人才交流"
    )


@login_required
@require_POST
def meeting(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def call(user: Any, p: Pairing, d: dict[str, Any]) -> Any:
        return flows.meeting_add(by=user, pairing=p, **d)

    return _handle(request, coop_id, "meeting_form", lambda p: forms.MeetingForm(posted(request)), call, "已登记会议")


@login_required
@require_POST
def buyers(request: HttpRequest, coop_id: Any) -> HttpResponse:
    def make(p: Pairing) -> Form:
        choices = [(str(b.pk), b.name) for b in selectors.buyers_of(p)]
        return forms.BuyersForm(posted(request), buyers=choices)

    def call(user: Any, p: Pairing, d: dict[str, Any]) -> int:
        return services.buyers_set(by=user, pairing=p, buyer_ids=d["buyers"])

    return _handle(request, coop_id, "buyers_form", make, call, "已保存协作方采购单位")
