"""Household pages: list and search, detail, create and edit, members. Thin: reads go through
registry.selectors (area scope, 404 outside it), writes through registry.services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import Capability, require
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor, link_pattern
from shoudi.regions.models import Level
from shoudi.regions.selectors import region_choices, regions_in_user_area
from shoudi.registry import codes, selectors, services
from shoudi.registry.extensions import household_panels
from shoudi.registry.forms import (
    HOUSEHOLD_SECTIONS,
    PERSON_SECTIONS,
    HouseholdEditForm,
    HouseholdFilterForm,
    HouseholdForm,
    PersonForm,
    PersonRemoveForm,
)
from shoudi.registry.idnumber import mask_phone
from shoudi.registry.models import Household, Person

PAGE_SIZE = 50
_STATUS_LABELS = dict(codes.HouseholdStatus.choices)
RELATIONSHIP_ORDER = {value: n for n, value in enumerate(codes.Relationship.values)}


def short_name(name: str) -> str:
    """当造村村民委员会 → 当造村 (the statistical names carry the committee's title)."""
    for suffix in ("村民委员会", "居民委员会", "社区居委会", "村委会", "居委会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def age(birth: dt.date, today: dt.date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


# ---- list ---------------------------------------------------------------------------------------


def _filter_options(user: Any, raw_township: str) -> tuple[list[tuple[str, str]], str, list[tuple[str, str]]]:
    """The user's townships, the chosen one if it is among them, and the villages to offer (code, short name)."""
    area = getattr(user, "area_id", None) or ""
    townships = region_choices(area, Level.TOWNSHIP)
    township = raw_township if raw_township in {code for code, _ in townships} else ""
    villages = region_choices(area, Level.VILLAGE, township)
    return townships, township, [(code, short_name(name)) for code, name in villages]


def _filter_form(request: HttpRequest, user: Any) -> HouseholdFilterForm:
    """The list's filters: the user's townships, and the villages of the chosen township (or of all)."""
    townships, _, villages = _filter_options(user, request.GET.get("township", "").strip())
    list_url, options_url = reverse("registry:list"), reverse("registry:village_options")
    htmx = {
        "q": {
            "hx-get": list_url,
            "hx-trigger": "input changed delay:600ms, search",
            "hx-target": "#results",
            "hx-push-url": "true",
            "hx-include": "closest form",
            "hx-sync": "closest form:replace",
            "hx-indicator": "#results-loading",
        },
        "township": {
            "hx-get": options_url,
            "hx-target": "#id_village",
            "hx-trigger": "change",
            "hx-swap": "innerHTML",
            "hx-push-url": "false",
            "hx-sync": "this:replace",
            "hx-indicator": "this",
        },
    }
    return HouseholdFilterForm(
        request.GET,
        townships=townships,
        villages=villages,
        htmx=htmx,
    )


@require_GET
@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.VIEW_HOUSEHOLDS)
    form = _filter_form(request, user)
    filters = form.filters()
    page = Paginator(selectors.household_list(user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    households = selectors.with_heads_and_sizes(user, list(page.object_list))
    # the row's link and label built here, not by {% url %} and get_status_display 50 times per page
    detail = link_pattern("registry:detail")
    rows = [
        {
            "household": h,
            "head": getattr(h, "head", None),
            "village": short_name(h.village.name),
            "url": detail.format(h.pk),
            "status_label": _STATUS_LABELS.get(h.status, h.status),
        }
        for h in households
    ]
    context = {
        "form": form,
        "filters": filters,
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "rows": rows,
    }
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and htmx.target == "results" and not htmx.history_restore_request  # type: ignore[union-attr]
    template = "registry/_results.html" if partial else "registry/household_list.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@require_GET
@login_required
def village_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the village select for the chosen township (htmx swaps them in)."""
    user = actor(request)
    require(user, Capability.VIEW_HOUSEHOLDS)
    _, _, villages = _filter_options(user, request.GET.get("township", "").strip())
    return render(
        request,
        "registry/_village_options.html",
        {"villages": villages, "selected": ""},
    )


# ---- detail -------------------------------------------------------------------------------------


PHONE_LABELS = {str(Household._meta.get_field("phone").verbose_name), str(Person._meta.get_field("phone").verbose_name)}


def _history_rows(household: Household) -> list[dict[str, Any]]:
    def show(value: Any, field: str) -> str:
        if value is None or value == "":
            return "（空）"
        if field in PHONE_LABELS:  # the full phone only through the logged reveal
            return mask_phone(str(value))
        if value is True:
            return "是"
        if value is False:
            return "否"
        return str(value)

    rows = []
    for entry in selectors.household_history(household):
        changes = [(f, show(before, f), show(after, f)) for f, (before, after) in entry.changes.items()]
        rows.append({"entry": entry, "changes": changes})
    return rows


@require_GET
@login_required
def household_detail(request: HttpRequest, household_id: Any) -> HttpResponse:
    user = actor(request)
    household = selectors.access_household_by_id(user, household_id)
    today = timezone.localdate()
    members = sorted(
        selectors.household_members(household),
        key=lambda p: (RELATIONSHIP_ORDER.get(p.relationship, 99), p.birth_date),
    )
    can_reveal = user.can(Capability.REVEAL_ID)
    exclusions = [
        Household._meta.get_field(name).verbose_name  # type: ignore[union-attr]
        for name in ("leisure_car", "truck_or_excavator", "commercial_property", "business")
        if getattr(household, name)
    ]
    context = {
        "household": household,
        "village_name": short_name(household.village.name),
        "township_name": household.village.parent.name if household.village.parent else "",
        "phone": mask_phone(household.phone),
        "can_reveal_phone": bool(household.phone) and user.can(Capability.REVEAL_PHONE),
        "exclusions": exclusions,
        "other_car": household.get_other_car_display() if household.other_car else "",
        "members": [{"person": p, "age": age(p.birth_date, today)} for p in members],
        "head": next((p for p in members if p.relationship == codes.Relationship.HEAD), None),
        "finance": selectors.household_finance_table(household, as_of=today),
        "history": _history_rows(household),
        "can_reveal": can_reveal,
        "panels": household_panels(user, household),
    }
    return render(request, "registry/household_detail.html", context)


@require_POST
@login_required
def reveal_id(request: HttpRequest, person_id: Any) -> HttpResponse:
    """The full ID number of one member, for roles that may see it. Every look is logged."""
    user = actor(request)
    person = selectors.access_person_by_id(user, person_id)
    services.person_reveal(by=user, person=person, where="在农户页面查看")
    template = "registry/_reveal.html" if getattr(request, "htmx", False) else "registry/reveal.html"
    response = render(request, template, {"person": person})
    add_never_cache_headers(response)
    return response


@require_POST
@login_required
def reveal_phone(request: HttpRequest, household_id: Any) -> HttpResponse:
    """The full phone of a household, for roles that call households. Every look is logged."""
    user = actor(request)
    household = selectors.access_household_by_id(user, household_id)
    phone = services.household_phone_reveal(by=user, household=household, where="在农户页面查看联系电话")
    template = "registry/_reveal_phone.html" if getattr(request, "htmx", False) else "registry/reveal.html"
    response = render(request, template, {"household": household, "phone": phone})
    add_never_cache_headers(response)
    return response


# ---- create and edit ----------------------------------------------------------------------------


def _village_choices(user: Any) -> list[tuple[str, str]]:
    villages = regions_in_user_area(user, level=Level.VILLAGE).select_related("parent").order_by("code")
    many_townships = len({v.parent_id for v in villages}) > 1
    return [
        (v.code, f"{v.parent.name} · {short_name(v.name)}" if many_townships and v.parent else short_name(v.name))
        for v in villages
    ]


@require_http_methods(["GET", "POST"])
@login_required
def household_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EDIT_HOUSEHOLDS)
    villages = _village_choices(user)
    initial = {"village": villages[0][0]} if len(villages) == 1 else {}
    form = HouseholdForm(posted(request), villages=villages, with_number=True, initial=initial)
    head = PersonForm(posted(request), prefix="head", head_only=True)
    household = submit(
        request,
        [form, head],
        lambda: services.household_create(
            by=user,
            data=form.household_input(),
            members=[head.person_input(relationship=codes.Relationship.HEAD)],
        ),
        success=lambda h: f"已新增农户 {h.number}，可继续添加其他家庭成员。",
    )
    if household is not None:
        return redirect("registry:detail", household_id=household.pk)
    context = {
        "form": form,
        "head": head,
        "sections": form.sections(HOUSEHOLD_SECTIONS),
        "head_sections": head.sections(PERSON_SECTIONS),
        "creating": True,
    }
    return render(request, "registry/household_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def household_edit(request: HttpRequest, household_id: Any) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EDIT_HOUSEHOLDS)
    household = selectors.access_household_by_id(user, household_id)
    initial = {f: getattr(household, f) for f in services.HOUSEHOLD_FIELDS if f != "village"}
    initial |= {"village": household.village_id, "version": household.version}
    form = HouseholdEditForm(posted(request), villages=_village_choices(user), initial=initial)
    saved = submit(
        request,
        form,
        lambda: services.household_update(
            by=user, household=household, data=form.household_input(), expected_version=form.cleaned_data["version"]
        ),
        success=f"已保存农户 {household.number} 的修改。",
    )
    if saved is not None:
        return redirect("registry:detail", household_id=household.pk)
    context = {"form": form, "household": household, "sections": form.sections(HOUSEHOLD_SECTIONS), "creating": False}
    return render(request, "registry/household_form.html", context)


# ---- members ------------------------------------------------------------------------------------


def _member_page(request: HttpRequest, form: PersonForm, household: Household, person: Person | None) -> HttpResponse:
    return render(
        request,
        "registry/member_form.html",
        {"form": form, "household": household, "person": person, "sections": form.sections(PERSON_SECTIONS)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def member_add(request: HttpRequest, household_id: Any) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EDIT_HOUSEHOLDS)
    household = selectors.access_household_by_id(user, household_id)
    form = PersonForm(posted(request))
    person = submit(
        request,
        form,
        lambda: services.person_add(by=user, household=household, data=form.person_input()),
        success=lambda p: f"已添加家庭成员 {p.name}。",
    )
    if person is not None:
        return redirect("registry:detail", household_id=household.pk)
    return _member_page(request, form, household, None)


@require_http_methods(["GET", "POST"])
@login_required
def member_edit(request: HttpRequest, person_id: Any) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EDIT_HOUSEHOLDS)
    person = selectors.access_person_by_id(user, person_id)
    initial = {name: getattr(person, name) for name in PersonForm(editing=True).fields if name != "id_number"}
    form = PersonForm(posted(request), editing=True, initial=initial)
    saved = submit(
        request,
        form,
        lambda: services.person_update(by=user, person=person, data=form.person_input()),
        success=lambda p: f"已保存 {p.name} 的修改。",
    )
    if saved is not None:
        return redirect("registry:detail", household_id=person.household_id)
    return _member_page(request, form, person.household, person)


@require_http_methods(["GET", "POST"])
@login_required
def member_remove(request: HttpRequest, person_id: Any) -> HttpResponse:
    user = actor(request)
    require(user, Capability.EDIT_HOUSEHOLDS)
    person = selectors.access_person_by_id(user, person_id)
    form = PersonRemoveForm(posted(request))
    removed = submit(
        request,
        form,
        lambda: services.person_remove(by=user, person=person, reason=form.cleaned_data["reason"]),
        success=f"已移除家庭成员 {person.name}。",
    )
    if removed is not None:
        return redirect("registry:detail", household_id=person.household_id)
    context = {"form": form, "person": person, "household": person.household}
    return render(request, "registry/member_remove.html", context)
