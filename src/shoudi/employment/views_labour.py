"""Pages of the labour force database (劳动力数据库): the list of the user's area (filters, counts by status, the
Excel export) and one person's labour page (profile, work spells, events and trainings, and the forms that record
them). Anyone without the jobs ledgers, and anyone outside the user's area, is a 404."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from shoudi.core import exports
from shoudi.core.access import NotVisible
from shoudi.core.forms import Form, submit
from shoudi.core.views import actor
from shoudi.employment import forms_labour as forms
from shoudi.employment import labour
from shoudi.employment import selectors_labour as sel
from shoudi.employment.access import RECORD_WORK, VIEW, may
from shoudi.employment.labour_rows import EXPORT_COLUMNS, export_row, person_context, row_of
from shoudi.employment.work import WorkInput
from shoudi.monitoring.presenters import short_name
from shoudi.registry.models import Person

PAGE_SIZE = 50
ACTIONS = ("profile", "start", "end", "event")
SUCCESS = {"profile": "劳动力信息已保存", "start": "已登记务工", "end": "已结束务工", "event": "已记录"}


def _require_view(user: Any) -> None:
    if not may(user, VIEW):
        raise NotVisible()


def _filter_form(request: HttpRequest, user: Any) -> forms.LabourFilterForm:
    return forms.LabourFilterForm(
        request.GET or None,
        townships=[(t.code, t.name) for t in sel.townships_for(user)],
        villages=[(v.code, short_name(v.name)) for v in sel.villages_for(user)],
    )


def _filtered(request: HttpRequest, user: Any) -> tuple[forms.LabourFilterForm, Any, dict[str, str]]:
    form = _filter_form(request, user)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    place = {"township": data.get("township", ""), "village": data.get("village", "")}
    qs = sel.labour_list(
        user,
        township=place["township"],
        village=place["village"],
        status=data.get("status", ""),
        place=data.get("place", ""),
        priority=data.get("priority", ""),
        q=data.get("q", ""),
    )
    if form.is_bound and form.errors:  # a value not in the lists (typed into the address): said, nothing listed
        qs = qs.none()
    return form, qs, place


@login_required
@require_GET
def labour_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    _require_view(user)
    form, qs, place = _filtered(request, user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = sel.status_counts(user, township=place["township"], village=place["village"])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [row_of(p) for p in page.object_list],
        "total": counts["total"],
        "counts": [(code, label, counts[code]) for code, label in sel.STATUS_CHOICES],
        "query": query.urlencode(),
    }
    return render(request, "employment/labour_list.html", context)


@login_required
@require_GET
def labour_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as an Excel workbook (ID numbers masked)."""
    user = actor(request)
    _require_view(user)
    _, qs, _ = _filtered(request, user)
    today = timezone.localdate()

    def build(book: exports.Workbook) -> None:
        sheet = book.sheet(
            "劳动力数据库",
            EXPORT_COLUMNS,
            title_rows=[f"劳动力数据库（{getattr(user.area, 'name', '')}）", f"导出日期：{today.isoformat()}"],
            freeze_columns=1,
        )
        sheet.write_rows(export_row(p, today) for p in qs.iterator(chunk_size=2000))

    body = exports.export_bytes(build)
    response = HttpResponse(body, content_type=exports.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="labour-{today.isoformat()}.xlsx"'
    return response


# ---- one person ----------------------------------------------------------------------------------------------------


def _actions(user: Any, person: Person) -> list[str]:
    if not may(user, RECORD_WORK):
        return []
    found = ["profile", "start", "event"]
    if labour.open_work(person) is not None:
        found.insert(2, "end")
    return found


def _form(action: str, data: Any, person: Person) -> Form:
    if action == "profile":
        profile = getattr(person, "labour_profile", None)
        initial = {"version": profile.version if profile else 0}
        if profile is not None:
            initial.update({f: getattr(profile, f) for f in labour.PROFILE_FIELDS})
        return forms.ProfileForm(data, auto_id="id_profile_%s", initial=initial)
    if action == "start":
        return forms.StartForm(data, auto_id="id_start_%s")
    if action == "end":
        return forms.EndForm(data, auto_id="id_end_%s")
    return forms.EventForm(data, auto_id="id_event_%s")


def _context(request: HttpRequest, person: Person, **bound: Form) -> dict[str, Any]:
    user = actor(request)
    shown = {a: bound.get(a) or _form(a, None, person) for a in _actions(user, person)}
    shown.update(bound)  # a refused form is shown with its errors, even when the work it ended is gone
    return {**person_context(person, timezone.localdate()), "forms": shown}


@login_required
@require_GET
def person_detail(request: HttpRequest, person_id: Any) -> HttpResponse:
    person = sel.access_person_by_id(actor(request), person_id)
    return render(request, "employment/labour_person.html", _context(request, person))


def _call(action: str, form: Form, user: Any, person: Person) -> Callable[[], Any]:
    data = form.cleaned_data
    if action == "profile":
        entry = labour.ProfileInput(**{f: data[f] for f in labour.PROFILE_FIELDS})
        version = data.get("version")
        return lambda: labour.profile_save(by=user, person=person, entry=entry, expected_version=version)
    if action == "start":
        fields = ("place", "started_on", "employer_name", "job", "place_detail", "monthly_pay", "months_this_year")
        work_entry = WorkInput(**{f: data[f] for f in fields})
        return lambda: labour.start_work(by=user, person=person, entry=work_entry)
    if action == "end":
        return lambda: labour.end_current(by=user, person=person, ended_on=data["ended_on"], reason=data["end_reason"])
    keys = ("kind", "on_date", "detail", "hours", "certificate")
    event = labour.EventInput(**{k: data[k] for k in keys})
    return lambda: labour.event_record(by=user, person=person, entry=event)


@login_required
@require_POST
def person_act(request: HttpRequest, person_id: Any, action: str) -> HttpResponse:
    user = actor(request)
    person = sel.access_person_by_id(user, person_id)
    if action not in ACTIONS or not may(user, RECORD_WORK):  # an unknown action, or a role that does not record
        raise NotVisible("未知操作")
    form = _form(action, request.POST, person)
    if submit(request, form, lambda: _call(action, form, user, person)(), success=SUCCESS[action]) is not None:
        return redirect("employment:person", person_id=person.pk)
    person = sel.access_person_by_id(user, person_id)
    return render(request, "employment/labour_person.html", _context(request, person, **{action: form}), status=400)
