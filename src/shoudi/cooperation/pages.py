"""The pairing's page and its edit page, rendered with every form in place — the views of the pairing
(views), its flows (views_flows) and the corrections of rows (views_rows) all answer with them, a form posted with
errors shown where it was."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from shoudi.cooperation import codes, corrections, forms, results, selectors, services
from shoudi.cooperation.access import MANAGE, may
from shoudi.cooperation.models import Pairing
from shoudi.core.access import Capability, can, in_area
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.monitoring.presenters import short_name
from shoudi.regions.models import Level, Region
from shoudi.registry.idnumber import mask, mask_phone


def year_of(request: HttpRequest) -> int:
    form = forms.YearForm(request.GET if "year" in request.GET else None)
    if form.is_bound and form.is_valid():
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


def areas_of(user: Any) -> list[tuple[str, str]]:
    found = Region.objects.filter(in_area("code", user.area_id), level__in=[Level.COUNTY, Level.VILLAGE])
    return [(r.code, r.name if r.level == Level.COUNTY else short_name(r.name)) for r in found.order_by("code")]


def edit_page(
    request: HttpRequest, user: Any, pairing: Pairing, *, delete: forms.PairingDeleteForm | None = None, status: int = 0
) -> HttpResponse:
    """The edit form, and the delete form while the pairing has no records (``delete``: one posted with errors)."""
    initial = {name: getattr(pairing, name) for name in services.PAIRING_FIELDS if name != "area"}
    initial.update(area=pairing.area_id, version=pairing.version)
    data = posted(request) if delete is None else None
    form = forms.PairingForm(data, areas=areas_of(user), new=False, initial=initial)

    def call() -> Pairing:
        seen = form.cleaned_data.get("version")
        return services.pairing_update(by=user, pairing=pairing, entry=form.entry(), expected_version=seen)

    done = submit(request, form, call, success="已保存修改") if delete is None else None
    if done is not None:
        return redirect("cooperation:detail", coop_id=done.pk)
    locked = corrections.has_records(pairing)
    context = {
        "form": form,
        "pairing": pairing,
        "has_records": locked,
        "delete_form": delete or (None if locked else forms.PairingDeleteForm()),
    }
    return render(request, "cooperation/form.html", context, status=status or (400 if data is not None else 200))


def detail(request: HttpRequest, pairing: Pairing, *, year: int | None = None, status: int = 200, **bound: Any) -> Any:
    """The pairing's page; ``bound`` holds a form that was posted with errors (shown in place of the blank one),
    ``withdrawn`` a row's 撤销 form posted with errors (``(row pk, form)``)."""
    withdrawn = bound.pop("withdrawn", None)
    user = actor(request)
    today = timezone.localdate()
    year = year or year_of(request)
    lists = selectors.detail_rows(pairing)
    done = results.results([pairing.pk], year, today)[pairing.pk]
    aims = results.targets([pairing.pk], year).get(pairing.pk, {})
    reveal = can(user, Capability.REVEAL_ID)
    for t in lists["transfers"]:
        t.shown_id = t.person.id_number if reveal else mask(t.person.id_number)
    for m in lists["members"]:
        m.shown_phone = m.phone if reveal else mask_phone(m.phone)
    context: dict[str, Any] = {
        "p": pairing,
        "year": year,
        "year_form": forms.YearForm(initial={"year": year}),
        "rows": results.rows(done, aims),
        "can_manage": may(user, MANAGE),
        **lists,
    }
    if context["can_manage"]:
        _withdraw_forms(lists, withdrawn)
        context.update(_forms(pairing, year, aims, lists, today, bound))
    return render(request, "cooperation/detail.html", context, status=status)


def _withdraw_forms(lists: dict[str, Any], withdrawn: tuple[Any, Any] | None) -> None:
    """Each row's 撤销 form (in a closed <details>; the one posted with errors open, with its errors)."""
    key, posted_form = withdrawn or (None, None)
    for name in ("members", "funds", "projects", "transfers", "exchanges", "meetings", "buyers"):
        for row in lists[name]:
            row.withdraw_open = row.pk == key
            row.withdraw_form = posted_form if row.withdraw_open else forms.withdraw_form(name[:-1], row.pk)


def _forms(pairing: Pairing, year: int, aims: dict[str, Any], lists: dict[str, Any], today: Any, bound: Any) -> Any:
    made: dict[str, Any] = {
        "targets_form": forms.TargetsForm(initial={"year": year, **aims}),
        "member_form": forms.MemberForm(initial={"from_date": today}),
        "fund_form": forms.FundForm(initial={"received_on": today}),
        "project_form": forms.ProjectForm(initial={"year": year}),
        "transfer_form": forms.TransferForm(initial={"destination": pairing.partner_location, "started_on": today}),
        "exchange_form": forms.ExchangeForm(initial={"started_on": today}),
        "meeting_form": forms.MeetingForm(initial={"held_on": today}),
        "buyers_form": None,
        "import_form": None,
    }
    buyers = [(str(b.pk), f"{b.name}（{b.location}）" if b.location else b.name) for b in selectors.buyers_of(pairing)]
    if buyers:
        made["buyers_form"] = forms.BuyersForm(buyers=buyers, initial={"buyers": [str(b.pk) for b in lists["buyers"]]})
    if pairing.kind == codes.PairingKind.EAST_WEST:
        works = [
            (str(w.pk), f"{w.person.name} · {w.employer_name or '—'} · {w.started_on:%Y-%m-%d}")
            for w in selectors.transfer_candidates(pairing, today)[:200]
        ]
        made["import_form"] = forms.ImportForm(works=works) if works else None
        made["import_empty"] = not works
    made.update({k: v for k, v in bound.items() if v is not None})
    return made
