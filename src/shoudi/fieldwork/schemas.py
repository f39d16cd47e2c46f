"""The forms document (``GET /api/v1/field/forms``): the fields of the web forms as data
(``core.form_schema``), so the app shows the same fields with the same limits and the server binds what it
uploads to the very same form classes.

Member fields are named by their suffix only (income: ``_place``…; facts: ``school_stage``…); the app names them
per member (``p<member id hex>_place``, ``p<member id hex>_school_stage``). An income item field ``X`` carries
``"months": true``: the app adds ``X_m1`` … ``X_m12`` under 按月填写.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from typing import Any

from django import forms

from shoudi.assistance.forms import VisitForm
from shoudi.core.access import Capability, can
from shoudi.core.form_schema import field_schema as core_field_schema
from shoudi.fieldwork.forms import FactsForm, FieldLeadForm, blank_sheet_form, member_prefix
from shoudi.income.forms import SECTIONS
from shoudi.registry.models import Person

HOTLINE = "12317"
STUB_MEMBER = member_prefix(uuid.UUID(int=0))  # the stand-in member of the blank forms: p000…0_


def field_schema(name: str, field: forms.Field) -> dict[str, Any]:
    """``core.form_schema.field_schema``, with a money field said to be "decimal" (a Django DecimalField is an
    IntegerField too)."""
    spec = core_field_schema(name, field)
    if isinstance(field, forms.DecimalField):
        spec["kind"] = "decimal"
    return spec


def form_schema(form: forms.BaseForm) -> list[dict[str, Any]]:
    return [field_schema(name, field) for name, field in form.fields.items()]


def _income(year: int) -> dict[str, Any]:
    form = blank_sheet_form(year)
    stub = STUB_MEMBER[:-1]  # the income form names a member's fields p<hex>_place (one underscore)
    member = [
        {**field_schema(name, field), "name": name[len(stub) :]}
        for name, field in form.fields.items()
        if name.startswith(stub)
    ]
    sections = [
        {
            "legend": legend,
            "fields": [{**field_schema(item, form.fields[item]), "months": True} for item in items],
        }
        for legend, _flow, items in SECTIONS
    ]
    version = field_schema("version", form.fields["version"])
    return {"year": year, "member": member, "sections": sections, "hidden": [version]}


def _facts() -> dict[str, Any]:
    stub = Person(id=uuid.UUID(int=0))
    form = FactsForm(members=[stub])
    household = [field_schema(n, f) for n, f in form.fields.items() if not n.startswith(STUB_MEMBER)]
    member = [
        {**field_schema(n, f), "name": n[len(STUB_MEMBER) :]}
        for n, f in form.fields.items()
        if n.startswith(STUB_MEMBER)
    ]
    return {"household": household, "member": member}


@functools.lru_cache(maxsize=16)
def _document(can_edit_household: bool, year: int) -> str:
    body: dict[str, Any] = {
        "visit": form_schema(VisitForm(can_edit_household=can_edit_household)),
        "lead": form_schema(FieldLeadForm()),
        "facts": _facts(),
        "income": _income(year),
        "hotline": HOTLINE,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    body["version"] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"))


def forms_document(user: Any, year: int) -> dict[str, Any]:
    """The forms as the user sees them (the visit form carries the registry fields only for a role that may
    edit households)."""
    return json.loads(_document(can(user, Capability.EDIT_HOUSEHOLDS), year))


def forms_version(user: Any, year: int) -> str:
    return str(forms_document(user, year)["version"])
