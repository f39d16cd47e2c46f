"""Correcting a pairing's records from its page: 修改 a member, fund, talent exchange or meeting (its own page with
the add form's fields, refused when someone saved the row since it was opened), 撤销 any record (a member, fund,
project link, transfer, exchange, meeting, or a linked buyer) with a reason and a confirmation, and deleting a
pairing that has no records yet. Only the county (``MANAGE``) of the pairing's area; anything else is 404."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from shoudi.cooperation import corrections, forms, selectors
from shoudi.cooperation.access import MANAGE
from shoudi.cooperation.models import (
    Fund,
    LabourTransfer,
    Meeting,
    Pairing,
    PairingMember,
    PairingProject,
    TalentExchange,
)
from shoudi.cooperation.pages import detail, edit_page
from shoudi.core.access import Capability, can, require
from shoudi.core.forms import Form, posted, submit
from shoudi.core.views import actor
from shoudi.registry.idnumber import mask_phone


def _member_initial(m: PairingMember, reveal: bool) -> dict[str, Any]:
    fields = ("name", "role", "unit", "from_date", "to_date")
    return {**{k: getattr(m, k) for k in fields}, "phone": m.phone if reveal else ""}


def _fund_initial(f: Fund, reveal: bool) -> dict[str, Any]:
    fields = ("received_on", "year", "amount", "source", "note")
    return {**{k: getattr(f, k) for k in fields}, "project_code": f.project.code if f.project is not None else ""}


def _plain_initial(*fields: str) -> Callable[[Any, bool], dict[str, Any]]:
    return lambda row, reveal: {k: getattr(row, k) for k in fields}


@dataclass(frozen=True)
class RowKind:
    """One kind of record on a pairing's page, and how it is corrected."""

    model: type[models.Model]
    param: str  # the URL parameter naming the row
    label: str
    form: type[Form] | None = None  # the edit form (None: the record is only withdrawn)
    update: Callable[..., Any] | None = None
    arg: str = ""  # the keyword the update service takes the row by
    initial: Callable[[Any, bool], dict[str, Any]] | None = None


KINDS: dict[str, RowKind] = {
    "member": RowKind(
        PairingMember,
        "coop_member_id",
        "成员",
        forms.MemberEditForm,
        corrections.member_update,
        "member",
        _member_initial,
    ),
    "fund": RowKind(
        Fund, "coop_fund_id", "资金记录", forms.FundEditForm, corrections.fund_update, "fund", _fund_initial
    ),
    "project": RowKind(PairingProject, "coop_link_id", "协作项目"),
    "transfer": RowKind(LabourTransfer, "coop_transfer_id", "劳务输出记录"),
    "exchange": RowKind(
        TalentExchange,
        "coop_exchange_id",
        "人才交流记录",
        forms.ExchangeEditForm,
        corrections.exchange_update,
        "exchange",
        _plain_initial("name", "kind", "direction", "unit", "started_on", "ended_on", "note"),
    ),
    "meeting": RowKind(
        Meeting,
        "coop_meeting_id",
        "会议记录",
        forms.MeetingEditForm,
        corrections.meeting_update,
        "meeting",
        _plain_initial("held_on", "kind", "place", "leader_level", "leaders", "minutes"),
    ),
}


def _managed(request: HttpRequest, coop_id: Any) -> tuple[Any, Pairing]:
    user = actor(request)
    pairing = selectors.access_pairing_by_id(user, coop_id)
    require(user, MANAGE, pairing.area_id)
    return user, pairing


def _back(pairing: Pairing, anchor: str = "") -> HttpResponse:
    url = reverse("cooperation:detail", kwargs={"coop_id": pairing.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


@login_required
@require_http_methods(["GET", "POST"])
def row_edit(request: HttpRequest, coop_id: Any, kind: str, **ids: Any) -> HttpResponse:
    spec = KINDS[kind]
    assert spec.form is not None and spec.update is not None and spec.initial is not None
    user, pairing = _managed(request, coop_id)
    row = selectors.row_of(pairing, spec.model, ids[spec.param])
    reveal = can(user, Capability.REVEAL_ID)
    initial = {**spec.initial(row, reveal), "seen": row.updated_at.isoformat()}  # type: ignore[attr-defined]
    form = spec.form(posted(request), initial=initial)
    if kind == "member" and not reveal:
        shown = mask_phone(row.phone)  # type: ignore[attr-defined]
        form.fields["phone"].help_text = f"原号码 {shown or '未填'}；留空则保留原号码"

    def call() -> Any:
        values = form.values()  # type: ignore[attr-defined]
        if kind == "member" and not reveal and not values["phone"]:
            values["phone"] = None
        return spec.update(by=user, pairing=pairing, **{spec.arg: row}, **values)  # type: ignore[misc]

    if submit(request, form, call, success=f"已保存对{spec.label}的修改") is not None:
        return _back(pairing, f"{kind}-{row.pk}")
    context = {"p": pairing, "form": form, "label": spec.label, "kind": kind, "row": row}
    return render(request, "cooperation/row_form.html", context, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def row_withdraw(request: HttpRequest, coop_id: Any, kind: str, **ids: Any) -> HttpResponse:
    spec = KINDS[kind]
    user, pairing = _managed(request, coop_id)
    row = selectors.row_of(pairing, spec.model, ids[spec.param])
    form = forms.withdraw_form(kind, row.pk, posted(request))

    def call() -> bool:
        corrections.row_withdraw(by=user, pairing=pairing, row=row, reason=form.cleaned_data["reason"])
        return True

    if submit(request, form, call, success=f"已撤销{spec.label}，原因已记入操作日志"):
        return _back(pairing)
    response: HttpResponse = detail(request, pairing, status=400, withdrawn=(row.pk, form))
    return response


@login_required
@require_POST
def buyer_unlink(request: HttpRequest, coop_id: Any, coop_buyer_id: Any) -> HttpResponse:
    user, pairing = _managed(request, coop_id)
    buyer = selectors.buyer_of(pairing, coop_buyer_id)
    form = forms.withdraw_form("buyer", buyer.pk, posted(request))

    def call() -> bool:
        corrections.buyer_unlink(by=user, pairing=pairing, buyer=buyer, reason=form.cleaned_data["reason"])
        return True

    if submit(request, form, call, success=f"已取消关联采购单位“{buyer.name}”"):
        return _back(pairing)
    response: HttpResponse = detail(request, pairing, status=400, withdrawn=(buyer.pk, form))
    return response


@login_required
@require_POST
def pairing_delete(request: HttpRequest, coop_id: Any) -> HttpResponse:
    user, pairing = _managed(request, coop_id)
    form = forms.PairingDeleteForm(posted(request))
    name = pairing.name

    def call() -> bool:
        corrections.pairing_delete(by=user, pairing=pairing, reason=form.cleaned_data["reason"])
        return True

    if submit(request, form, call, success=f"已删除结对“{name}”"):
        return redirect("cooperation:list")
    return edit_page(request, user, pairing, delete=form, status=400)
